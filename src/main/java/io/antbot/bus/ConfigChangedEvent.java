package io.antbot.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code antbot.config.changed}: published after every real change of the effective configuration.
 *
 * @param version the new configuration version (versions only grow)
 * @param source what caused it: {@code file}, {@code env}, {@code runtime}, {@code revert} or
 *     {@code cluster}
 * @param changes the leaf-level changes, secrets masked
 * @param at ISO-8601 instant of the change
 * @param actor who made a runtime change or revert; {@code null} for files
 * @param reason the reason given with a runtime change or revert; may be {@code null}
 * @param restartRequired the changed keys whose new value only takes effect after a restart (schema
 *     {@code live: false})
 */
public record ConfigChangedEvent(
    long version,
    String source,
    List<ConfigChange> changes,
    String at,
    String actor,
    String reason,
    List<String> restartRequired) {

  public static final String SOURCE_FILE = "file";
  public static final String SOURCE_ENV = "env";
  public static final String SOURCE_RUNTIME = "runtime";
  public static final String SOURCE_REVERT = "revert";

  /**
   * A version this node took from the cluster (made on another core node); published on this node
   * only, for its services that missed the other node's broadcast.
   */
  public static final String SOURCE_CLUSTER = "cluster";

  public ConfigChangedEvent {
    changes = List.copyOf(changes);
    restartRequired = List.copyOf(restartRequired);
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    changes.forEach(change -> list.add(change.toJson()));
    JsonObject json =
        new JsonObject()
            .put("version", version)
            .put("source", source)
            .put("changes", list)
            .put("at", at);
    if (actor != null) {
      json.put("actor", actor);
    }
    if (reason != null) {
      json.put("reason", reason);
    }
    return json.put("restart_required", new JsonArray(new ArrayList<>(restartRequired)));
  }

  public static ConfigChangedEvent fromJson(JsonObject json) {
    List<ConfigChange> changes = new ArrayList<>();
    JsonArray list = JsonFields.optionalArray(json, "changes");
    if (list != null) {
      for (int i = 0; i < list.size(); i++) {
        if (!(list.getValue(i) instanceof JsonObject change)) {
          throw BusException.badRequest(
              "changes["
                  + i
                  + "]: expected an object, got "
                  + JsonFields.describe(list.getValue(i)));
        }
        changes.add(ConfigChange.fromJson(change));
      }
    }
    List<String> restart = new ArrayList<>();
    JsonArray keys = JsonFields.optionalArray(json, "restart_required");
    if (keys != null) {
      keys.forEach(key -> restart.add(String.valueOf(key)));
    }
    return new ConfigChangedEvent(
        JsonFields.requireLong(json, "version"),
        JsonFields.requireString(json, "source"),
        changes,
        JsonFields.optionalString(json, "at", null),
        JsonFields.optionalString(json, "actor", null),
        JsonFields.optionalString(json, "reason", null),
        restart);
  }
}
