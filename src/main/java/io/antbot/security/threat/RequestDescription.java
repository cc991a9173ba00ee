package io.antbot.security.threat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the threat scanner looks at in an HTTP request.
 *
 * @param method the HTTP method (not scanned; kept for events)
 * @param path the raw request path, still percent-encoded
 * @param query the raw query string without {@code ?}, still encoded; empty when none
 * @param headers header values by lower-case name
 * @param body the body as text; empty when none
 * @param contentType the body's media type ({@code application/json} and form bodies are split into
 *     values)
 */
public record RequestDescription(
    String method,
    String path,
    String query,
    Map<String, List<String>> headers,
    String body,
    String contentType) {

  public RequestDescription {
    method = method == null ? "" : method;
    path = path == null ? "" : path;
    query = query == null ? "" : query;
    body = body == null ? "" : body;
    contentType = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    headers = headers == null ? Map.of() : inFinalForm(headers) ? headers : normalised(headers);
  }

  /**
   * Whether {@code headers} are already as this record keeps them — an unmodifiable map (as {@link
   * Map#copyOf} makes) of lower-case names to unmodifiable lists — so that the HTTP edge, which
   * builds them so, is spared a second copy.
   */
  private static boolean inFinalForm(Map<String, List<String>> headers) {
    if (Map.copyOf(headers) != headers) {
      return false;
    }
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      String name = header.getKey();
      if (!name.toLowerCase(Locale.ROOT).equals(name)
          || List.copyOf(header.getValue()) != header.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, List<String>> normalised(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach(
        (name, values) ->
            copy.merge(
                name.toLowerCase(Locale.ROOT),
                List.copyOf(values),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
    return java.util.Collections.unmodifiableMap(copy);
  }
}
