package io.antbot.client;

import io.antbot.bus.Addresses;
import io.antbot.bus.BusException;
import io.antbot.bus.ServiceStatus;
import io.antbot.service.Correlation;
import io.antbot.service.NodeLocal;
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
    return bus.<JsonObject>request(address, body, NodeLocal.options(vertx, address, options))
        .map(reply -> reply.body() == null ? new JsonObject() : reply.body())
        .recover(failure -> Future.failedFuture(BusException.from(failure)));
  }

  /**
   * As {@link #request}, for a read that is safe to repeat: when no reply came (the node that
   * served it died: a timeout, or no handler while the cluster drops the member), it is asked once
   * more, which the clustered bus sends to another node that serves the address. A refusal (400,
   * 404...) is final.
   */
  protected Future<JsonObject> read(String address, JsonObject body) {
    return request(address, body)
        .recover(
            failure ->
                vertx.isClustered() && unanswered(failure)
                    ? request(address, body)
                    : Future.failedFuture(failure));
  }

  private static boolean unanswered(Throwable failure) {
    return failure instanceof BusException bus && bus.code() == io.antbot.bus.FailureCode.NOT_READY;
  }

  /** Sends without waiting for a reply (fire and forget). */
  protected void send(String address, JsonObject body) {
    bus.send(address, body, NodeLocal.options(vertx, address));
  }

  /** The status of {@code service}: {@code antbot.<service>.status}. */
  public Future<ServiceStatus> status(String service) {
    return read(Addresses.status(service), new JsonObject()).map(ServiceStatus::fromJson);
  }
}
