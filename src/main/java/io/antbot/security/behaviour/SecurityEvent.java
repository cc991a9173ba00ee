package io.antbot.security.behaviour;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Something security-relevant that happened, ready to publish on {@code antbot.security.events} and
 * to write to the audit log: {@code {type, severity, subject, details, at}}.
 *
 * @param type what happened, e.g. {@code login_lockout}, {@code credential_stuffing}
 * @param severity how bad
 * @param subject who or what it is about: {@code user:alice}, {@code ip:203.0.113.7}, {@code
 *     token:<jti>}
 * @param details facts for the reader (never passwords or tokens)
 * @param at when it was observed
 */
public record SecurityEvent(
    String type, Severity severity, String subject, JsonObject details, Instant at) {

  public static final String LOGIN_LOCKOUT = "login_lockout";
  public static final String LOGIN_LOCKOUT_EXPIRED = "login_lockout_expired";
  public static final String CREDENTIAL_STUFFING = "credential_stuffing";
  public static final String TOKEN_NEW_IP = "token_new_ip";
  public static final String TOKEN_NEW_USER_AGENT = "token_new_user_agent";
  public static final String REQUEST_SPIKE = "request_spike";

  /**
   * For the edge: a request whose threat score reached the threshold (details: the scan result's
   * rules).
   */
  public static final String THREAT_DETECTED = "threat_detected";

  /** For the edge: a request refused by the IP lists (details: reason, matched range). */
  public static final String IP_DENIED = "ip_denied";

  /** For the edge: a request refused by a rate limit (details: policy, retry_after_s). */
  public static final String RATE_LIMITED = "rate_limited";

  /** Ordered: {@code info < warning < critical}. */
  public enum Severity {
    INFO,
    WARNING,
    CRITICAL;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean atLeast(Severity other) {
      return compareTo(other) >= 0;
    }

    public static Optional<Severity> fromWireName(String name) {
      return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
  }

  public SecurityEvent {
    details = details == null ? new JsonObject() : details.copy();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("type", type)
        .put("severity", severity.wireName())
        .put("subject", subject)
        .put("details", details.copy())
        .put("at", at.toString());
  }
}
