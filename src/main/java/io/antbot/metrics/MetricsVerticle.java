package io.antbot.metrics;

import io.antbot.bus.Addresses;
import io.antbot.bus.AlertEvent;
import io.antbot.bus.AlertRemove;
import io.antbot.bus.AlertRuleSpec;
import io.antbot.bus.BusException;
import io.antbot.bus.CapitalMetric;
import io.antbot.bus.CompoundingMetric;
import io.antbot.bus.CustomCounterIncrement;
import io.antbot.bus.CustomGaugeSet;
import io.antbot.bus.HealthReport;
import io.antbot.bus.OperationMetric;
import io.antbot.bus.ScrapeRequest;
import io.antbot.bus.Services;
import io.antbot.bus.TradeMetric;
import io.antbot.bus.WorkersMetric;
import io.antbot.local.LocalServices;
import io.antbot.service.BusRequest;
import io.antbot.service.ConfigFollower;
import io.antbot.service.ServiceVerticle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics service: records operations, trades and custom metrics sent over the bus into a
 * Prometheus registry, samples the system with OSHI on a worker, evaluates alert rules and anomaly
 * baselines, and reports health.
 *
 * <p>The registry is the Vert.x Micrometer one when Vert.x was built with {@link MetricsBackend}
 * (so the scrape also holds Vert.x's and the JVM's metrics), else one of its own. Every setting of
 * the {@code metrics} section applies live on {@code antbot.config.changed}. All state is confined
 * to this verticle's event loop, except the scrape: once started, the service publishes its {@link
 * io.antbot.local.PrometheusScraper} under {@link LocalServices#METRICS_SCRAPER} (withdrawn on
 * stop), so the HTTP route of the same Vert.x instance scrapes the registry without a bus round
 * trip.
 */
public class MetricsVerticle extends ServiceVerticle {

  private static final Logger log = LoggerFactory.getLogger(MetricsVerticle.class);
  private static final String ALL = "all";

  private final Clock clock;
  private PrometheusMeterRegistry registry;
  private MetricsBackend.OwnedRegistry owned;
  private MetricsOptions options;
  private ConfigFollower config;
  private CardinalityGuard guard;
  private OperationMetrics operations;
  private TradingMetrics trading;
  private CustomMetrics custom;
  private final SystemSampler sampler = new SystemSampler();
  private SystemGauges systemGauges;
  private volatile SystemSample latest;
  private boolean sampling;
  private AlertEvaluator alerts;

  /** Alerts raised by the other services, listed beside this service's own. */
  private final RaisedAlerts raised = new RaisedAlerts();

  private AnomalyMonitor anomalies;
  private HealthReporter health;
  private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
  private final Map<String, Counter> anomalyCounts = new ConcurrentHashMap<>();
  private final Map<AlertRuleSpec.Severity, Meters.Cell> firingGauges =
      new EnumMap<>(AlertRuleSpec.Severity.class);
  private Meters.Cell lag;
  private long systemTimer = -1;
  private long evaluationTimer = -1;
  private long lagTimer = -1;
  private Exposition exposition;

  public MetricsVerticle() {
    this(Clock.systemUTC());
  }

  /** With the clock of the alert and anomaly events, for tests. */
  MetricsVerticle(Clock clock) {
    super(Services.METRICS);
    this.clock = clock;
  }

  @Override
  protected Future<?> startService() {
    registry = MetricsBackend.vertxRegistry(vertx);
    if (registry == null) {
      owned = MetricsBackend.ownRegistry();
      registry = owned.registry();
      log.info(
          "Vert.x was built without Prometheus metrics: the metrics service uses a registry of its own");
    }
    exposition = new Exposition(registry);
    guard =
        new CardinalityGuard(
            metric ->
                dropped
                    .computeIfAbsent(
                        metric,
                        m ->
                            Meters.counter(
                                registry, MetricNames.DROPPED_SERIES, Tags.of("metric", m)))
                    .increment());
    MetricsOptions defaults = MetricsOptions.defaults();
    operations = new OperationMetrics(registry, guard, defaults.errorRateWindowS());
    trading = new TradingMetrics(registry, guard);
    custom = new CustomMetrics(registry, guard, defaults.customMaxMetrics());
    systemGauges = new SystemGauges(registry, guard, () -> latest);
    alerts = new AlertEvaluator(clock, Services.METRICS);
    anomalies =
        new AnomalyMonitor(
            clock,
            Services.METRICS,
            defaults.anomaly(),
            metric ->
                anomalyCounts
                    .computeIfAbsent(
                        metric,
                        m -> Meters.counter(registry, MetricNames.ANOMALIES, Tags.of("metric", m)))
                    .increment());
    health = new HealthReporter(vertx, () -> latest, alerts::firing);
    for (AlertRuleSpec.Severity severity : AlertRuleSpec.Severity.values()) {
      firingGauges.put(
          severity,
          Meters.cell(
              registry, MetricNames.ALERTS_FIRING, Tags.of("severity", severity.wireName()), 0));
    }
    lag = Meters.cell(registry, MetricNames.EVENT_LOOP_LAG, Tags.empty(), 0);

    handle(Addresses.METRICS_OPERATION, this::operation);
    handle(Addresses.METRICS_TRADE, this::trade);
    handle(
        Addresses.METRICS_CAPITAL,
        r -> record(() -> trading.capital(CapitalMetric.fromJson(r.body()))));
    handle(
        Addresses.METRICS_COMPOUNDING,
        r -> record(() -> trading.compounding(CompoundingMetric.fromJson(r.body()))));
    handle(
        Addresses.METRICS_WORKERS,
        r -> record(() -> trading.workers(WorkersMetric.fromJson(r.body()))));
    handle(
        Addresses.METRICS_CUSTOM_SET,
        r -> record(() -> custom.set(CustomGaugeSet.fromJson(r.body()))));
    handle(
        Addresses.METRICS_CUSTOM_INCREMENT,
        r -> record(() -> custom.increment(CustomCounterIncrement.fromJson(r.body()))));
    handle(Addresses.METRICS_ALERT_ADD, this::addAlert);
    handle(Addresses.METRICS_ALERT_REMOVE, this::removeAlert);
    handle(
        Addresses.METRICS_ALERT_LIST,
        r ->
            Future.succeededFuture(
                new JsonObject()
                    .put("alerts", alerts.list())
                    .put("anomalies", anomalies.active())
                    .put("raised", raised.list())
                    .put("raised_dropped", raised.dropped())));
    handle(
        Addresses.ALERTS,
        r -> {
          raised.accept(r.body(), Services.METRICS);
          return Future.succeededFuture();
        });
    handle(Addresses.METRICS_HEALTH, r -> health.report().map(HealthReport::toJson));
    handle(Addresses.METRICS_SYSTEM, this::system);
    handle(Addresses.METRICS_SCRAPE, this::scrape);
    handle(Addresses.CONFIG_CHANGED, this::configChanged);

    return ConfigFollower.open(vertx, Services.METRICS)
        .map(
            follower -> {
              config = follower;
              return MetricsOptions.fromJson(follower.section());
            })
        .compose(
            read -> {
              List<String> problems = read.validate();
              return problems.isEmpty()
                  ? Future.succeededFuture(read)
                  : Future.failedFuture(new IllegalArgumentException(String.join("; ", problems)));
            })
        .onSuccess(this::apply)
        .compose(
            v ->
                vertx
                    .executeBlocking(sampler::sample, false)
                    .onSuccess(this::sampled)
                    .<Void>mapEmpty()
                    .recover(
                        failure -> {
                          log.warn(
                              "first system sample failed, the system series stay empty until one succeeds: {}",
                              failure.toString());
                          return Future.succeededFuture();
                        }))
        .onSuccess(v -> probeLag())
        .onSuccess(v -> LocalServices.publish(vertx, LocalServices.METRICS_SCRAPER, exposition));
  }

  /** Applies {@code next} to every part; timers are restarted only when their interval changed. */
  private void apply(MetricsOptions next) {
    MetricsOptions previous = options;
    options = next;
    guard.configure(next.defaultBudget(), next.budgets());
    custom.maxMetrics(next.customMaxMetrics());
    operations.resizeWindow(next.errorRateWindowS());
    anomalies.configure(next.anomaly());
    health.configure(next.health());
    alerts.configure(next.alerts()).forEach(this::publish);
    if (previous == null || previous.systemIntervalS() != next.systemIntervalS()) {
      vertx.cancelTimer(systemTimer);
      systemTimer = vertx.setPeriodic(next.systemIntervalS() * 1000L, id -> sampleSystem());
    }
    if (previous == null || previous.evaluationIntervalMs() != next.evaluationIntervalMs()) {
      vertx.cancelTimer(evaluationTimer);
      evaluationTimer = vertx.setPeriodic(next.evaluationIntervalMs(), id -> evaluate());
    }
  }

  private Future<Void> configChanged(BusRequest request) {
    return config
        .follow(request)
        .map(
            update -> {
              update.ifPresent(
                  u -> {
                    MetricsOptions next = MetricsOptions.fromJson(u.section());
                    if (next.validate().isEmpty()) {
                      apply(next);
                      log.info("metrics settings applied (version {})", u.version());
                    } else {
                      log.warn(
                          "metrics settings not applied, keeping the previous ones: {}",
                          String.join("; ", next.validate()));
                    }
                  });
              return null;
            });
  }

  /** Samples the system on a worker unless a sample is still being taken. */
  private void sampleSystem() {
    if (sampling) {
      return;
    }
    sampling = true;
    vertx
        .executeBlocking(sampler::sample, false)
        .onSuccess(this::sampled)
        .onFailure(failure -> log.warn("system sample failed: {}", failure.toString()))
        .onComplete(done -> sampling = false);
  }

  private void sampled(SystemSample sample) {
    latest = sample;
    systemGauges.track(sample);
  }

  /**
   * Evaluates the alert rules and the error-rate baseline; runs every {@code
   * evaluation_interval_ms}.
   */
  private void evaluate() {
    double errorRatio = operations.refreshErrorRatio(clock.millis());
    anomalies.observe(AnomalyMonitor.ERROR_RATE, ALL, errorRatio).ifPresent(this::publish);
    MetricValues values = MetricValues.of(registry, alerts.metrics());
    alerts.evaluate(values::value).forEach(this::publish);
    List<AlertEvaluator.Firing> firing = alerts.firing();
    firingGauges.forEach(
        (severity, cell) ->
            cell.set(firing.stream().filter(f -> f.severity() == severity).count()));
  }

  /** Measures how late a timer fires on this event loop, then probes again. */
  private void probeLag() {
    long interval = options.lagProbeIntervalMs();
    long due = System.nanoTime() + interval * 1_000_000;
    lagTimer =
        vertx.setTimer(
            interval,
            id -> {
              lag.set(Math.max(0, System.nanoTime() - due) / 1e9);
              probeLag();
            });
  }

  private void publish(AlertEvent event) {
    if (AlertEvent.FIRING.equals(event.state())) {
      log.warn("alert firing: {}", event.message());
    } else {
      log.info("alert resolved: {}", event.message());
    }
    vertx.eventBus().publish(Addresses.ALERTS, event.toJson());
  }

  private Future<JsonObject> operation(BusRequest request) {
    OperationMetric operation = OperationMetric.fromJson(request.body());
    OperationMetrics.Key key = operations.record(operation, clock.millis());
    anomalies
        .observe(
            AnomalyMonitor.OPERATION_LATENCY,
            key.component() + "/" + key.operation(),
            operation.durationMs())
        .ifPresent(this::publish);
    return Future.succeededFuture(new JsonObject());
  }

  private Future<JsonObject> trade(BusRequest request) {
    TradeMetric trade = TradeMetric.fromJson(request.body());
    trading.trade(trade);
    if (trade.profitLoss() != null) {
      anomalies.observe(AnomalyMonitor.TRADE_PNL, ALL, trade.profitLoss()).ifPresent(this::publish);
    }
    return Future.succeededFuture(new JsonObject());
  }

  private static Future<JsonObject> record(Runnable recording) {
    recording.run();
    return Future.succeededFuture(new JsonObject());
  }

  private Future<JsonObject> addAlert(BusRequest request) {
    AlertRuleSpec rule = AlertRuleSpec.fromJson(request.body());
    alerts.add(rule);
    log.info(
        "alert rule {} added: {} {} {}",
        rule.name(),
        rule.metric(),
        rule.comparator().symbol(),
        rule.threshold());
    return Future.succeededFuture(
        rule.toJson().put("state", alerts.state(rule.name()).name().toLowerCase(Locale.ROOT)));
  }

  private Future<JsonObject> removeAlert(BusRequest request) {
    AlertRemove remove = AlertRemove.fromJson(request.body());
    alerts.remove(remove.name()).forEach(this::publish);
    log.info("alert rule {} removed", remove.name());
    return Future.succeededFuture(new JsonObject().put("removed", remove.name()));
  }

  private Future<JsonObject> system(BusRequest request) {
    SystemSample sample = latest;
    if (sample == null) {
      throw BusException.notReady("no system sample yet");
    }
    return Future.succeededFuture(sample.toJson());
  }

  private Future<JsonObject> scrape(BusRequest request) {
    return Future.succeededFuture(
        exposition.scrape(ScrapeRequest.fromJson(request.body())).toJson());
  }

  @Override
  protected JsonObject details() {
    JsonObject details = new JsonObject().put("registry", owned == null ? "vertx" : "own");
    if (registry != null) {
      details
          .put("meters", registry.getMeters().size())
          .put("custom_metrics", custom.size())
          .put("alert_rules", alerts.list().size())
          .put("alerts_firing", alerts.firing().size())
          .put("system_sampled_at", latest == null ? null : latest.at().toString());
    }
    return details;
  }

  @Override
  protected Future<?> stopService() {
    if (exposition != null) {
      LocalServices.withdraw(vertx, LocalServices.METRICS_SCRAPER, exposition);
    }
    vertx.cancelTimer(systemTimer);
    vertx.cancelTimer(evaluationTimer);
    vertx.cancelTimer(lagTimer);
    if (owned != null) {
      owned.close();
    } else if (registry != null) {
      // A shared registry outlives this verticle: take our meters out so a new deployment registers
      // fresh ones.
      for (Meter meter : registry.getMeters()) {
        if (meter.getId().getName().startsWith("antbot.") || custom.owns(meter.getId().getName())) {
          registry.remove(meter);
        }
      }
    }
    return Future.succeededFuture();
  }
}
