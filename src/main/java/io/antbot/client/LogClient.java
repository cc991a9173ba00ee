package io.antbot.client;

import io.antbot.bus.Addresses;
import io.antbot.bus.BusException;
import io.antbot.bus.LogCorrelationStartRequest;
import io.antbot.bus.LogLevel;
import io.antbot.bus.LogLevelGetRequest;
import io.antbot.bus.LogLevelSetRequest;
import io.antbot.bus.LogPerformanceRequest;
import io.antbot.bus.LogQueryRequest;
import io.antbot.bus.LogWriteRequest;
import io.antbot.local.LocalServices;
import io.antbot.local.LogWriter;
import io.antbot.service.Correlation;
import io.antbot.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Typed access to the logging service for bot verticles.
 *
 * <pre>{@code
 * LogClient logs = new LogClient(vertx);
 * LogClient.ComponentLogger log = logs.logger("TradingEngine");
 * log.info("Trade executed", new JsonObject().put("event_type", "trade").put("symbol", "SOL/USDC").put("amount", 2.5));
 * logs.startCorrelation("trade_execution")
 *   .compose(id -> logs.withCorrelation(id, () -> executeTrade()));   // every line and message carries the id
 * logs.performance("TradingEngine", "execute_trade", 125.0, true);
 * }</pre>
 *
 * <p>The correlation id of the calling Vert.x context travels with every message (see {@link
 * Correlation}); the logging service writes it on the line. Methods returning a {@link Future} fail
 * with a {@link BusException} carrying the shared code: {@code 400} with the service's text for a
 * malformed request, {@code 503} when the logging service is not running.
 *
 * <p>In-process code may log through SLF4J directly: a logger named after the component ({@code
 * LoggerFactory.getLogger("TradingEngine")}) takes the same levels, correlation id and outputs;
 * fields are SLF4J key-value pairs ({@code log.atInfo().addKeyValue("symbol",
 * "SOL/USDC").log("Trade executed")}), and {@link #CRITICAL} on an ERROR call makes it CRITICAL.
 */
public class LogClient extends BusClient {

  /**
   * The SLF4J marker that makes an in-process ERROR event CRITICAL: {@code
   * log.error(LogClient.CRITICAL, "...")}.
   */
  public static final Marker CRITICAL = MarkerFactory.getMarker("CRITICAL");

  private final LocalServices.Handle<LogWriter> local;
  private final TelemetryBatcher remote;

  public LogClient(Vertx vertx) {
    this(vertx, DEFAULT_TIMEOUT_MS);
  }

  public LogClient(Vertx vertx, long timeoutMs) {
    super(vertx, timeoutMs);
    this.local = LocalServices.handle(vertx, LocalServices.LOG_WRITER, LogWriter.class);
    this.remote = new TelemetryBatcher(vertx, Addresses.LOG_BATCH, timeoutMs);
    // Without the interceptor (installed by any service verticle, but a bot may run on a JVM
    // without one) the
    // correlation id of the caller's context would not travel with the writes.
    Correlation.install(vertx);
  }

  /**
   * A logger for {@code component} whose calls never block and never fail the caller: when the
   * logging service runs in this JVM, each line is written on the caller's thread through the
   * service's {@link LogWriter} (the same checks, levels, filters and outputs as {@code
   * antbot.log.write}); on another node, lines are batched ({@code antbot.log.batch}), with a
   * bounded queue whose overflow is counted in {@link #dropped()}. A malformed line is refused and
   * counted by the service, which logs the first one.
   *
   * @throws IllegalArgumentException when {@code component} is not a valid component name ({@link
   *     LogWriteRequest#isValidComponent})
   */
  public ComponentLogger logger(String component) {
    if (!LogWriteRequest.isValidComponent(component)) {
      throw new IllegalArgumentException(
          "component: expected a letter then letters, digits, '_', '.' or '-', got \""
              + component
              + "\"");
    }
    return new ComponentLogger(component);
  }

  /**
   * Writes one event and waits for the service: {@code true} when it was written, {@code false}
   * when the component's level filtered it out.
   *
   * @param fields the event's own fields, or {@code null}
   */
  public Future<Boolean> write(
      String component, LogLevel level, String message, JsonObject fields) {
    LogWriter writer = local.get();
    if (writer != null) {
      try {
        return Future.succeededFuture(
            writer.write(new LogWriteRequest(component, level, message, fields)));
      } catch (RuntimeException refused) {
        return Future.failedFuture(BusException.from(refused));
      }
    }
    return request(
            Addresses.LOG_WRITE, new LogWriteRequest(component, level, message, fields).toJson())
        .map(reply -> reply.getBoolean("logged", false));
  }

  /** A new correlation id for {@code operation}, announced on a log line written under it. */
  public Future<String> startCorrelation(String operation) {
    return request(
            Addresses.LOG_CORRELATION_START, new LogCorrelationStartRequest(operation).toJson())
        .map(reply -> reply.getString("correlation_id"));
  }

  /**
   * Runs {@code work} on a new duplicate of the current context bound to {@code correlationId}, so
   * every log line and bus message of that work carries the id; completes with its result.
   */
  public <T> Future<T> withCorrelation(String correlationId, Supplier<Future<T>> work) {
    if (!Correlation.isValid(correlationId)) {
      return Future.failedFuture(
          BusException.badRequest(
              "correlation_id: expected 1 to 128 letters, digits, '.', "
                  + "'_', ':' or '-', got \""
                  + correlationId
                  + "\""));
    }
    Context caller = vertx.getOrCreateContext();
    Context correlated = VertxInternals.duplicate(caller);
    Correlation.bind(correlated, correlationId);
    Promise<T> result = VertxInternals.promise(caller);
    correlated.runOnContext(
        v -> {
          try {
            work.get().onComplete(result::complete, result::fail);
          } catch (RuntimeException e) {
            result.fail(e);
          }
        });
    return result.future();
  }

  /**
   * Records how long {@code operation} took: written to the performance log and forwarded to the
   * metrics service as an operation timer.
   *
   * @param durationMs milliseconds, zero or more
   */
  public Future<Void> performance(
      String component, String operation, double durationMs, boolean success) {
    return request(
            Addresses.LOG_PERFORMANCE,
            new LogPerformanceRequest(component, operation, durationMs, success).toJson())
        .mapEmpty();
  }

  /**
   * The buffered events that match {@code query}, newest first, each {@code {timestamp, level,
   * component, logger, message, correlation_id, event_type, fields, error?}}.
   */
  public Future<JsonArray> query(LogQueryRequest query) {
    return request(Addresses.LOG_QUERY, query.toJson())
        .map(reply -> reply.getJsonArray("events", new JsonArray()));
  }

  /**
   * Sets the level of {@code logger} (a component or class logger, or {@code ROOT}); with {@code
   * ttlS}, for that many seconds, after which it reverts by itself. Replies {@code {logger, level,
   * previous, expires_at?}}.
   *
   * @param level TRACE, DEBUG, INFO, WARN, ERROR or OFF
   * @param ttlS seconds, or {@code null} to keep it until the configuration sets this logger again
   */
  public Future<JsonObject> setLevel(String logger, String level, Double ttlS) {
    return request(Addresses.LOG_LEVEL_SET, new LogLevelSetRequest(logger, level, ttlS).toJson());
  }

  /** {@code {logger, level, configured, override?: {level, expires_at}}} for {@code logger}. */
  public Future<JsonObject> getLevel(String logger) {
    return request(Addresses.LOG_LEVEL_GET, new LogLevelGetRequest(logger).toJson());
  }

  /** Lines dropped by this client because the logging service on another node did not keep up. */
  public long dropped() {
    return remote.dropped();
  }

  /**
   * The logger of one component (see {@link #logger}). Every call returns at once, and the event
   * carries the correlation id of the calling context.
   */
  public final class ComponentLogger {

    private final String component;

    private ComponentLogger(String component) {
      this.component = component;
    }

    public String component() {
      return component;
    }

    public void trace(String message) {
      log(LogLevel.TRACE, message, null);
    }

    public void debug(String message) {
      log(LogLevel.DEBUG, message, null);
    }

    public void debug(String message, JsonObject fields) {
      log(LogLevel.DEBUG, message, fields);
    }

    public void info(String message) {
      log(LogLevel.INFO, message, null);
    }

    public void info(String message, JsonObject fields) {
      log(LogLevel.INFO, message, fields);
    }

    public void warn(String message) {
      log(LogLevel.WARN, message, null);
    }

    public void warn(String message, JsonObject fields) {
      log(LogLevel.WARN, message, fields);
    }

    public void error(String message) {
      log(LogLevel.ERROR, message, null);
    }

    public void error(String message, JsonObject fields) {
      log(LogLevel.ERROR, message, fields);
    }

    /** A CRITICAL event: the logging service raises an alert at once. */
    public void critical(String message) {
      log(LogLevel.CRITICAL, message, null);
    }

    public void critical(String message, JsonObject fields) {
      log(LogLevel.CRITICAL, message, fields);
    }

    /**
     * Sends one event.
     *
     * @param fields the event's own fields, written as top-level keys of the JSON line; may be
     *     {@code null}
     */
    public void log(LogLevel level, String message, JsonObject fields) {
      LogWriter writer = local.get();
      if (writer != null) {
        try {
          writer.write(new LogWriteRequest(component, level, message, fields));
        } catch (RuntimeException refused) {
          // Counted by the service, which logs the first refusal; the caller's loop goes on.
        }
        return;
      }
      LogWriteRequest line = new LogWriteRequest(component, level, message, fields);
      JsonObject body = line.toJson();
      String correlation = Correlation.current();
      if (correlation != null && !line.fields().containsKey(LogWriteRequest.CORRELATION_FIELD)) {
        // A batch carries one correlation id; each line keeps its caller's in its fields.
        body.put(
            "fields", line.fields().copy().put(LogWriteRequest.CORRELATION_FIELD, correlation));
      }
      remote.add(body);
    }
  }
}
