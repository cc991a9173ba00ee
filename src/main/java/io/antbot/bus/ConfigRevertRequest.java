package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.config.revert}: {@code {version, reason?, actor?}} — restores the runtime overrides
 * that were in force at {@code version} (a version still kept in the history).
 */
public record ConfigRevertRequest(long version, String reason, String actor) {

  private static final Set<String> FIELDS =
      Set.of(
          "version", "reason", "actor", ConfigWriteGuard.DRY_RUN, ConfigWriteGuard.EXPECT_VERSION);

  public static ConfigRevertRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    long version = JsonFields.requireLong(json, "version");
    if (version < 1) {
      throw BusException.badRequest("version: must be at least 1, got " + version);
    }
    return new ConfigRevertRequest(
        version, ConfigRequests.reason(json), ConfigRequests.actor(json));
  }

  public JsonObject toJson() {
    return ConfigRequests.withWho(new JsonObject().put("version", version), reason, actor);
  }
}
