package io.antbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: collects what is published on one address, and waits (with a timeout) for the next
 * message.
 */
final class BusProbe implements AutoCloseable {

  static final long TIMEOUT_S = 5;

  private final String address;
  private final MessageConsumer<JsonObject> consumer;
  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();

  private BusProbe(Vertx vertx, String address) {
    this.address = address;
    this.consumer = vertx.eventBus().consumer(address, message -> received.add(message.body()));
  }

  static BusProbe on(Vertx vertx, String address) throws Exception {
    BusProbe probe = new BusProbe(vertx, address);
    probe.consumer.completion().await(TIMEOUT_S, TimeUnit.SECONDS);
    return probe;
  }

  /** The next message, waiting at most {@value #TIMEOUT_S} s for it. */
  JsonObject next() throws InterruptedException {
    JsonObject message = received.poll(TIMEOUT_S, TimeUnit.SECONDS);
    if (message == null) {
      fail("nothing published on " + address + " within " + TIMEOUT_S + " s");
    }
    return message;
  }

  /** Whether nothing was received (so far). */
  boolean isEmpty() {
    return received.isEmpty();
  }

  @Override
  public void close() {
    consumer.unregister();
  }

  /** Sends {@code body} to {@code address} and returns the reply body. */
  static JsonObject request(Vertx vertx, String address, JsonObject body) throws Exception {
    return vertx
        .eventBus()
        .<JsonObject>request(address, body)
        .await(TIMEOUT_S, TimeUnit.SECONDS)
        .body();
  }

  /**
   * Sends {@code body} to {@code address}, expecting a failure with {@code code}; returns the
   * failure text.
   */
  static String failure(Vertx vertx, String address, JsonObject body, int code) throws Exception {
    try {
      vertx.eventBus().request(address, body).await(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ReplyException e) {
      assertThat(e.failureCode()).as(e.getMessage()).isEqualTo(code);
      return e.getMessage();
    }
    return fail("expected a " + code + " failure from " + address);
  }
}
