package io.antbot.security.token;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Saves one state file behind a stream of changes without writing it once per change: at most one
 * write is in flight, a change made meanwhile only marks the state dirty, and the next write
 * (started at most {@code delayMs} after the first unsaved change) carries every change made until
 * it starts.
 *
 * <p>{@link #changed()} is for changes that may be acknowledged before they reach the disk (a
 * login's new session: lost only if the process dies within the delay). {@link #flush()} is for
 * changes that must not be acknowledged before they are persisted (a revocation): its future
 * completes when a write that started after the call has succeeded, and fails with that write's
 * failure. A write that fails leaves the state dirty and is retried every {@code retryMs} until one
 * succeeds, so a full disk that frees up is caught up without waiting for the next change.
 *
 * <p>Not thread-safe: every call, and the {@code snapshot} supplier, run on the owner's event loop;
 * timers and the write's completion come back on it.
 */
final class CoalescedSave {

  private final Vertx vertx;
  private final Supplier<JsonObject> snapshot;
  private final Function<JsonObject, Future<Void>> write;
  private final Consumer<Throwable> outcome;
  private final long delayMs;
  private final long retryMs;

  private boolean dirty;
  private boolean writing;
  private boolean closed;
  private long timer = -1;
  private List<Promise<Void>> waiting = new ArrayList<>();
  private long writes;

  /**
   * @param snapshot the state to write, taken on the event loop when a write starts
   * @param write writes a snapshot (off the event loop)
   * @param outcome told of every write's outcome: {@code null} for a success, else the failure
   * @param delayMs longest time a change waits before its write starts (at least 1)
   * @param retryMs time between attempts while writes fail (at least 1)
   */
  CoalescedSave(
      Vertx vertx,
      Supplier<JsonObject> snapshot,
      Function<JsonObject, Future<Void>> write,
      Consumer<Throwable> outcome,
      long delayMs,
      long retryMs) {
    this.vertx = vertx;
    this.snapshot = snapshot;
    this.write = write;
    this.outcome = outcome;
    this.delayMs = Math.max(1, delayMs);
    this.retryMs = Math.max(1, retryMs);
  }

  /**
   * The state changed; it is written within the delay (or right after the write in flight, delay
   * permitting).
   */
  void changed() {
    dirty = true;
    if (!writing) {
      schedule(delayMs);
    }
  }

  /**
   * The state changed and the caller waits until it is on disk: completes after a write that
   * includes it.
   */
  Future<Void> flush() {
    dirty = true;
    Promise<Void> promise = Promise.promise();
    waiting.add(promise);
    if (!writing) {
      cancelTimer();
      start();
    }
    return promise.future();
  }

  /**
   * Writes what is still unsaved and schedules nothing more: completes when the state is on disk.
   */
  Future<Void> close() {
    closed = true;
    cancelTimer();
    return dirty() ? flush() : Future.succeededFuture();
  }

  /** Whether changes are waiting to be written (or were not written because writes fail). */
  boolean dirty() {
    return dirty || writing;
  }

  /** Writes started since creation (for the status and tests). */
  long writes() {
    return writes;
  }

  private void schedule(long afterMs) {
    if (timer < 0 && !closed) {
      timer =
          vertx.setTimer(
              afterMs,
              id -> {
                timer = -1;
                if (!writing && dirty) {
                  start();
                }
              });
    }
  }

  private void cancelTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void start() {
    List<Promise<Void>> batch = waiting;
    waiting = new ArrayList<>();
    dirty = false;
    writing = true;
    writes++;
    Future<Void> written;
    try {
      written = write.apply(snapshot.get());
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    written.onComplete(
        done -> {
          writing = false;
          if (done.failed()) {
            // What this write carried is still not on disk.
            dirty = true;
          }
          outcome.accept(done.failed() ? done.cause() : null);
          batch.forEach(promise -> promise.handle(done));
          if (!waiting.isEmpty()) {
            cancelTimer();
            start();
          } else if (dirty) {
            schedule(done.failed() ? retryMs : delayMs);
          }
        });
  }
}
