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
import io.antbot.bus.JsonFields;
import io.antbot.bus.MetricsHistoryRequest;
import io.antbot.bus.OperationMetric;
import io.antbot.bus.ScrapeRequest;
import io.antbot.bus.Services;
import io.antbot.bus.TelemetryBatch;
import io.antbot.bus.TradeMetric;
import io.antbot.bus.WorkersMetric;
import io.antbot.local.LocalServices;
import io.antbot.local.MetricsRecorder;
import io.antbot.service.BusRequest;
import io.antbot.service.ConfigFollower;
import io.antbot.service.ServiceVerticle;
import io.antbot.vertx.VertxInternals;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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

  /** The record addresses, with the kind a refused record is counted under. */
  private static final Map<String, String> RECORDS =
      Map.of(
          Addresses.METRICS_OPERATION, "operation",
          Addresses.METRICS_TRADE, "trade",
          Addresses.METRICS_CAPITAL, "capital",
          Addresses.METRICS_COMPOUNDING, "compounding",
          Addresses.METRICS_WORKERS, "workers",
          Addresses.METRICS_CUSTOM_SET, "custom_set",
          Addresses.METRICS_CUSTOM_INCREMENT, "custom_increment");

  /**
   * The most in-process records (other than operations, which are recorded on the caller's thread)
   * waiting for this event loop; beyond, a record is dropped and counted.
   */
  static final int MAX_WAITING_RECORDS = 10_000;

  private final Clock clock;
  private final Recorder recorder = new Recorder();
  private Bots bots;
  private MetricsBackend.OwnedRegistry owned;
  private MetricsOptions options;
  private ConfigFollower config;
  private MetricsRuntime runtime;
  private final SystemSampler sampler = new SystemSampler();
  private boolean sampling;
  private HealthReporter health;
  private long systemTimer = -1;
  private long evaluationTimer = -1;
  private long lagTimer = -1;
  private MetricsHistory history;
  private long historyTimer = -1;

  /**
   * Starts OSHI's first use on a worker, so that it is done, or under way, when the service takes
   * its first system sample. That first use (OSHI's and JNA's classes, JNA's native library, the
   * hardware inventory) takes a few hundred milliseconds; a launcher calls this before deploying
   * the services that start ahead of this one, whose start is mostly on one event loop.
   */
  public static void prepareSystemSampling(Vertx vertx) {
    vertx
        .executeBlocking(() -> new SystemSampler().sample(), false)
        .onFailure(e -> log.debug("system sampling not prepared: {}", e.toString()));
  }

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
    PrometheusMeterRegistry registry = MetricsBackend.vertxRegistry(vertx);
    if (registry == null) {
      owned = MetricsBackend.ownRegistry();
      registry = owned.registry();
      log.info(
          "Vert.x was built without Prometheus metrics: the metrics service uses a registry of its own");
    }
    runtime = new MetricsRuntime(registry, MetricsOptions.defaults(), clock, Services.METRICS);
    bots = new Bots(vertx, clock);
    health = new HealthReporter(vertx, runtime::latest, runtime.alerts()::firing);
    history = new MetricsHistory(registry, runtime::latest);
    register();
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
                sample()
                    .<Void>mapEmpty()
                    .recover(
                        failure -> {
                          log.warn(
                              "first system sample failed, the system series stay empty until one succeeds: {}",
                              failure.toString());
                          return Future.succeededFuture();
                        }))
        .onSuccess(v -> probeLag())
        .onSuccess(v -> startHistory())
        .onSuccess(
            v -> {
              LocalServices.publish(vertx, LocalServices.METRICS_SCRAPER, runtime.exposition());
              LocalServices.publish(vertx, LocalServices.METRICS_RECORDER, recorder);
            });
  }

  private void register() {
    for (String address : RECORDS.keySet()) {
      handle(
          address,
          r -> {
            applyRecord(address, r.body());
            return Future.succeededFuture(new JsonObject());
          });
    }
    handle(Addresses.METRICS_BATCH, this::batch);
    handle(Addresses.METRICS_ALERT_ADD, this::addAlert);
    handle(Addresses.METRICS_ALERT_REMOVE, this::removeAlert);
    handle(Addresses.METRICS_ALERT_LIST, r -> Future.succeededFuture(runtime.alertList()));
    handle(
        Addresses.ALERTS,
        r -> {
          runtime.raised(r.body());
          return Future.succeededFuture();
        });
    handle(Addresses.METRICS_HEALTH, r -> health.report().map(HealthReport::toJson));
    handle(Addresses.METRICS_SYSTEM, this::system);
    handle(Addresses.METRICS_SCRAPE, this::scrape);
    handle(
        Addresses.METRICS_HISTORY,
        r ->
            Future.succeededFuture(
                history.toJson(MetricsHistoryRequest.fromJson(r.body()).limit())));
    handle(Addresses.CONFIG_CHANGED, this::configChanged);
    handle(Addresses.BOTS_ANNOUNCE, bots::announce);
    handle(Addresses.BOTS_HEARTBEAT, bots::heartbeat);
    handle(Addresses.BOTS_STOPPED, bots::stopped);
    handle(Addresses.BOTS_LIST, bots::list);
    handle(Addresses.BOTS_PAUSE, r -> bots.pause(r, true));
    handle(Addresses.BOTS_RESUME, r -> bots.pause(r, false));
  }

  /** Applies {@code next} to every part; timers are restarted only when their interval changed. */
  private void apply(MetricsOptions next) {
    MetricsOptions previous = options;
    options = next;
    runtime.apply(next).forEach(this::publish);
    health.configure(next.health());
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
    sample()
        .onFailure(failure -> log.warn("system sample failed: {}", failure.toString()))
        .onComplete(done -> sampling = false);
  }

  /** Takes a system sample on a worker (OSHI reads files and may block); the runtime keeps it. */
  private Future<SystemSample> sample() {
    return vertx.executeBlocking(sampler::sample, false).onSuccess(runtime::sampled);
  }

  /**
   * Evaluates the alert rules and the error-rate baseline; runs every {@code
   * evaluation_interval_ms}.
   */
  private void evaluate() {
    runtime.evaluate().forEach(this::publish);
    bots.evaluate().onSuccess(events -> events.forEach(this::publish));
  }

  /** Measures how late a timer fires on this event loop, then probes again. */
  private void probeLag() {
    long interval = options.lagProbeIntervalMs();
    long due = System.nanoTime() + interval * 1_000_000;
    lagTimer =
        vertx.setTimer(
            interval,
            id -> {
              runtime.lag(Math.max(0, System.nanoTime() - due) / 1e9);
              probeLag();
            });
  }

  /** A first point now, then one every {@link MetricsHistory#INTERVAL_S} seconds. */
  private void startHistory() {
    history.sample(clock.instant());
    historyTimer =
        vertx.setPeriodic(MetricsHistory.INTERVAL_S * 1000L, id -> history.sample(clock.instant()));
  }

  private void publish(AlertEvent event) {
    if (AlertEvent.FIRING.equals(event.state())) {
      log.warn("alert firing: {}", event.message());
    } else {
      log.info("alert resolved: {}", event.message());
    }
    vertx.eventBus().publish(Addresses.ALERTS, event.toJson());
  }

  /**
   * Applies one record of {@code address} (a key of {@link #RECORDS}) on this event loop,
   * publishing the alert it raises; a malformed one throws the bus's 400 or 413.
   */
  private void applyRecord(String address, JsonObject body) {
    switch (address) {
      case Addresses.METRICS_OPERATION ->
          runtime.operation(OperationMetric.fromJson(body)).ifPresent(this::publish);
      case Addresses.METRICS_TRADE ->
          runtime.trade(TradeMetric.fromJson(body)).ifPresent(this::publish);
      case Addresses.METRICS_CAPITAL -> runtime.trading().capital(CapitalMetric.fromJson(body));
      case Addresses.METRICS_COMPOUNDING ->
          runtime.trading().compounding(CompoundingMetric.fromJson(body));
      case Addresses.METRICS_WORKERS -> runtime.trading().workers(WorkersMetric.fromJson(body));
      case Addresses.METRICS_CUSTOM_SET -> runtime.custom().set(CustomGaugeSet.fromJson(body));
      case Addresses.METRICS_CUSTOM_INCREMENT ->
          runtime.custom().increment(CustomCounterIncrement.fromJson(body));
      default -> throw BusException.badRequest("address: not a record address: " + address);
    }
  }

  /**
   * Applies {@code address}'s record for a bot's client (in-process or in a batch): a refusal is
   * counted under its kind and logged the first time for that kind, not per record.
   */
  private void applyClientRecord(String address, JsonObject body) {
    try {
      applyRecord(address, body);
    } catch (BusException refused) {
      refusedRecord(RECORDS.getOrDefault(address, "unknown"), refused);
      throw refused;
    }
  }

  private void refusedRecord(String kind, BusException refused) {
    if (runtime.telemetryRefused(kind)) {
      log.warn(
          "a bot's {} record was refused (counted in antbot_telemetry_refused_total, logged once"
              + " per kind): {}",
          kind,
          refused.getMessage());
    }
  }

  /** {@code antbot.metrics.batch}: every good record applied, the others counted. */
  private Future<JsonObject> batch(BusRequest request) {
    TelemetryBatch batch = TelemetryBatch.fromJson(request.body());
    if (batch.dropped() > 0) {
      runtime.telemetryDropped("client", batch.dropped());
    }
    int applied = 0;
    int refused = 0;
    for (JsonObject record : batch.records()) {
      Object address = record.getValue("address");
      Object body = record.getValue("body");
      if (!(address instanceof String name)
          || !RECORDS.containsKey(name)
          || !(body instanceof JsonObject json)
          || record.size() != 2) {
        refusedRecord(
            "unknown",
            BusException.badRequest(
                "records[]: expected {address, body} with address one of "
                    + RECORDS.keySet()
                    + " and body an object, got address "
                    + JsonFields.describe(address)));
        refused++;
        continue;
      }
      try {
        applyClientRecord(name, json);
        applied++;
      } catch (BusException e) {
        refused++;
      }
    }
    return Future.succeededFuture(new JsonObject().put("applied", applied).put("refused", refused));
  }

  /**
   * What bots in this JVM record through: operations on their own thread, the other records on this
   * event loop, without a bus message or a reply.
   */
  private final class Recorder implements MetricsRecorder {
    private final AtomicInteger waiting = new AtomicInteger();

    @Override
    public void operation(String component, String operation, double durationMs, boolean success) {
      OperationMetric metric;
      try {
        metric = OperationMetric.checked(component, operation, durationMs, success);
      } catch (BusException refused) {
        refusedRecord("operation", refused);
        throw refused;
      }
      runtime.operation(metric).ifPresent(MetricsVerticle.this::publish);
    }

    @Override
    public Future<Void> record(String address, JsonObject body) {
      if (waiting.incrementAndGet() > MAX_WAITING_RECORDS) {
        waiting.decrementAndGet();
        runtime.telemetryDropped("local", 1);
        return Future.failedFuture(
            BusException.notReady(
                "the metrics service has "
                    + MAX_WAITING_RECORDS
                    + " records waiting; this one was dropped"));
      }
      Promise<Void> applied = VertxInternals.promise(vertx.getOrCreateContext());
      context.runOnContext(
          v -> {
            waiting.decrementAndGet();
            try {
              applyClientRecord(address, body);
              applied.complete();
            } catch (RuntimeException e) {
              applied.fail(e);
            }
          });
      return applied.future();
    }
  }

  private Future<JsonObject> addAlert(BusRequest request) {
    AlertRuleSpec rule = AlertRuleSpec.fromJson(request.body());
    JsonObject added = runtime.addRule(rule);
    log.info(
        "alert rule {} added: {} {} {}",
        rule.name(),
        rule.metric(),
        rule.comparator().symbol(),
        rule.threshold());
    return Future.succeededFuture(added);
  }

  private Future<JsonObject> removeAlert(BusRequest request) {
    AlertRemove remove = AlertRemove.fromJson(request.body());
    runtime.alerts().remove(remove.name()).forEach(this::publish);
    log.info("alert rule {} removed", remove.name());
    return Future.succeededFuture(new JsonObject().put("removed", remove.name()));
  }

  private Future<JsonObject> system(BusRequest request) {
    SystemSample sample = runtime.latest();
    if (sample == null) {
      throw BusException.notReady("no system sample yet");
    }
    return Future.succeededFuture(sample.toJson());
  }

  private Future<JsonObject> scrape(BusRequest request) {
    return Future.succeededFuture(
        runtime.exposition().scrape(ScrapeRequest.fromJson(request.body())).toJson());
  }

  @Override
  protected JsonObject details() {
    JsonObject details = new JsonObject().put("registry", owned == null ? "vertx" : "own");
    if (runtime != null) {
      details.mergeIn(runtime.details());
    }
    return details;
  }

  @Override
  protected Future<?> stopService() {
    if (runtime != null) {
      LocalServices.withdraw(vertx, LocalServices.METRICS_SCRAPER, runtime.exposition());
      LocalServices.withdraw(vertx, LocalServices.METRICS_RECORDER, recorder);
    }
    vertx.cancelTimer(systemTimer);
    vertx.cancelTimer(evaluationTimer);
    vertx.cancelTimer(lagTimer);
    vertx.cancelTimer(historyTimer);
    if (owned != null) {
      owned.close();
    } else if (runtime != null) {
      // A shared registry outlives this verticle.
      runtime.removeMeters();
    }
    return Future.succeededFuture();
  }
}
