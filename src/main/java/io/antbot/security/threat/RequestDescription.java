package io.antbot.security.threat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the threat scanner looks at in an HTTP request.
 *
 * @param method      the HTTP method (not scanned; kept for events)
 * @param path        the raw request path, still percent-encoded
 * @param query       the raw query string without {@code ?}, still encoded; empty when none
 * @param headers     header values by lower-case name
 * @param body        the body as text; empty when none
 * @param contentType the body's media type ({@code application/json} and form bodies are split into values)
 */
public record RequestDescription(String method, String path, String query, Map<String, List<String>> headers,
    String body, String contentType) {

  public RequestDescription {
    method = method == null ? "" : method;
    path = path == null ? "" : path;
    query = query == null ? "" : query;
    body = body == null ? "" : body;
    contentType = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    if (headers != null) {
      headers.forEach((name, values) -> copy.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values),
          (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
    }
    headers = java.util.Collections.unmodifiableMap(copy);
  }
}
