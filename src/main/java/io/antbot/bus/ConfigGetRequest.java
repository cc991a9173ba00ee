package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.config.get}: {@code {key, default?}}.
 *
 * @param key a dotted path such as {@code trading.max_position_size}
 * @param defaultValue returned when the key is absent; {@code null} when none was given (then
 *     absence is a 404)
 * @param hasDefault whether the request carried a {@code default} field at all (it may be JSON
 *     null)
 */
public record ConfigGetRequest(String key, Object defaultValue, boolean hasDefault) {

  private static final Set<String> FIELDS = Set.of("key", "default");

  public static ConfigGetRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    String key = ConfigKeys.requireKey(json, "key");
    return new ConfigGetRequest(
        key,
        JsonFields.requireStorable("default", json.getValue("default")),
        json.containsKey("default"));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("key", key);
    if (hasDefault) {
      json.put("default", defaultValue);
    }
    return json;
  }
}
