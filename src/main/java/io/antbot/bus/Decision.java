package io.antbot.bus;

import io.vertx.core.json.JsonObject;

/** Reply of authorize: {@code {allowed, reason}}. */
public record Decision(boolean allowed, String reason) {
  public static Decision fromJson(JsonObject json) {
    return new Decision(
        json.getBoolean("allowed", false), JsonFields.optionalString(json, "reason", ""));
  }

  public JsonObject toJson() {
    return new JsonObject().put("allowed", allowed).put("reason", reason);
  }
}
