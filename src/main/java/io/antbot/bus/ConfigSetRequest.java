package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.config.set}: {@code {key, value, reason?, actor?}} — a runtime override, applied
 * above every other source and kept across restarts.
 *
 * @param key a dotted key such as {@code trading.risk_tolerance}
 * @param value the new value, any JSON value but null (use {@code antbot.config.unset} to remove an
 *     override)
 * @param reason why, for the history; may be {@code null}
 * @param actor who, for the history; {@code "bus"} when not given
 */
public record ConfigSetRequest(String key, Object value, String reason, String actor) {

  private static final Set<String> FIELDS =
      Set.of(
          "key",
          "value",
          "reason",
          "actor",
          ConfigWriteGuard.DRY_RUN,
          ConfigWriteGuard.EXPECT_VERSION);

  public static ConfigSetRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    String key = ConfigKeys.requireKey(json, "key");
    if (json.getValue("value") == null) {
      throw BusException.badRequest(
          "value: required (to remove an override, send antbot.config.unset)");
    }
    return new ConfigSetRequest(
        key,
        JsonFields.requireStorable("value", json.getValue("value")),
        ConfigRequests.reason(json),
        ConfigRequests.actor(json));
  }

  public JsonObject toJson() {
    return ConfigRequests.withWho(
        new JsonObject().put("key", key).put("value", value), reason, actor);
  }
}
