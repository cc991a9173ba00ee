package io.antbot.security.ratelimit;

import io.vertx.core.json.JsonObject;

/**
 * The outcome of one rate-limit check, with what a {@code 429} response (and a successful one)
 * needs.
 *
 * <p>Headers follow draft-ietf-httpapi-ratelimit-headers-11 (May 2026): {@code RateLimit-Policy}
 * announces the quota ({@code "login";q=5;w=60}), {@code RateLimit} the current state ({@code
 * "login";r=0;t=12}: remaining quota units and seconds until the quota is fully restored); {@code
 * Retry-After} (RFC 9110) the seconds to wait before a request can succeed.
 *
 * @param allowed the tokens were taken
 * @param policy the policy that decided
 * @param remaining tokens left after this check
 * @param retryAfterS seconds until {@code cost} tokens are available again; 0 when allowed
 * @param resetS seconds until the bucket is full again
 */
public record RateLimitDecision(
    boolean allowed, RateLimitPolicy policy, long remaining, long retryAfterS, long resetS) {

  /** {@code RateLimit-Policy} header value. */
  public String policyHeader() {
    return policy.headerItem();
  }

  /** {@code RateLimit} header value. */
  public String rateLimitHeader() {
    return policy.quotedName() + ";r=" + remaining + ";t=" + resetS;
  }

  /** {@code Retry-After} header value (delay-seconds), meaningful when not allowed. */
  public String retryAfterHeader() {
    return Long.toString(retryAfterS);
  }

  /** The reply of {@code antbot.security.ratelimit.check}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("allowed", allowed)
        .put("remaining", remaining)
        .put("retry_after_s", retryAfterS)
        .put("policy", policy.name())
        .put("limit", policy.refill())
        .put("window_s", policy.periodS())
        .put("reset_s", resetS);
  }
}
