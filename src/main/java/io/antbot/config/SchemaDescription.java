package io.antbot.config;

import io.antbot.settings.ConfigSchema;
import io.antbot.settings.SchemaRule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The schema as data for editors ({@code antbot.config.schema}): what each key may hold, whether a
 * change applies live, whether a runtime override may change it at all, and whether it is a secret.
 * A secret's documented default is left out, like its value everywhere else.
 */
final class SchemaDescription {

  private SchemaDescription() {}

  static JsonObject of(ConfigSchema schema) {
    JsonArray rules = new JsonArray();
    for (SchemaRule rule : schema.rules()) {
      rules.add(rule(rule));
    }
    return new JsonObject().put("rules", rules);
  }

  private static JsonObject rule(SchemaRule rule) {
    JsonObject json =
        new JsonObject()
            .put("path", rule.path())
            .put("type", rule.type() == null ? null : rule.type().schemaName())
            .put("live", rule.live())
            .put("override", rule.override());
    boolean secret = Boolean.TRUE.equals(rule.secret());
    if (secret) {
      json.put("secret", true);
    }
    if (rule.required()) {
      json.put("required", true);
    }
    if (rule.min() != null) {
      json.put("min", rule.min());
    }
    if (rule.max() != null) {
      json.put("max", rule.max());
    }
    if (rule.allowed() != null) {
      json.put("enum", new JsonArray(rule.allowed()));
    }
    if (rule.pattern() != null) {
      json.put("pattern", rule.pattern().pattern());
    }
    if (rule.defaultValue() != null && !secret) {
      json.put("default", rule.defaultValue());
    }
    if (rule.description() != null) {
      json.put("description", rule.description());
    }
    return json;
  }
}
