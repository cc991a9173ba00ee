package io.antbot.service;

import io.antbot.bus.Addresses;
import io.antbot.bus.BusException;
import io.antbot.bus.ServiceState;
import io.antbot.bus.ServiceStatus;
import io.antbot.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of every service verticle: it owns the status address, tracks the lifecycle, and runs
 * each bus operation under the shared contract.
 *
 * <p>For every message, {@link #handle(String, BusHandler)} gives the handler its own duplicated
 * context with the correlation id bound to it (received in the {@value Correlation#HEADER} header,
 * or created), so every log line and every message sent while handling it carries the id. A
 * non-object body or a {@link BusException} becomes {@code message.fail(code, text)}; anything
 * unexpected becomes a {@code 500} whose stack trace is logged once, here, and never sent to the
 * caller. Replies echo the correlation id.
 *
 * <p>A service is ready when {@link #startService()} has completed and all its consumers are
 * registered.
 */
public abstract class ServiceVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ServiceVerticle.class);

  private final String service;
  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();
  private volatile ServiceState state = ServiceState.STARTING;
  private long startedNanos;

  protected ServiceVerticle(String service) {
    this.service = service;
  }

  /** The service name, as in {@link Services}. */
  public String service() {
    return service;
  }

  @Override
  public final Future<?> start() throws Exception {
    startedNanos = System.nanoTime();
    Correlation.install(vertx);
    handle(Addresses.status(service), this::status);
    Future<?> started;
    try {
      started = startService();
    } catch (Exception e) {
      started = Future.failedFuture(e);
    }
    return started
        .compose(v -> Future.all(consumers.stream().map(MessageConsumer::completion).toList()))
        .onSuccess(v -> state = ServiceState.READY)
        .onFailure(e -> state = ServiceState.FAILED);
  }

  @Override
  public final Future<?> stop() throws Exception {
    state = ServiceState.STOPPING;
    consumers.forEach(consumer -> NodeLocal.unserved(vertx, consumer.address()));
    return stopService();
  }

  /**
   * Registers consumers and loads state; the service is ready when the returned future completes.
   */
  protected abstract Future<?> startService() throws Exception;

  /** Releases what {@link #startService()} acquired; consumers are unregistered by Vert.x. */
  protected Future<?> stopService() throws Exception {
    return Future.succeededFuture();
  }

  /** Service-specific facts for the status reply; called on the event loop, so keep it cheap. */
  protected JsonObject details() {
    return new JsonObject();
  }

  protected ServiceState state() {
    return state;
  }

  /** Serves {@code address} with {@code handler} under the bus contract (see the class comment). */
  protected final MessageConsumer<Object> handle(String address, BusHandler handler) {
    MessageConsumer<Object> consumer =
        vertx.eventBus().consumer(address, message -> dispatch(message, handler));
    consumers.add(consumer);
    NodeLocal.served(vertx, address);
    return consumer;
  }

  private void dispatch(Message<Object> message, BusHandler handler) {
    String received = message.headers().get(Correlation.HEADER);
    String correlationId = Correlation.isValid(received) ? received : Correlation.newId();
    Context duplicate = VertxInternals.duplicate(context);
    Correlation.bind(duplicate, correlationId);
    VertxInternals.dispatch(duplicate, message, m -> run(m, handler, correlationId));
  }

  private void run(Message<Object> message, BusHandler handler, String correlationId) {
    log.debug("{} handles {}", service, message.address());
    Future<?> result;
    try {
      Object body = message.body();
      if (body != null && !(body instanceof JsonObject)) {
        throw BusException.badRequest("body: expected a JSON object, got " + describeType(body));
      }
      JsonObject json = body == null ? new JsonObject() : (JsonObject) body;
      result = handler.handle(new BusRequest(json, message.headers(), correlationId));
      if (result == null) {
        result = Future.succeededFuture();
      }
    } catch (Throwable failure) {
      result = Future.failedFuture(failure);
    }
    DeliveryOptions echo = new DeliveryOptions().addHeader(Correlation.HEADER, correlationId);
    result.onComplete(
        reply -> message.reply(reply, echo), failure -> fail(message, failure, correlationId));
  }

  private void fail(Message<Object> message, Throwable failure, String correlationId) {
    BusException bus;
    if (failure instanceof BusException known) {
      bus = known;
    } else {
      log.error(
          "{} failed on {} (correlation id {})",
          service,
          message.address(),
          correlationId,
          failure);
      bus =
          BusException.internal(
              "internal error in " + service + " (correlation id " + correlationId + ")");
    }
    message.fail(bus.code().code(), bus.getMessage());
  }

  private static String describeType(Object body) {
    if (body instanceof String) {
      return "a string";
    }
    if (body instanceof io.vertx.core.json.JsonArray) {
      return "an array";
    }
    if (body instanceof io.vertx.core.buffer.Buffer) {
      return "bytes";
    }
    return body.getClass().getSimpleName();
  }

  private Future<JsonObject> status(BusRequest request) {
    double uptime = (System.nanoTime() - startedNanos) / 1e9;
    ServiceStatus status =
        new ServiceStatus(
            service,
            state.wireName(),
            Version.current(),
            Math.round(uptime * 1000) / 1000.0,
            details());
    return Future.succeededFuture(status.toJson());
  }
}
