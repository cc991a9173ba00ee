package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.config.unset}: {@code {key, reason?, actor?}} — removes the runtime override at
 * {@code key} (and any below it), so the value from the files, environment or system properties
 * applies again.
 */
public record ConfigUnsetRequest(String key, String reason, String actor) {

  private static final Set<String> FIELDS =
      Set.of("key", "reason", "actor", ConfigWriteGuard.DRY_RUN, ConfigWriteGuard.EXPECT_VERSION);

  public static ConfigUnsetRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    return new ConfigUnsetRequest(
        ConfigKeys.requireKey(json, "key"),
        ConfigRequests.reason(json),
        ConfigRequests.actor(json));
  }

  public JsonObject toJson() {
    return ConfigRequests.withWho(new JsonObject().put("key", key), reason, actor);
  }
}
