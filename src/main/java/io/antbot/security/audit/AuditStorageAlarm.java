package io.antbot.security.audit;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Optional;

/**
 * The critical alert {@code security:audit_storage}: it fires while audit entries the disk refused
 * wait in memory, and resolves once all are written. Not thread-safe: one caller (the security
 * verticle's context) feeds it the count left after each retry.
 */
public final class AuditStorageAlarm {

  public static final String ID = "security:audit_storage";

  private final Clock clock;
  private boolean firing;

  public AuditStorageAlarm(Clock clock) {
    this.clock = clock;
  }

  /** Whether a retry is due: entries wait, or the alert still fires and must be resolved. */
  public boolean retryDue(int unwritten) {
    return unwritten > 0 || firing;
  }

  public boolean firing() {
    return firing;
  }

  /**
   * The alert to publish on {@code antbot.alerts} after a retry left {@code left} entries
   * unwritten: {@code firing} when entries start to wait, {@code resolved} when none waits any
   * more; empty when the state did not change.
   */
  public Optional<JsonObject> after(int left) {
    if (left > 0 && !firing) {
      firing = true;
      return Optional.of(
          alert(
              "firing",
              left
                  + " audit entries cannot be written (the disk refuses them); they wait in memory"));
    }
    if (left == 0 && firing) {
      firing = false;
      return Optional.of(alert("resolved", "the audit trail is written again"));
    }
    return Optional.empty();
  }

  private JsonObject alert(String state, String message) {
    return new JsonObject()
        .put("id", ID)
        .put("source", "security")
        .put("name", "audit_storage_unavailable")
        .put("severity", "critical")
        .put("state", state)
        .put("message", message)
        .put("at", clock.instant().toString());
  }
}
