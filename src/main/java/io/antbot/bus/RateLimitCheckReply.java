package io.antbot.bus;

import io.vertx.core.json.JsonObject;

/**
 * Reply of {@code antbot.security.ratelimit.check}: {@code {allowed, remaining, retry_after_s,
 * policy, limit, window_s, reset_s}}. A refusal is a normal reply with {@code allowed: false} (not
 * a failure), so the caller can wait {@code retry_after_s} seconds.
 */
public record RateLimitCheckReply(
    boolean allowed,
    long remaining,
    long retryAfterS,
    String policy,
    long limit,
    long windowS,
    long resetS) {

  public static RateLimitCheckReply fromJson(JsonObject json) {
    return new RateLimitCheckReply(
        json.getBoolean("allowed", false),
        json.getLong("remaining", 0L),
        json.getLong("retry_after_s", 0L),
        json.getString("policy"),
        json.getLong("limit", 0L),
        json.getLong("window_s", 0L),
        json.getLong("reset_s", 0L));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("allowed", allowed)
        .put("remaining", remaining)
        .put("retry_after_s", retryAfterS)
        .put("policy", policy)
        .put("limit", limit)
        .put("window_s", windowS)
        .put("reset_s", resetS);
  }
}
