package io.antbot.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code antbot.security.scan}: either one value, {@code {input}}, or a request description, {@code
 * {method?, path?, query?, headers?, body?, content_type?}}.
 *
 * <p>{@code query} is a raw query string ({@code "a=1&b=%27x"}) or a map of names to a value or a
 * list of values; {@code headers} maps names to a value or a list of values; {@code body} is text,
 * or a JSON object or array (then {@code content_type} defaults to {@code application/json}).
 *
 * @param input the lone value, or {@code null} for a request description
 * @param query the query string, encoded
 * @param headers header values by name
 * @param body the body as text
 * @param contentType the body's media type
 */
public record SecurityScanRequest(
    String input,
    String method,
    String path,
    String query,
    Map<String, List<String>> headers,
    String body,
    String contentType) {

  /** The longest input or body a scan reads. */
  public static final int MAX_SCANNED_CHARS = 1024 * 1024;

  /** The most header or query values a scan reads. */
  public static final int MAX_VALUES = 512;

  /** The longest header or query name or value a scan reads. */
  public static final int MAX_VALUE_CHARS = 64 * 1024;

  private static final Set<String> FIELDS =
      Set.of("input", "method", "path", "query", "headers", "body", "content_type");
  private static final Set<String> REQUEST_FIELDS =
      Set.of("method", "path", "query", "headers", "body", "content_type");

  public SecurityScanRequest {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** Whether this is a lone value rather than a request. */
  public boolean isValue() {
    return input != null;
  }

  public static SecurityScanRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    if (json.containsKey("input")) {
      for (String field : REQUEST_FIELDS) {
        if (json.containsKey(field)) {
          throw BusException.badRequest(
              field + ": not allowed with input (send either {input} or a request)");
        }
      }
      Object input = json.getValue("input");
      if (!(input instanceof String text)) {
        throw JsonFields.wrongType("input", "a string", input);
      }
      tooLarge("input", text);
      return new SecurityScanRequest(text, null, null, null, Map.of(), null, null);
    }
    if (json.isEmpty()) {
      throw BusException.badRequest(
          "input: required (or a request: method, path, query, headers, body)");
    }
    String method = JsonFields.optionalString(json, "method", "GET");
    String path = JsonFields.optionalString(json, "path", "/");
    String query = query(json);
    Map<String, List<String>> headers =
        headers(JsonFields.optionalMultiMap(json, "headers", MAX_VALUES, MAX_VALUE_CHARS));
    String contentType = JsonFields.optionalString(json, "content_type", null);
    Object rawBody = json.getValue("body");
    String body;
    if (rawBody == null || rawBody instanceof String) {
      body = (String) rawBody;
    } else if (rawBody instanceof JsonObject || rawBody instanceof JsonArray) {
      body =
          rawBody instanceof JsonObject object ? object.encode() : ((JsonArray) rawBody).encode();
      contentType = contentType == null ? "application/json" : contentType;
    } else {
      throw JsonFields.wrongType("body", "a string, an object or an array", rawBody);
    }
    if (body != null) {
      tooLarge("body", body);
    }
    if (contentType == null && headers.containsKey("content-type")) {
      contentType = headers.get("content-type").get(0);
    }
    return new SecurityScanRequest(null, method, path, query, headers, body, contentType);
  }

  /**
   * A scan costs time in proportion to what it reads: refuse more than the largest HTTP body the
   * edge accepts.
   */
  private static void tooLarge(String field, String text) {
    if (text.length() > MAX_SCANNED_CHARS) {
      throw new BusException(
          FailureCode.TOO_LARGE,
          field + ": at most " + MAX_SCANNED_CHARS + " characters, got " + text.length());
    }
  }

  private static String query(JsonObject json) {
    if (json.getValue("query") instanceof String text) {
      JsonFields.optionalString(json, "query", null, MAX_SCANNED_CHARS);
      return text.startsWith("?") ? text.substring(1) : text;
    }
    if (json.containsKey("query") && !(json.getValue("query") instanceof JsonObject)) {
      throw JsonFields.wrongType("query", "a string or an object", json.getValue("query"));
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<String>> entry :
        JsonFields.optionalMultiMap(json, "query", MAX_VALUES, MAX_VALUE_CHARS).entrySet()) {
      for (String item : entry.getValue()) {
        if (out.length() > 0) {
          out.append('&');
        }
        out.append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(item, StandardCharsets.UTF_8));
      }
    }
    return out.toString();
  }

  private static Map<String, List<String>> headers(Map<String, List<String>> given) {
    Map<String, List<String>> lowered = new LinkedHashMap<>();
    given.forEach(
        (name, values) ->
            lowered
                .computeIfAbsent(name.toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
                .addAll(values));
    return lowered;
  }

  public JsonObject toJson() {
    if (input != null) {
      return new JsonObject().put("input", input);
    }
    JsonObject headersJson = new JsonObject();
    headers.forEach((name, values) -> headersJson.put(name, new JsonArray(values)));
    JsonObject json =
        new JsonObject()
            .put("method", method)
            .put("path", path)
            .put("query", query)
            .put("headers", headersJson);
    if (body != null) {
      json.put("body", body);
    }
    if (contentType != null) {
      json.put("content_type", contentType);
    }
    return json;
  }
}
