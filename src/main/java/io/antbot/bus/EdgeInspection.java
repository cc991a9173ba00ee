package io.antbot.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request as the edge gate's second step sees it, body read.
 *
 * @param clientIp    the client address from the first step
 * @param method      the HTTP method
 * @param path        the raw path, still percent-encoded
 * @param query       the raw query string, or {@code null}
 * @param headers     header values by lower-case name, without {@code Authorization} and {@code Cookie}
 * @param body        the body as text, or {@code null}
 * @param contentType the {@code Content-Type}, or {@code null}
 * @param token       the bearer token, or {@code null}
 * @param userAgent   the {@code User-Agent}, or {@code null}
 * @param action      the permission the route needs, or {@code null} for a public route
 * @param resource    what the action is on ({@code *} when nothing in particular)
 * @param tokenOnly   the route needs an authenticated caller but no permission
 */
public record EdgeInspection(String clientIp, String method, String path, String query,
                             Map<String, List<String>> headers, String body, String contentType, String token,
                             String userAgent, String action, String resource, boolean tokenOnly) {

  /** The bus form; the token is carried as is (the bus is local to the runtime's nodes). */
  public JsonObject toJson() {
    JsonObject headerJson = new JsonObject();
    headers.forEach((name, values) -> headerJson.put(name, values.size() == 1 ? values.get(0) : new JsonArray(values)));
    return new JsonObject().put("client_ip", clientIp).put("method", method).put("path", path).put("query", query)
      .put("headers", headerJson).put("body", body).put("content_type", contentType).put("token", token)
      .put("user_agent", userAgent).put("action", action).put("resource", resource).put("token_only", tokenOnly);
  }

  public static EdgeInspection fromJson(JsonObject json) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    JsonObject given = json.getJsonObject("headers", new JsonObject());
    for (String name : given.fieldNames()) {
      Object value = given.getValue(name);
      List<String> values = new ArrayList<>();
      if (value instanceof JsonArray array) {
        array.forEach(v -> values.add(String.valueOf(v)));
      } else if (value != null) {
        values.add(String.valueOf(value));
      }
      headers.put(name, values);
    }
    Object body = json.getValue("body");
    return new EdgeInspection(json.getString("client_ip"), json.getString("method"), json.getString("path"),
      json.getString("query"), headers, body == null ? null : body instanceof String s ? s : body.toString(),
      json.getString("content_type"), json.getString("token"), json.getString("user_agent"), json.getString("action"),
      json.getString("resource", "*"), json.getBoolean("token_only", false));
  }
}
