package io.antbot.bus;

import io.vertx.core.json.JsonObject;

/** The {@code actor} and {@code reason} fields that every configuration write carries. */
final class ConfigRequests {

  static final String DEFAULT_ACTOR = "bus";
  static final int MAX_ACTOR = 128;
  static final int MAX_REASON = 500;

  private ConfigRequests() {}

  static String actor(JsonObject json) {
    String actor = JsonFields.optionalString(json, "actor", DEFAULT_ACTOR);
    if (actor.isBlank()
        || actor.length() > MAX_ACTOR
        || actor.chars().anyMatch(Character::isISOControl)) {
      throw BusException.badRequest(
          "actor: expected 1 to "
              + MAX_ACTOR
              + " printable characters, got "
              + JsonFields.describe(actor));
    }
    return actor;
  }

  static String reason(JsonObject json) {
    String reason = JsonFields.optionalString(json, "reason", null);
    if (reason != null
        && (reason.length() > MAX_REASON || reason.chars().anyMatch(c -> c == '\n' || c == '\r'))) {
      throw BusException.badRequest(
          "reason: expected one line of at most " + MAX_REASON + " characters");
    }
    return reason;
  }

  static JsonObject withWho(JsonObject json, String reason, String actor) {
    if (reason != null) {
      json.put("reason", reason);
    }
    if (actor != null) {
      json.put("actor", actor);
    }
    return json;
  }
}
