package io.antbot.bus;

import io.vertx.core.json.JsonObject;

/**
 * One validation finding about the configuration: an error (the configuration is refused) or a
 * warning.
 *
 * @param path the dotted path concerned, with list indexes ({@code bots[0].class}); empty for the
 *     whole file
 * @param rule the rule broken: {@code type}, {@code required}, {@code min}, {@code max}, {@code
 *     enum}, {@code pattern}, {@code format} (a value the key's format refuses, such as a regular
 *     expression that needs backtracking), {@code unknown} (an unknown key), {@code syntax}
 *     (malformed YAML) or {@code override} (a runtime override of a key that only the start-up
 *     layers may set)
 * @param message the one-line text, starting with the path: {@code trading.max_position_size:
 *     expected a number, got "abc"}
 * @param location {@code file:line} of the layer that set the value, or {@code null} when unknown
 */
public record ConfigProblem(String path, String rule, String message, String location) {

  public static final String TYPE = "type";
  public static final String REQUIRED = "required";
  public static final String MIN = "min";
  public static final String MAX = "max";
  public static final String ENUM = "enum";
  public static final String PATTERN = "pattern";
  public static final String FORMAT = "format";
  public static final String UNKNOWN = "unknown";
  public static final String SYNTAX = "syntax";
  public static final String OVERRIDE = "override";

  /** The same problem, located. */
  public ConfigProblem at(String where) {
    return new ConfigProblem(path, rule, message, where);
  }

  /** {@code location: message}, or the message alone when the location is unknown. */
  public String line() {
    return location == null ? message : location + ": " + message;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("path", path).put("rule", rule).put("message", message);
    if (location != null) {
      json.put("location", location);
    }
    return json;
  }

  public static ConfigProblem fromJson(JsonObject json) {
    return new ConfigProblem(
        JsonFields.optionalString(json, "path", ""),
        JsonFields.requireString(json, "rule"),
        JsonFields.requireString(json, "message"),
        JsonFields.optionalString(json, "location", null));
  }

  @Override
  public String toString() {
    return line();
  }
}
