package io.antbot.security;

import io.antbot.bus.Addresses;
import io.antbot.security.protection.EdgeGuard;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Where the security service's reports go: security events on {@link Addresses#SECURITY_EVENTS}
 * (without any secret), alerts on {@link Addresses#ALERTS}, and audit entries in the audit trail,
 * always written on the security verticle's own context.
 *
 * <p>Of the edge guard's audit entries, a critical one and the count of aggregated repeats are
 * always kept; the rest may be shed when a flood outruns the disk. A denied authorization is always
 * kept. The edge guard and the access control call it from the HTTP event loops: it holds no state
 * of its own, and the publisher and the context runner passed in must be thread-safe (the event bus
 * and {@code Context.runOnContext} are).
 */
final class SecurityReports implements EdgeGuard.Sink, AccessControl.Reports {

  /** Publishes a message on an address. */
  @FunctionalInterface
  interface Publisher {
    void publish(String address, JsonObject message);
  }

  /** Writes one audit entry; the future completes once it is recorded (or kept to retry). */
  @FunctionalInterface
  interface AuditWrite {
    Future<Void> write(String type, JsonObject fields);
  }

  /** Runs audit work on the security verticle's context; completes there. */
  @FunctionalInterface
  interface OwnContext {
    Future<Void> run(Supplier<Future<Void>> work);
  }

  private final Publisher bus;
  private final AuditWrite record;
  private final AuditWrite recordSheddable;
  private final OwnContext ownContext;
  private final Clock clock;

  /**
   * @param record writes an entry that is never shed
   * @param recordSheddable writes an entry that may be shed under a flood
   */
  SecurityReports(
      Publisher bus,
      AuditWrite record,
      AuditWrite recordSheddable,
      OwnContext ownContext,
      Clock clock) {
    this.bus = bus;
    this.record = record;
    this.recordSheddable = recordSheddable;
    this.ownContext = ownContext;
    this.clock = clock;
  }

  /** Publishes an event of the edge guard as it is. */
  @Override
  public void event(JsonObject event) {
    bus.publish(Addresses.SECURITY_EVENTS, event);
  }

  /** Publishes an event of {@code type}, stamped with its type and the time. */
  @Override
  public void event(String type, JsonObject fields) {
    bus.publish(
        Addresses.SECURITY_EVENTS, fields.put("type", type).put("at", clock.instant().toString()));
  }

  @Override
  public void alert(JsonObject alert) {
    bus.publish(Addresses.ALERTS, alert);
  }

  @Override
  public Future<Void> audit(String type, JsonObject fields) {
    boolean keep = "critical".equals(fields.getString("severity")) || type.endsWith("_repeated");
    AuditWrite write = keep ? record : recordSheddable;
    return ownContext.run(() -> write.write(type, fields));
  }

  @Override
  public Future<Void> denied(JsonObject entry) {
    return ownContext.run(() -> record.write("authorization_denied", entry));
  }
}
