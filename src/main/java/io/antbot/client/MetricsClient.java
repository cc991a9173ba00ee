package io.antbot.client;

import io.antbot.bus.Addresses;
import io.antbot.bus.AlertRemove;
import io.antbot.bus.AlertRuleSpec;
import io.antbot.bus.BusException;
import io.antbot.bus.CapitalMetric;
import io.antbot.bus.CompoundingMetric;
import io.antbot.bus.CustomCounterIncrement;
import io.antbot.bus.CustomGaugeSet;
import io.antbot.bus.HealthReport;
import io.antbot.bus.OperationMetric;
import io.antbot.bus.ScrapeReply;
import io.antbot.bus.ScrapeRequest;
import io.antbot.bus.TradeMetric;
import io.antbot.bus.WorkersMetric;
import io.antbot.local.LocalServices;
import io.antbot.local.MetricsRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;

/**
 * Typed access to the metrics service for bot verticles.
 *
 * <pre>{@code
 * MetricsClient metrics = new MetricsClient(vertx);
 * metrics.recordOperation("TradingEngine", "buy_order", Duration.ofMillis(750), true);
 * metrics.recordTrade("buy", "completed", 2.5, 0.15, "BTC/USDT");
 * metrics.setGauge("total_profit", 1250.75, Map.of());
 * }</pre>
 *
 * <p>The records ({@code record*}, {@link #setGauge}, {@link #increment}) are made for a bot's hot
 * loop: they never block and never throw. When the metrics service runs in the bot's JVM they go to
 * it in-process ({@link io.antbot.local.MetricsRecorder}): an operation is recorded on the caller's
 * thread before the call returns, the other records on the service's event loop (the future
 * completes once applied); a bad record fails its future with the service's 400. When the service
 * runs on another node, records are batched ({@code antbot.metrics.batch}) and the future completes
 * at once: the service counts bad records in {@code antbot_telemetry_refused_total} and logs each
 * kind once, and {@link #dropped()} counts what could not be delivered.
 *
 * <p>The other methods fail with a {@link io.antbot.bus.BusException} carrying the shared failure
 * code: {@code 400} with the service's text for a bad value or name, {@code 404} for an unknown
 * alert rule, {@code 409} for a rule name taken, {@code 503} when the metrics service is not
 * running. Label values beyond a metric's budget are folded into {@code other} by the service, not
 * refused.
 */
public class MetricsClient extends BusClient {

  private final LocalServices.Handle<MetricsRecorder> local;
  private final TelemetryBatcher remote;

  public MetricsClient(Vertx vertx) {
    this(vertx, DEFAULT_TIMEOUT_MS);
  }

  public MetricsClient(Vertx vertx, long timeoutMs) {
    super(vertx, timeoutMs);
    this.local = LocalServices.handle(vertx, LocalServices.METRICS_RECORDER, MetricsRecorder.class);
    this.remote = new TelemetryBatcher(vertx, Addresses.METRICS_BATCH, timeoutMs);
  }

  /** Records one operation of {@code component}; {@code duration} must not be negative. */
  public Future<Void> recordOperation(
      String component, String operation, Duration duration, boolean success) {
    return recordOperation(component, operation, duration.toNanos() / 1e6, success);
  }

  /**
   * Records one operation of {@code component} that took {@code durationMs} milliseconds (finite,
   * not negative).
   */
  public Future<Void> recordOperation(
      String component, String operation, double durationMs, boolean success) {
    MetricsRecorder recorder = local.get();
    if (recorder == null) {
      return recorded(
          Addresses.METRICS_OPERATION,
          new OperationMetric(component, operation, durationMs, success).toJson());
    }
    try {
      recorder.operation(component, operation, durationMs, success);
      return Future.succeededFuture();
    } catch (RuntimeException refused) {
      return Future.failedFuture(BusException.from(refused));
    }
  }

  /**
   * Records one trade.
   *
   * @param side {@code buy} or {@code sell}
   * @param status the trade's status, e.g. {@code completed}
   * @param amount the amount traded in the base asset, not negative
   * @param profitLoss realized profit (positive) or loss (negative); {@code null} when not realized
   * @param symbol the market; {@code null} when none
   */
  public Future<Void> recordTrade(
      String side, String status, double amount, Double profitLoss, String symbol) {
    return recorded(
        Addresses.METRICS_TRADE,
        new TradeMetric(side, status, amount, profitLoss, symbol).toJson());
  }

  /**
   * Reports the capital under management; {@code available} and {@code allocated} may be {@code
   * null}.
   */
  public Future<Void> recordCapital(double total, Double available, Double allocated) {
    return recorded(
        Addresses.METRICS_CAPITAL, new CapitalMetric(total, available, allocated).toJson());
  }

  /**
   * Reports compounding layer {@code layer} (1..5); either value may be {@code null} to leave it as
   * it was.
   */
  public Future<Void> recordCompounding(int layer, Double rate, Double efficiency) {
    return recorded(
        Addresses.METRICS_COMPOUNDING, new CompoundingMetric(layer, rate, efficiency).toJson());
  }

  /**
   * Reports the active workers of {@code pool} ({@code null}: the default pool) and their
   * efficiency (may be {@code null}).
   */
  public Future<Void> recordWorkers(String pool, long active, Double efficiency) {
    return recorded(
        Addresses.METRICS_WORKERS,
        new WorkersMetric(active, efficiency, pool == null ? WorkersMetric.DEFAULT_POOL : pool)
            .toJson());
  }

  /**
   * Sets custom gauge {@code name} (snake_case, no built-in prefix) with {@code labels} (never
   * {@code null}).
   */
  public Future<Void> setGauge(String name, double value, Map<String, String> labels) {
    return recorded(
        Addresses.METRICS_CUSTOM_SET, new CustomGaugeSet(name, value, labels, null).toJson());
  }

  /**
   * Adds {@code amount} (not negative) to custom counter {@code name}, which must end in {@code
   * _total}.
   */
  public Future<Void> increment(String name, double amount, Map<String, String> labels) {
    return recorded(
        Addresses.METRICS_CUSTOM_INCREMENT,
        new CustomCounterIncrement(name, amount, labels, null).toJson());
  }

  /** Adds 1 to custom counter {@code name}. */
  public Future<Void> increment(String name) {
    return increment(name, 1, Map.of());
  }

  /** Adds an alert rule at run time; completes with the rule as stored, with its {@code state}. */
  public Future<JsonObject> addAlert(AlertRuleSpec rule) {
    return request(Addresses.METRICS_ALERT_ADD, rule.toJson());
  }

  /**
   * Removes the alert rule {@code name} (a firing one is resolved); fails with 404 when there is
   * none.
   */
  public Future<Void> removeAlert(String name) {
    return request(Addresses.METRICS_ALERT_REMOVE, new AlertRemove(name).toJson()).mapEmpty();
  }

  /**
   * Every alert rule with its origin, state ({@code inactive|pending|firing}), last value and
   * since.
   */
  public Future<JsonArray> alerts() {
    return request(Addresses.METRICS_ALERT_LIST, new JsonObject())
        .map(reply -> reply.getJsonArray("alerts"));
  }

  /** The health report: healthy, degraded or unhealthy, with each check and the firing alerts. */
  public Future<HealthReport> health() {
    return request(Addresses.METRICS_HEALTH, new JsonObject()).map(HealthReport::fromJson);
  }

  /**
   * The latest system sample (see {@code docs/metrics.md}); fails with 503 before the first one.
   */
  public Future<JsonObject> system() {
    return request(Addresses.METRICS_SYSTEM, new JsonObject());
  }

  /**
   * The exposition text in {@code format} ({@link ScrapeRequest#PROMETHEUS} or {@link
   * ScrapeRequest#OPENMETRICS}).
   */
  public Future<ScrapeReply> scrape(String format) {
    return request(Addresses.METRICS_SCRAPE, new ScrapeRequest(format).toJson())
        .map(ScrapeReply::fromJson);
  }

  /**
   * Records dropped by this client because the metrics service on another node did not keep up (its
   * queue full, or a batch not taken); 0 while the service runs in this JVM.
   */
  public long dropped() {
    return remote.dropped();
  }

  /**
   * Hands a record to the service: in this JVM, to its event loop (completes once applied, or with
   * the 400 of a bad record); on another node, to the next batch (completes at once: the service
   * counts what it refuses, see the class comment).
   */
  private Future<Void> recorded(String address, JsonObject body) {
    MetricsRecorder recorder = local.get();
    if (recorder != null) {
      return recorder.record(address, body);
    }
    remote.add(new JsonObject().put("address", address).put("body", body));
    return Future.succeededFuture();
  }
}
