package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.config.validate}: {@code {yaml, file?}} → {@code {valid, errors, warnings}}, a dry
 * run that changes nothing.
 *
 * @param yaml the candidate YAML text, at most {@value #MAX_CHARS} characters
 * @param file {@code null} to validate {@code yaml} as an overlay above the current configuration
 *     (like a runtime change); or the name of a configuration file ({@code application.yaml},
 *     {@code <env>.yaml}) to validate the configuration as it would be if that file held {@code
 *     yaml}
 */
public record ConfigValidateRequest(String yaml, String file) {

  /**
   * Eight times the largest shipped configuration file: a document is parsed whole, so its size is
   * bounded first.
   */
  public static final int MAX_CHARS = 256 * 1024;

  private static final Set<String> FIELDS = Set.of("yaml", "file");

  public static ConfigValidateRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    Object yaml = json.getValue("yaml");
    if (yaml == null) {
      throw JsonFields.missing("yaml");
    }
    if (!(yaml instanceof String text)) {
      throw JsonFields.wrongType("yaml", "a string", yaml);
    }
    if (text.length() > MAX_CHARS) {
      throw new BusException(
          FailureCode.TOO_LARGE,
          "yaml: a document to validate has at most "
              + MAX_CHARS
              + " characters, got "
              + text.length());
    }
    String file = JsonFields.optionalString(json, "file", null);
    if (file != null && !file.matches("[a-z0-9_\\-]+\\.yaml")) {
      throw BusException.badRequest(
          "file: expected a file name like application.yaml, got " + JsonFields.describe(file));
    }
    return new ConfigValidateRequest(text, file);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("yaml", yaml);
    if (file != null) {
      json.put("file", file);
    }
    return json;
  }
}
