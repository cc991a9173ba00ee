package io.antbot.local;

import io.antbot.bus.BusException;
import io.antbot.bus.JsonFields;
import io.antbot.bus.SecurityFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A request as the edge gate's second step sees it, body read.
 *
 * @param clientIp the client address from the first step
 * @param method the HTTP method
 * @param path the raw path, still percent-encoded
 * @param query the raw query string, or {@code null}
 * @param headers header values by lower-case name, without {@code Authorization}
 * @param body the body as text, or {@code null}
 * @param contentType the {@code Content-Type}, or {@code null}
 * @param token the bearer token, or {@code null}
 * @param userAgent the {@code User-Agent}, or {@code null}
 * @param action the permission the route needs, or {@code null} for a public route
 * @param resource what the action is on ({@code *} when nothing in particular)
 * @param tokenOnly the route needs an authenticated caller but no permission
 */
public record EdgeInspection(
    String clientIp,
    String method,
    String path,
    String query,
    Map<String, List<String>> headers,
    String body,
    String contentType,
    String token,
    String userAgent,
    String action,
    String resource,
    boolean tokenOnly) {

  /** The bus form; the token is carried as is (the bus is local to the runtime's nodes). */
  public JsonObject toJson() {
    JsonObject headerJson = new JsonObject();
    headers.forEach(
        (name, values) ->
            headerJson.put(name, values.size() == 1 ? values.get(0) : new JsonArray(values)));
    return new JsonObject()
        .put("client_ip", clientIp)
        .put("method", method)
        .put("path", path)
        .put("query", query)
        .put("headers", headerJson)
        .put("body", body)
        .put("content_type", contentType)
        .put("token", token)
        .put("user_agent", userAgent)
        .put("action", action)
        .put("resource", resource)
        .put("token_only", tokenOnly);
  }

  private static final java.util.Set<String> FIELDS =
      java.util.Set.of(
          "client_ip",
          "method",
          "path",
          "query",
          "headers",
          "body",
          "content_type",
          "token",
          "user_agent",
          "action",
          "resource",
          "token_only");
  private static final java.util.regex.Pattern METHOD =
      java.util.regex.Pattern.compile("[A-Z]{1,16}");

  /**
   * The most header names and values one inspection carries (the HTTP server's own limits are
   * lower).
   */
  public static final int MAX_HEADERS = 512;

  /** The largest body an inspection carries: well above the HTTP body limit. */
  public static final int MAX_BODY_CHARS = 16 * 1024 * 1024;

  private static final int MAX_TEXT_CHARS = 64 * 1024;

  /**
   * The typed bus form: every field checked for its type and size, a {@code 400} naming the field
   * otherwise.
   */
  public static EdgeInspection fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    Map<String, List<String>> headers =
        JsonFields.optionalMultiMap(json, "headers", MAX_HEADERS, MAX_TEXT_CHARS);
    String method = JsonFields.requireString(json, "method");
    if (!METHOD.matcher(method).matches()) {
      throw BusException.badRequest(
          "method: expected an HTTP method in upper case, got " + JsonFields.describe(method));
    }
    return new EdgeInspection(
        JsonFields.optionalMatching(
            json, "client_ip", JsonFields.IP_LITERAL, "an IP address literal"),
        method,
        JsonFields.requireString(json, "path", MAX_TEXT_CHARS),
        JsonFields.optionalString(json, "query", null, MAX_TEXT_CHARS),
        headers,
        JsonFields.optionalString(json, "body", null, MAX_BODY_CHARS),
        JsonFields.optionalString(json, "content_type", null, MAX_TEXT_CHARS),
        JsonFields.optionalString(json, "token", null, SecurityFields.MAX_TOKEN_CHARS),
        JsonFields.optionalString(json, "user_agent", null, MAX_TEXT_CHARS),
        JsonFields.optionalString(json, "action", null, 256),
        JsonFields.optionalString(json, "resource", "*", MAX_TEXT_CHARS),
        JsonFields.optionalBoolean(json, "token_only", false));
  }
}
