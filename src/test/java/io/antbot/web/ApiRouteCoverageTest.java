package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keeps the route tables of the {@code Api*RoutesTest} classes complete: every route of {@link
 * ApiRoutes} has a success row with the route's status, a 401 row without a token and a 403 row
 * with a wrong role (unless the route is public), and a 400 row, except the routes listed here that
 * take no input at all.
 */
class ApiRouteCoverageTest {

  /** Routes without a body or a parameter: nothing to send them that could be a 400. */
  private static final Set<String> NO_INPUT =
      Set.of(
          "GET /config",
          "GET /config/schema",
          "GET /features",
          "GET /users",
          "GET /system",
          "GET /cluster",
          "GET /bots",
          "GET /alerts",
          "GET /alerts/rules",
          "GET /health",
          "POST /security/audit/verify");

  @Test
  @DisplayName(
      "every route of the API has a success, a 401, a 403 and a 400 row in the route tables")
  void everyRouteCovered() {
    List<RouteCase> rows =
        Stream.of(
                ApiAuthUsersRoutesTest.routes(),
                ApiConfigRoutesTest.routes(),
                ApiLogsRoutesTest.routes(),
                ApiMetricsRoutesTest.routes(),
                ApiSecurityRoutesTest.routes())
            .flatMap(s -> s)
            .toList();
    List<String> missing = new ArrayList<>();
    for (ApiRoutes.Route route : ApiRoutes.all()) {
      String name = route.method() + " " + route.path();
      List<RouteCase> mine = rows.stream().filter(row -> name.equals(served(row))).toList();
      if (mine.stream().noneMatch(row -> row.status() == route.status())) {
        missing.add(name + ": no " + route.status() + " row");
      }
      if (route.action() != null) {
        if (mine.stream().noneMatch(row -> row.status() == 401 && row.role() == null)) {
          missing.add(name + ": no 401 row");
        }
        if (mine.stream().noneMatch(row -> row.status() == 403 && row.role() != null)) {
          missing.add(name + ": no 403 row");
        }
      }
      if (!NO_INPUT.contains(name) && mine.stream().noneMatch(row -> row.status() == 400)) {
        missing.add(name + ": no 400 row");
      }
    }
    assertThat(missing).isEmpty();
  }

  /**
   * The route that vertx-web picks for a row ({@code METHOD path}): the first in table order that
   * matches.
   */
  private static String served(RouteCase row) {
    String path =
        row.path().contains("?") ? row.path().substring(0, row.path().indexOf('?')) : row.path();
    for (ApiRoutes.Route route : ApiRoutes.all()) {
      if (route.method().equals(row.method())
          && path.matches(route.path().replaceAll(":[a-z_]+", "[^/]+"))) {
        return route.method() + " " + route.path();
      }
    }
    throw new AssertionError("no route serves " + row.method() + " " + path);
  }
}
