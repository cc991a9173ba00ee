package io.antbot.bus;

import io.vertx.core.json.JsonObject;

/**
 * The reply of {@code antbot.config.feature}: whether a flag is on for a context, and why.
 *
 * @param flag the flag name
 * @param enabled whether it is on
 * @param reason a stable code: {@code kill_switch}, {@code disabled}, {@code environment}, {@code
 *     outside_window}, {@code allow_list}, {@code rollout}, {@code no_context_key} or {@code
 *     enabled}
 * @param detail the same reason in words, with the figures (bucket, percentage, window)
 */
public record FeatureDecision(String flag, boolean enabled, String reason, String detail) {

  public static final String KILL_SWITCH = "kill_switch";
  public static final String DISABLED = "disabled";
  public static final String ENVIRONMENT = "environment";
  public static final String OUTSIDE_WINDOW = "outside_window";
  public static final String ALLOW_LIST = "allow_list";
  public static final String ROLLOUT = "rollout";
  public static final String NO_CONTEXT_KEY = "no_context_key";
  public static final String ENABLED = "enabled";

  public JsonObject toJson() {
    return new JsonObject()
        .put("flag", flag)
        .put("enabled", enabled)
        .put("reason", reason)
        .put("detail", detail);
  }

  public static FeatureDecision fromJson(JsonObject json) {
    return new FeatureDecision(
        JsonFields.requireString(json, "flag"),
        JsonFields.optionalBoolean(json, "enabled", false),
        JsonFields.requireString(json, "reason"),
        JsonFields.optionalString(json, "detail", ""));
  }
}
