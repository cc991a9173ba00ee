package io.antbot.client;

import io.antbot.service.Correlation;
import io.antbot.service.NodeLocal;
import io.antbot.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The records a client sends to a service on another node ({@code antbot.metrics.batch}, {@code
 * antbot.log.batch}), gathered so that a bot's hot loop neither waits for a reply nor pays a bus
 * message per record.
 *
 * <p>A record joins a queue of at most {@value #MAX_QUEUED}; a batch of up to {@value #MAX_BATCH}
 * leaves when that many are waiting or {@value #FLUSH_DELAY_MS} ms after the first one came, with
 * at most {@value #MAX_IN_FLIGHT} batches awaiting the service's reply. When the service does not
 * keep up (replies late, or not at all) the queue fills and further records are dropped and
 * counted: memory stays bounded and the caller never waits. A batch that fails (no service,
 * timeout) counts its records as dropped too. The count travels with the next batch, so the service
 * reports it in {@code antbot_telemetry_dropped_total{source="client"}}; {@link #dropped()} gives
 * it locally.
 *
 * <p>Batches leave outside any caller's correlated work: a batch mixes the records of many callers,
 * each carrying its caller's correlation id in its fields, and sent from the context of the caller
 * whose record filled it (or started its timer) it would carry that caller's id in its header,
 * which the service then gave the records that have none. So a caller on a correlated context hands
 * the send (or the timer) to a context of the batcher's own; any other sends on its own thread.
 *
 * <p>Thread-safe: bots on any thread may add; one lock guards the queue for a few operations.
 */
final class TelemetryBatcher {

  static final int MAX_QUEUED = 10_000;
  static final int MAX_BATCH = 500;
  static final long FLUSH_DELAY_MS = 10;
  static final int MAX_IN_FLIGHT = 2;

  private final Vertx vertx;
  private final Context context;
  private final String address;
  private final DeliveryOptions options;
  private final ArrayDeque<JsonObject> queue = new ArrayDeque<>();
  private final AtomicLong droppedTotal = new AtomicLong();
  // Guarded by this.
  private long unreported;
  private int inFlight;
  private boolean timerSet;
  private boolean flushQueued;

  TelemetryBatcher(Vertx vertx, String address, long timeoutMs) {
    this.vertx = vertx;
    this.context = VertxInternals.newEventLoopContext(vertx);
    this.address = address;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  /** Queues {@code record}, or drops and counts it when the queue is full. Never waits. */
  void add(JsonObject record) {
    boolean sendNow = false;
    boolean setTimer = false;
    synchronized (this) {
      if (queue.size() >= MAX_QUEUED) {
        unreported++;
        droppedTotal.incrementAndGet();
        return;
      }
      queue.add(record);
      if (queue.size() >= MAX_BATCH && inFlight < MAX_IN_FLIGHT) {
        sendNow = true;
      } else if (!timerSet) {
        timerSet = true;
        setTimer = true;
      }
    }
    boolean correlated = (sendNow || setTimer) && Correlation.current() != null;
    if (sendNow) {
      if (correlated) {
        queueFlush();
      } else {
        flush();
      }
    } else if (setTimer) {
      if (correlated) {
        context.runOnContext(v -> vertx.setTimer(FLUSH_DELAY_MS, id -> timerFired()));
      } else {
        vertx.setTimer(FLUSH_DELAY_MS, id -> timerFired());
      }
    }
  }

  /** A flush on the batcher's context; one queued at a time, however many records come first. */
  private void queueFlush() {
    synchronized (this) {
      if (flushQueued) {
        return;
      }
      flushQueued = true;
    }
    context.runOnContext(v -> queuedFlush());
  }

  /**
   * Records dropped since this client started (queue full, or a batch the service did not take).
   */
  long dropped() {
    return droppedTotal.get();
  }

  private void queuedFlush() {
    synchronized (this) {
      flushQueued = false;
    }
    flush();
  }

  private void timerFired() {
    synchronized (this) {
      timerSet = false;
    }
    flush();
  }

  /** Sends one batch when there is something to send and room in flight. */
  private void flush() {
    JsonArray records;
    long dropped;
    synchronized (this) {
      if (queue.isEmpty() || inFlight >= MAX_IN_FLIGHT) {
        return;
      }
      int size = Math.min(MAX_BATCH, queue.size());
      records = new JsonArray(new ArrayList<>(size));
      for (int i = 0; i < size; i++) {
        records.add(queue.poll());
      }
      dropped = unreported;
      unreported = 0;
      inFlight++;
    }
    JsonObject batch = new JsonObject().put("records", records);
    if (dropped > 0) {
      batch.put("dropped", dropped);
    }
    int sent = records.size();
    vertx
        .eventBus()
        .request(address, batch, NodeLocal.options(vertx, address, options))
        .onComplete(
            reply -> {
              boolean more;
              boolean setTimer = false;
              synchronized (this) {
                inFlight--;
                if (reply.failed()) {
                  // Not taken: the records are lost, and so is the count that rode with them.
                  unreported += dropped + sent;
                  droppedTotal.addAndGet(sent);
                }
                more = queue.size() >= MAX_BATCH;
                if (!more && !queue.isEmpty() && !timerSet) {
                  timerSet = true;
                  setTimer = true;
                }
              }
              if (more) {
                flush();
              } else if (setTimer) {
                vertx.setTimer(FLUSH_DELAY_MS, id -> timerFired());
              }
            });
  }
}
