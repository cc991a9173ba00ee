package io.antbot.metrics;

import io.antbot.bus.AlertEvent;
import io.antbot.bus.AlertRuleSpec;
import io.antbot.bus.OperationMetric;
import io.antbot.bus.TradeMetric;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics service's parts on one registry: the series it records (operations, trading, custom
 * metrics, system gauges, dropped series, anomalies, firing alerts, event-loop lag) behind one
 * {@link CardinalityGuard}, the alert rules, the anomaly baselines, the alerts other services
 * raised, and the exposition the scrape reads.
 *
 * <p>One thread drives it (the metrics verticle's event loop), except {@link #exposition()} and
 * {@link #latest()}, which any thread may read, and {@link #operation}, which any thread may call.
 * Methods that can raise or resolve an alert return the events; publishing them is the caller's.
 */
final class MetricsRuntime {

  /** The label value of the anomaly series that are not per operation. */
  private static final String ALL = "all";

  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final String source;
  private final CardinalityGuard guard;
  private final OperationMetrics operations;
  private final TradingMetrics trading;
  private final CustomMetrics custom;
  private final SystemGauges systemGauges;
  private final AlertEvaluator alerts;
  private final AnomalyMonitor anomalies;
  private final RaisedAlerts raised = new RaisedAlerts();
  private final Exposition exposition;
  private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
  private final Map<String, Counter> anomalyCounts = new ConcurrentHashMap<>();
  private final Map<String, Counter> refused = new ConcurrentHashMap<>();
  private final Set<String> refusedLogged = ConcurrentHashMap.newKeySet();
  private final Map<String, Counter> droppedRecords = new ConcurrentHashMap<>();
  private final Map<AlertRuleSpec.Severity, Meters.Cell> firingGauges =
      new EnumMap<>(AlertRuleSpec.Severity.class);
  private final Meters.Cell lag;
  private volatile SystemSample latest;

  /**
   * Registers the service's meters on {@code registry}, sized by {@code options}; the alert rules
   * and budgets of {@code options} apply with {@link #apply}.
   *
   * @param source the service name alert events carry
   */
  MetricsRuntime(
      PrometheusMeterRegistry registry, MetricsOptions options, Clock clock, String source) {
    this.registry = registry;
    this.clock = clock;
    this.source = source;
    this.exposition = new Exposition(registry);
    this.guard =
        new CardinalityGuard(
            metric -> counter(dropped, MetricNames.DROPPED_SERIES, metric).increment());
    this.operations = new OperationMetrics(registry, guard, options.errorRateWindowS());
    this.trading = new TradingMetrics(registry, guard);
    this.custom = new CustomMetrics(registry, guard, options.customMaxMetrics());
    this.systemGauges = new SystemGauges(registry, guard, () -> latest);
    this.alerts = new AlertEvaluator(clock, source);
    this.anomalies =
        new AnomalyMonitor(
            clock,
            source,
            options.anomaly(),
            metric -> counter(anomalyCounts, MetricNames.ANOMALIES, metric).increment());
    for (AlertRuleSpec.Severity severity : AlertRuleSpec.Severity.values()) {
      firingGauges.put(
          severity,
          Meters.cell(
              registry, MetricNames.ALERTS_FIRING, Tags.of("severity", severity.wireName()), 0));
    }
    this.lag = Meters.cell(registry, MetricNames.EVENT_LOOP_LAG, Tags.empty(), 0);
  }

  private Counter counter(Map<String, Counter> counters, MetricName name, String metric) {
    return counters.computeIfAbsent(
        metric, m -> Meters.counter(registry, name, Tags.of("metric", m)));
  }

  /**
   * Counts a record of kind {@code kind} refused as malformed; returns whether it is the first of
   * its kind (which the caller logs). Any thread.
   */
  boolean telemetryRefused(String kind) {
    refused
        .computeIfAbsent(
            kind, k -> Meters.counter(registry, MetricNames.TELEMETRY_REFUSED, Tags.of("kind", k)))
        .increment();
    return refusedLogged.add(kind);
  }

  /** Counts {@code count} records dropped at {@code source} ({@code local} or {@code client}). */
  void telemetryDropped(String source, long count) {
    droppedRecords
        .computeIfAbsent(
            source,
            s -> Meters.counter(registry, MetricNames.TELEMETRY_DROPPED, Tags.of("source", s)))
        .increment(count);
  }

  /**
   * Applies {@code next} to every part (budgets, sizes, baselines, alert rules); returns the events
   * of alerts that the new rules resolve.
   */
  List<AlertEvent> apply(MetricsOptions next) {
    guard.configure(next.defaultBudget(), next.budgets());
    custom.maxMetrics(next.customMaxMetrics());
    operations.resizeWindow(next.errorRateWindowS());
    anomalies.configure(next.anomaly());
    return alerts.configure(next.alerts());
  }

  /**
   * Records an operation; returns the latency anomaly it makes, if any. Unlike the rest of the
   * runtime, safe to call from any thread (a bot's in-process record).
   */
  Optional<AlertEvent> operation(OperationMetric operation) {
    String watched = operations.record(operation, clock.millis());
    return anomalies.observe(AnomalyMonitor.OPERATION_LATENCY, watched, operation.durationMs());
  }

  /** Records a trade; returns the profit-and-loss anomaly it makes, if any. */
  Optional<AlertEvent> trade(TradeMetric trade) {
    trading.trade(trade);
    return trade.profitLoss() == null
        ? Optional.empty()
        : anomalies.observe(AnomalyMonitor.TRADE_PNL, ALL, trade.profitLoss());
  }

  /**
   * Evaluates the error-rate baseline and the alert rules and updates the firing gauges; returns
   * the events of alerts that fired or resolved.
   */
  List<AlertEvent> evaluate() {
    List<AlertEvent> events = new ArrayList<>();
    double errorRatio = operations.refreshErrorRatio(clock.millis());
    anomalies.observe(AnomalyMonitor.ERROR_RATE, ALL, errorRatio).ifPresent(events::add);
    MetricValues values = MetricValues.of(registry, alerts.metrics());
    events.addAll(alerts.evaluate(values::value));
    List<AlertEvaluator.Firing> firing = alerts.firing();
    firingGauges.forEach(
        (severity, cell) ->
            cell.set(firing.stream().filter(f -> f.severity() == severity).count()));
    return events;
  }

  /** Adds (or replaces) a rule; returns it with its state. */
  JsonObject addRule(AlertRuleSpec rule) {
    alerts.add(rule);
    return rule.toJson().put("state", alerts.state(rule.name()).name().toLowerCase(Locale.ROOT));
  }

  /** The rules with their states, the active anomalies, and the alerts other services raised. */
  JsonObject alertList() {
    return new JsonObject()
        .put("alerts", alerts.list())
        .put("anomalies", anomalies.active())
        .put("raised", raised.list())
        .put("raised_dropped", raised.dropped());
  }

  /**
   * An alert published on {@code antbot.alerts}: listed while it fires; this service's own are
   * listed with the rules already.
   */
  void raised(JsonObject alert) {
    raised.accept(alert, source);
  }

  /** Takes a new system sample: the system gauges and the health report read it. */
  void sampled(SystemSample sample) {
    latest = sample;
    systemGauges.track(sample);
  }

  /** The latest system sample; {@code null} before the first. */
  SystemSample latest() {
    return latest;
  }

  /** Sets how late the last event-loop probe fired, in seconds. */
  void lag(double seconds) {
    lag.set(seconds);
  }

  TradingMetrics trading() {
    return trading;
  }

  CustomMetrics custom() {
    return custom;
  }

  AlertEvaluator alerts() {
    return alerts;
  }

  Exposition exposition() {
    return exposition;
  }

  /** Counts for the service's status. */
  JsonObject details() {
    return new JsonObject()
        .put("meters", registry.getMeters().size())
        .put("custom_metrics", custom.size())
        .put("alert_rules", alerts.list().size())
        .put("alerts_firing", alerts.firing().size())
        .put("system_sampled_at", latest == null ? null : latest.at().toString());
  }

  /**
   * Takes this service's meters out of a registry that outlives it, so that a new deployment
   * registers fresh ones.
   */
  void removeMeters() {
    for (Meter meter : registry.getMeters()) {
      if (meter.getId().getName().startsWith("antbot.") || custom.owns(meter.getId().getName())) {
        registry.remove(meter);
      }
    }
  }
}
