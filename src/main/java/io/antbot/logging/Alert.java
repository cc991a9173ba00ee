package io.antbot.logging;

import io.antbot.bus.AlertEvent;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * An alert as published on {@code antbot.alerts}.
 *
 * @param id stable for one condition, e.g. {@code logging:error_rate} or {@code
 *     logging:critical:TradingEngine}
 * @param source {@code logging}
 * @param name {@code error_rate_high} or {@code critical_event}
 * @param severity {@code critical} or {@code warning}
 * @param state {@code firing} or {@code resolved}
 * @param message what happened, in words
 * @param at when this notice was published
 * @param firstSeen when the condition was first seen in this episode
 * @param lastSeen when it was last seen
 * @param count how many times it was seen in this episode
 */
public record Alert(
    String id,
    String source,
    String name,
    String severity,
    String state,
    String message,
    Instant at,
    Instant firstSeen,
    Instant lastSeen,
    long count) {

  public static final String FIRING = AlertEvent.FIRING;
  public static final String RESOLVED = AlertEvent.RESOLVED;

  /**
   * The shared {@code antbot.alerts} body of {@link AlertEvent}, plus this episode's first/last
   * seen and count.
   */
  public JsonObject toJson() {
    return new AlertEvent(id, source, name, severity, state, message, at, null)
        .toJson()
        .put("first_seen", firstSeen.toString())
        .put("last_seen", lastSeen.toString())
        .put("count", count);
  }
}
