package io.antbot.client;

import io.antbot.bus.Addresses;
import io.antbot.bus.BusException;
import io.antbot.bus.ServiceStatus;
import io.antbot.service.Correlation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * What the typed clients share: request/reply on the event bus with a timeout, and every failure
 * turned into a {@link BusException} carrying the shared code and the service's text.
 *
 * <p>The correlation id of the calling context travels automatically (see {@link
 * io.antbot.service.Correlation}).
 */
public abstract class BusClient {

  /** Default time a request waits for its reply, in milliseconds. */
  public static final long DEFAULT_TIMEOUT_MS = 10_000;

  protected final Vertx vertx;
  protected final EventBus bus;
  private final DeliveryOptions options;

  protected BusClient(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.options = new DeliveryOptions().setSendTimeout(timeoutMs);
    // A bot on a JVM without any service verticle still stamps its correlation ids on what it
    // sends.
    Correlation.install(vertx);
  }

  /**
   * Sends {@code body} to {@code address} and completes with the JSON reply, or fails with a {@link
   * BusException}.
   */
  protected Future<JsonObject> request(String address, JsonObject body) {
    return bus.<JsonObject>request(address, body, options)
        .map(reply -> reply.body() == null ? new JsonObject() : reply.body())
        .recover(failure -> Future.failedFuture(BusException.from(failure)));
  }

  /** Sends without waiting for a reply (fire and forget). */
  protected void send(String address, JsonObject body) {
    bus.send(address, body);
  }

  /** The status of {@code service}: {@code antbot.<service>.status}. */
  public Future<ServiceStatus> status(String service) {
    return request(Addresses.status(service), new JsonObject()).map(ServiceStatus::fromJson);
  }
}
