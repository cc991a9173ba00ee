package io.antbot.security.audit;

import io.antbot.bus.AuditQuery;
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
 * The security service's audit trail: {@link HashChainedAuditLog} driven from the event loop,
 * appends running in order on the file worker.
 *
 * <p>Entry types: {@code login_ok}, {@code login_failed}, {@code token_issued}, {@code
 * token_refreshed}, {@code token_refresh_refused}, {@code token_revoked}, {@code session_revoked},
 * {@code authorization_denied}, {@code key_rotated}, {@code key_created}, {@code config_changed},
 * {@code user_added}, {@code user_updated}, {@code password_rehashed}. Callers never pass
 * passwords, keys or tokens (token ids are fine).
 *
 * <p>A failed append is not passed on (losing the disk must not lock every user out) but it is not
 * forgotten either: an entry of {@link #record} that the disk refuses is kept in memory, in order,
 * and written before any later entry as soon as the disk takes it again (each with {@code
 * delayed_from}, the time it happened); at most {@value #MAX_UNWRITTEN} wait, beyond which they are
 * counted as lost and the loss is written too. {@link #unwritten()} says how many wait; {@link
 * #close()} fails while any still wait, so a stop that could not write them does not look like a
 * clean one. Edge entries ({@link #recordSheddable}) are counted, not kept.
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

  private final java.util.concurrent.atomic.AtomicInteger pendingEdge =
      new java.util.concurrent.atomic.AtomicInteger();
  private final AtomicLong shed = new AtomicLong();
  private final AtomicLong unreportedShed = new AtomicLong();

  /** The most refused entries kept in memory for the disk to take later. */
  static final int MAX_UNWRITTEN = 10_000;

  /** Refused entries waiting for the disk, oldest first; touched on the worker only. */
  private final java.util.ArrayDeque<Unwritten> waiting = new java.util.ArrayDeque<>();

  private final java.util.concurrent.atomic.AtomicInteger unwrittenCount =
      new java.util.concurrent.atomic.AtomicInteger();
  private long lostUnreported;
  private final AtomicLong lost = new AtomicLong();

  private record Unwritten(String type, JsonObject fields, Instant at) {}

  private volatile String node;

  private AuditTrail(FileWorker worker, HashChainedAuditLog audit) {
    this.worker = worker;
    this.audit = audit;
  }

  /** Opens {@code dir/audit.jsonl} on the worker, one file without rotation. */
  public static Future<AuditTrail> open(FileWorker worker, Path dir, boolean fsync, Clock clock) {
    return open(worker, dir, fsync, clock, HashChainedAuditLog.Rotation.NONE);
  }

  /**
   * Opens {@code dir/audit.jsonl} on the worker, sealing segments and keeping to the cap of {@code
   * rotation}.
   */
  public static Future<AuditTrail> open(
      FileWorker worker,
      Path dir,
      boolean fsync,
      Clock clock,
      HashChainedAuditLog.Rotation rotation) {
    return worker.run(
        () ->
            new AuditTrail(
                worker, HashChainedAuditLog.open(dir.resolve(FILE), fsync, clock, rotation)));
  }

  public Path file() {
    return audit.file();
  }

  /**
   * Appends an edge event (a 429, a denied address, a blocked request): the one kind of entry an
   * anonymous flood can produce faster than the disk takes it. At most {@link
   * #MAX_PENDING_EDGE_ENTRIES} wait at once; beyond that an entry is shed, counted ({@link
   * #shed()}), and the count is written as one {@code audit_entries_shed} entry as soon as the
   * queue has room again — the trail says what it lost. Entries of {@link #record} (configuration
   * changes, logins, token and user operations) are never shed.
   */
  public Future<Void> recordSheddable(String type, JsonObject fields) {
    if (pendingEdge.incrementAndGet() > MAX_PENDING_EDGE_ENTRIES) {
      pendingEdge.decrementAndGet();
      shed.incrementAndGet();
      unreportedShed.incrementAndGet();
      return Future.succeededFuture();
    }
    long lost = unreportedShed.getAndSet(0);
    Future<Void> report =
        lost == 0
            ? Future.succeededFuture()
            : record(
                "audit_entries_shed",
                new JsonObject()
                    .put("count", lost)
                    .put(
                        "reason",
                        "edge event queue full (at most "
                            + MAX_PENDING_EDGE_ENTRIES
                            + " waiting)"));
    return report
        .compose(v -> recordEdge(type, fields))
        .onComplete(done -> pendingEdge.decrementAndGet());
  }

  /** How many edge entries were shed since the start. */
  public long shed() {
    return shed.get();
  }

  /**
   * Appends an entry that is never shed: the future completes once it is written, or kept in memory
   * for a later write when the disk refuses it.
   */
  public Future<Void> record(String type, JsonObject entry) {
    JsonObject fields = named(entry);
    Instant at = Instant.now();
    return worker
        .run(
            () -> {
              if (!writeWaiting()) {
                keep(new Unwritten(type, fields, at), null);
                return (Void) null;
              }
              try {
                audit.append(type, fields);
              } catch (IOException | RuntimeException e) {
                keep(new Unwritten(type, fields, at), e);
              }
              return (Void) null;
            })
        .recover(
            failure -> {
              // Only a closed worker gets here: the stop has begun and close() has reported what it
              // could not write.
              failures.incrementAndGet();
              log.error(
                  "audit entry {} could not be handed to the writer: {}", type, failure.toString());
              return Future.succeededFuture();
            });
  }

  /** Edge entries are counted when the disk refuses them, not kept. */
  /**
   * In a cluster, every entry of this node's trail names the node (each core node keeps its own
   * hash chain; {@code verify-audit} checks one node's file).
   */
  public void nameNode(String node) {
    this.node = node;
  }

  private JsonObject named(JsonObject fields) {
    String name = node;
    return name == null ? fields : fields.copy().put("node", name);
  }

  private Future<Void> recordEdge(String type, JsonObject entry) {
    JsonObject fields = named(entry);
    return worker
        .run(
            () -> {
              if (writeWaiting()) {
                audit.append(type, fields);
              } else {
                throw new IOException("earlier entries are still waiting for the disk");
              }
              return (Void) null;
            })
        .recover(
            failure -> {
              failures.incrementAndGet();
              log.debug("edge audit entry {} could not be written: {}", type, failure.toString());
              return Future.succeededFuture();
            });
  }

  /** On the worker: keeps a refused entry, or counts it lost when too many wait. */
  private void keep(Unwritten entry, Throwable failure) {
    failures.incrementAndGet();
    if (waiting.size() >= MAX_UNWRITTEN) {
      lost.incrementAndGet();
      lostUnreported++;
      return;
    }
    if (waiting.isEmpty()) {
      log.error(
          "audit entries cannot be written ({}); they are kept in memory (at most {}) and written when the disk "
              + "takes them again",
          failure == null ? "the disk refused the entries before" : failure.toString(),
          MAX_UNWRITTEN);
    }
    waiting.addLast(entry);
    unwrittenCount.set(waiting.size());
  }

  /**
   * On the worker: writes the entries waiting, oldest first; {@code true} when none waits any more.
   */
  private boolean writeWaiting() {
    try {
      while (!waiting.isEmpty()) {
        Unwritten next = waiting.peekFirst();
        audit.append(next.type(), next.fields().copy().put("delayed_from", next.at().toString()));
        waiting.pollFirst();
        unwrittenCount.set(waiting.size());
        if (waiting.isEmpty()) {
          log.info("audit entries are written again; none is waiting");
        }
      }
      if (lostUnreported > 0) {
        audit.append(
            "audit_entries_lost",
            new JsonObject()
                .put("count", lostUnreported)
                .put(
                    "reason",
                    "the disk refused entries while " + MAX_UNWRITTEN + " were already waiting"));
        lostUnreported = 0;
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Tries again to write the entries waiting for the disk; completes with how many still wait. */
  public Future<Integer> retry() {
    return worker.run(
        () -> {
          writeWaiting();
          return waiting.size();
        });
  }

  /** How many entries the disk refused and wait in memory to be written. */
  public int unwritten() {
    return unwrittenCount.get();
  }

  /** How many entries were lost because too many were already waiting. */
  public long lost() {
    return lost.get();
  }

  public long failures() {
    return failures.get();
  }

  public Future<AuditVerification> verify() {
    return worker.run(() -> HashChainedAuditLog.verify(audit.file()));
  }

  /** Entries matching {@code query}, oldest first, the newest {@code query.limit()} of them. */
  public Future<List<JsonObject>> query(AuditQuery query) {
    Instant since = query.since() == null ? null : Instant.parse(query.since());
    Instant until = query.until() == null ? null : Instant.parse(query.until());
    Predicate<JsonObject> filter =
        entry -> {
          if (query.type() != null && !query.type().equals(entry.getString("type"))) {
            return false;
          }
          if (query.actor() != null
              && !query.actor().equals(entry.getString("actor"))
              && !query.actor().equals(entry.getString("user"))) {
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

  /**
   * Writes what waits, then closes the log. Fails when entries still wait (the disk still refuses
   * them): they are lost with the process, and the stop must say so.
   */
  public Future<Void> close() {
    return worker.run(
        () -> {
          writeWaiting();
          int left = waiting.size();
          try {
            audit.close();
          } catch (IOException e) {
            log.warn("closing the audit log failed: {}", e.toString());
          }
          if (left > 0 || lostUnreported > 0) {
            log.error(
                "{} audit entries could not be written before the stop and are lost ({} lost earlier)",
                left,
                lostUnreported);
            throw new IOException(
                left + " audit entries could not be written (the disk refused them)");
          }
          return null;
        });
  }
}
