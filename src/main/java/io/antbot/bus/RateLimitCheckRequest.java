package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.security.ratelimit.check}: {@code {key, policy?, cost?}} — take {@code cost} tokens
 * (default 1) from {@code key}'s bucket under {@code policy} (default: the configured {@code
 * default_policy}). Bots use it to throttle their own outbound calls, e.g. {@code {key:
 * "binance:acct-1", policy: "bot", cost: 20}} for a request that weighs 20 in the exchange's
 * limits.
 *
 * @param policy {@code null} for the default policy
 */
public record RateLimitCheckRequest(String key, String policy, long cost) {

  public static final int MAX_KEY_LENGTH = 256;
  private static final Set<String> FIELDS = Set.of("key", "policy", "cost");

  public static RateLimitCheckRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    String key = JsonFields.requireString(json, "key");
    if (key.length() > MAX_KEY_LENGTH) {
      throw BusException.badRequest(
          "key: at most " + MAX_KEY_LENGTH + " characters, got " + key.length());
    }
    String policy = JsonFields.optionalString(json, "policy", null);
    if (policy != null && policy.isBlank()) {
      throw BusException.badRequest("policy: must not be blank");
    }
    Long cost = JsonFields.optionalLong(json, "cost");
    if (cost != null && cost < 1) {
      throw BusException.badRequest("cost: expected an integer of at least 1, got " + cost);
    }
    return new RateLimitCheckRequest(key, policy, cost == null ? 1 : cost);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("key", key).put("cost", cost);
    if (policy != null) {
      json.put("policy", policy);
    }
    return json;
  }
}
