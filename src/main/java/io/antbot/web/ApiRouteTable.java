package io.antbot.web;

import io.antbot.vertx.VertxInternals;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes of {@link ApiRoutes} found by a lookup instead of one by one.
 *
 * <p>Written here rather than left to vertx-web because vertx-web tries a request against every
 * route in registration order, each with its own method and path test and a regular expression for
 * a path with parameters: a request for a route far down the API's list (the configuration reads
 * sit behind a dozen others) paid for all the routes before it on every call. Here a path without
 * parameters is one hash lookup and a path with parameters is compared segment by segment with the
 * few templates of its length. The answer is the one vertx-web gives: the first route, in {@link
 * ApiRoutes#all()}'s order, that takes the method and whose path matches; one trailing slash is
 * ignored; a parameter is one non-empty segment, percent-decoded as vertx-web decodes it ({@code +}
 * stays a plus). Paths are compared after vertx-web's normalisation ({@code ctx.normalizedPath()}).
 */
final class ApiRouteTable {

  /** A route found for a request, with its path parameters decoded (names and values in order). */
  record Match(ApiRoutes.Route route, String[] names, String[] values) {}

  /** A path with parameters: its segments, {@code null} where a parameter sits. */
  private record Template(int index, String[] literals, String[] names) {}

  private final List<ApiRoutes.Route> routes;

  /** Route indices by path, for the paths without parameters, in registration order. */
  private final Map<String, int[]> exact = new HashMap<>();

  /** Templates by number of segments, in registration order. */
  private final Map<Integer, List<Template>> templates = new HashMap<>();

  private static final String[] NONE = new String[0];

  ApiRouteTable(List<ApiRoutes.Route> routes) {
    this.routes = List.copyOf(routes);
    for (int i = 0; i < this.routes.size(); i++) {
      String path = this.routes.get(i).path();
      if (!path.startsWith("/") || path.length() > 1 && path.endsWith("/")) {
        throw new IllegalArgumentException("route path " + path + ": expected /a/b, no end slash");
      }
      String[] segments = path.substring(1).split("/", -1);
      List<String> names = new ArrayList<>();
      String[] literals = new String[segments.length];
      for (int s = 0; s < segments.length; s++) {
        if (segments[s].startsWith(":")) {
          names.add(segments[s].substring(1));
        } else {
          literals[s] = segments[s];
        }
      }
      if (names.isEmpty()) {
        int[] before = exact.getOrDefault(path, new int[0]);
        int[] now = java.util.Arrays.copyOf(before, before.length + 1);
        now[before.length] = i;
        exact.put(path, now);
      } else {
        templates
            .computeIfAbsent(segments.length, n -> new ArrayList<>())
            .add(new Template(i, literals, names.toArray(String[]::new)));
      }
    }
  }

  /**
   * The route for {@code method} on {@code path} (below the API's prefix, starting with a slash),
   * or {@code null} when none takes it.
   *
   * @throws IllegalArgumentException when a parameter's percent-encoding is broken
   */
  Match find(HttpMethod method, String path) {
    if (path.length() > 1 && path.charAt(path.length() - 1) == '/') {
      path = path.substring(0, path.length() - 1);
    }
    int best = Integer.MAX_VALUE;
    int[] candidates = exact.get(path);
    if (candidates != null) {
      for (int i : candidates) {
        if (routes.get(i).method().equals(method)) {
          best = i;
          break;
        }
      }
    }
    Template template = null;
    int[] slashes = null;
    int count = count(path);
    List<Template> sameLength = templates.get(count);
    if (sameLength != null) {
      slashes = slashes(path, count);
      for (Template t : sameLength) {
        if (t.index() > best) {
          break;
        }
        if (routes.get(t.index()).method().equals(method) && fits(t, path, slashes)) {
          template = t;
          break;
        }
      }
    }
    if (template == null) {
      return best == Integer.MAX_VALUE ? null : new Match(routes.get(best), NONE, NONE);
    }
    String[] values = new String[template.names().length];
    int v = 0;
    for (int s = 0; s < count; s++) {
      if (template.literals()[s] == null) {
        values[v++] =
            VertxInternals.decodePathSegment(path.substring(slashes[s] + 1, end(path, slashes, s)));
      }
    }
    return new Match(routes.get(template.index()), template.names(), values);
  }

  /**
   * Where the {@code count} slashes of {@code path} are: segment {@code s} runs from after {@code
   * slashes[s]} to {@link #end}. Read in place rather than split: {@code String.split} made a list,
   * an array and a string per segment on every request.
   */
  private static int[] slashes(String path, int count) {
    int[] slashes = new int[count];
    int n = 0;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        slashes[n++] = i;
      }
    }
    return slashes;
  }

  /** Where segment {@code s} of {@code path} ends (exclusive). */
  private static int end(String path, int[] slashes, int s) {
    return s + 1 < slashes.length ? slashes[s + 1] : path.length();
  }

  /** The number of segments of {@code path} (its slashes; it starts with one). */
  private static int count(String path) {
    int n = 0;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        n++;
      }
    }
    return n;
  }

  private static boolean fits(Template template, String path, int[] slashes) {
    String[] literals = template.literals();
    for (int s = 0; s < slashes.length; s++) {
      int start = slashes[s] + 1;
      int length = end(path, slashes, s) - start;
      String literal = literals[s];
      if (literal == null
          ? length == 0
          : literal.length() != length || !path.regionMatches(start, literal, 0, length)) {
        return false;
      }
    }
    return true;
  }
}
