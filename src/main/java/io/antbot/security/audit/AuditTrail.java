package io.antbot.security.audit;

import io.antbot.bus.SecurityMessages;
import io.antbot.security.storage.FileWorker;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security service's audit trail: {@link HashChainedAuditLog} driven from the event loop, appends running in
 * order on the file worker.
 *
 * <p>Entry types: {@code login_ok}, {@code login_failed}, {@code token_issued}, {@code token_refreshed},
 * {@code token_refresh_refused}, {@code token_revoked}, {@code session_revoked}, {@code authorization_denied},
 * {@code key_rotated}, {@code key_created}, {@code config_changed}, {@code user_added}, {@code user_updated},
 * {@code password_rehashed}. Callers never pass passwords, keys or tokens (token ids are fine).
 *
 * <p>A failed append is logged and counted ({@link #failures()}), not passed on: losing the disk must not lock
 * every user out.
 */
public final class AuditTrail {

  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

  /** The file name under {@code security.audit.dir}. */
  public static final String FILE = "audit.jsonl";

  private final FileWorker worker;
  private final HashChainedAuditLog audit;
  private final AtomicLong failures = new AtomicLong();
  /** The most edge entries waiting for the disk at once. */
  static final int MAX_PENDING_EDGE_ENTRIES = 1_000;
  private final java.util.concurrent.atomic.AtomicInteger pendingEdge = new java.util.concurrent.atomic.AtomicInteger();
  private final AtomicLong shed = new AtomicLong();
  private final AtomicLong unreportedShed = new AtomicLong();

  private AuditTrail(FileWorker worker, HashChainedAuditLog audit) {
    this.worker = worker;
    this.audit = audit;
  }

  /** Opens {@code dir/audit.jsonl} on the worker. */
  public static Future<AuditTrail> open(FileWorker worker, Path dir, boolean fsync, Clock clock) {
    return worker.run(() -> new AuditTrail(worker, HashChainedAuditLog.open(dir.resolve(FILE), fsync, clock)));
  }

  public Path file() {
    return audit.file();
  }

  /**
   * Appends an edge event (a 429, a denied address, a blocked request): the one kind of entry an anonymous flood can
   * produce faster than the disk takes it. At most {@link #MAX_PENDING_EDGE_ENTRIES} wait at once; beyond that an
   * entry is shed, counted ({@link #shed()}), and the count is written as one {@code audit_entries_shed} entry as soon
   * as the queue has room again — the trail says what it lost. Entries of {@link #record} (configuration changes,
   * logins, token and user operations) are never shed.
   */
  public Future<Void> recordSheddable(String type, JsonObject fields) {
    if (pendingEdge.incrementAndGet() > MAX_PENDING_EDGE_ENTRIES) {
      pendingEdge.decrementAndGet();
      shed.incrementAndGet();
      unreportedShed.incrementAndGet();
      return Future.succeededFuture();
    }
    long lost = unreportedShed.getAndSet(0);
    Future<Void> report = lost == 0 ? Future.succeededFuture()
      : record("audit_entries_shed", new JsonObject().put("count", lost).put("reason", "edge event queue full (at most "
        + MAX_PENDING_EDGE_ENTRIES + " waiting)"));
    return report.compose(v -> record(type, fields)).onComplete(done -> pendingEdge.decrementAndGet());
  }

  /** How many edge entries were shed since the start. */
  public long shed() {
    return shed.get();
  }

  /** Appends an entry; the future completes once it is written (or the failure has been logged). */
  public Future<Void> record(String type, JsonObject fields) {
    return worker.run(() -> {
      audit.append(type, fields);
      return (Void) null;
    }).recover(failure -> {
      failures.incrementAndGet();
      log.error("audit entry {} could not be written: {}", type, failure.toString());
      return Future.succeededFuture();
    });
  }

  public long failures() {
    return failures.get();
  }

  public Future<AuditVerification> verify() {
    return worker.run(() -> HashChainedAuditLog.verify(audit.file()));
  }

  /** Entries matching {@code query}, oldest first, the newest {@code query.limit()} of them. */
  public Future<List<JsonObject>> query(SecurityMessages.AuditQuery query) {
    Instant since = query.since() == null ? null : Instant.parse(query.since());
    Instant until = query.until() == null ? null : Instant.parse(query.until());
    Predicate<JsonObject> filter = entry -> {
      if (query.type() != null && !query.type().equals(entry.getString("type"))) {
        return false;
      }
      if (query.actor() != null && !query.actor().equals(entry.getString("actor")) && !query.actor().equals(entry.getString("user"))) {
        return false;
      }
      if (since != null || until != null) {
        Instant at;
        try {
          at = Instant.parse(entry.getString("at", ""));
        } catch (RuntimeException e) {
          return false;
        }
        return (since == null || !at.isBefore(since)) && (until == null || at.isBefore(until));
      }
      return true;
    };
    return worker.run(() -> HashChainedAuditLog.query(audit.file(), filter, query.limit()));
  }

  public Future<Void> close() {
    return worker.run(() -> {
      try {
        audit.close();
      } catch (IOException e) {
        log.warn("closing the audit log failed: {}", e.toString());
      }
      return null;
    });
  }
}
