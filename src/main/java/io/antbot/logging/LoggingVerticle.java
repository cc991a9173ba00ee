package io.antbot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.antbot.bus.Addresses;
import io.antbot.bus.BusException;
import io.antbot.bus.ConfigGetRequest;
import io.antbot.bus.ConfigRuntime;
import io.antbot.bus.LogCorrelationStartRequest;
import io.antbot.bus.LogLevel;
import io.antbot.bus.LogLevelGetRequest;
import io.antbot.bus.LogLevelSetRequest;
import io.antbot.bus.LogPerformanceRequest;
import io.antbot.bus.LogQueryRequest;
import io.antbot.bus.LogWriteRequest;
import io.antbot.bus.Services;
import io.antbot.bus.TelemetryBatch;
import io.antbot.local.LocalServices;
import io.antbot.local.LogWriter;
import io.antbot.logging.logback.EventView;
import io.antbot.logging.logback.LogSafety;
import io.antbot.service.BusRequest;
import io.antbot.service.ConfigFollower;
import io.antbot.service.Correlation;
import io.antbot.service.NodeLocal;
import io.antbot.service.ServiceVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logging service: configures Logback from {@code conf/logback.xml} and the {@code logging}
 * section, writes the events bots send over the bus, keeps the last events for queries, controls
 * levels, and raises alerts on CRITICAL events and on a high error rate.
 *
 * <p>Logback is one per process, so this service owns the process's logging while it runs; when it
 * stops, the built-in configuration (a plain console, {@link
 * io.antbot.logging.logback.BuiltInConfigurator}) comes back.
 */
public class LoggingVerticle extends ServiceVerticle {

  private final LocalWriter localWriter = new LocalWriter();
  private final AtomicLong refusedWrites = new AtomicLong();
  private final AtomicLong clientDropped = new AtomicLong();

  private static final Logger log = LoggerFactory.getLogger(LoggingVerticle.class);

  private final LongSupplier clock = System::currentTimeMillis;
  private final Set<String> configSecretNames = ConcurrentHashMap.newKeySet();
  private LoggingOptions options;
  private ConfigFollower config;
  private String env;
  private Path configFile;
  private LogbackInstaller installer;
  private LogEventRing ring;
  private LogAlerts alerts;
  private LevelControl levels;
  private EventWriter writer;
  private final RuleTurboFilter filter = new RuleTurboFilter();
  private long checkTimer = -1;

  public LoggingVerticle() {
    super(Services.LOGGING);
  }

  @Override
  protected Future<?> startService() {
    handle(Addresses.LOG_WRITE, this::write);
    handle(Addresses.LOG_BATCH, this::batch);
    handle(Addresses.LOG_CORRELATION_START, this::correlationStart);
    handle(Addresses.LOG_PERFORMANCE, this::performance);
    handle(Addresses.LOG_QUERY, this::query);
    handle(Addresses.LOG_LEVEL_SET, this::levelSet);
    handle(Addresses.LOG_LEVEL_GET, this::levelGet);
    handle(Addresses.CONFIG_CHANGED, this::configChanged);
    Future<ConfigRuntime> runtime =
        request(Addresses.CONFIG_RUNTIME, new JsonObject()).map(ConfigRuntime::fromJson);
    Future<ConfigFollower> section = ConfigFollower.open(vertx, Services.LOGGING);
    Future<JsonObject> serviceName =
        request(
            Addresses.CONFIG_GET,
            new ConfigGetRequest("core.service_name", "antbot-core", true).toJson());
    Future<JsonObject> snapshot =
        request(Addresses.CONFIG_SNAPSHOT, new JsonObject()).otherwise(new JsonObject());
    return Future.all(runtime, section, serviceName, snapshot)
        .compose(
            all -> {
              env = runtime.result().env();
              config = section.result();
              options = LoggingOptions.fromJson(config.section());
              collectSecretNames(snapshot.result().getJsonObject("config", new JsonObject()), "");
              return install(
                  Path.of(runtime.result().conf()).resolve(options.configFile()),
                  String.valueOf(serviceName.result().getValue("value")));
            })
        .onSuccess(v -> LocalServices.publish(vertx, LocalServices.LOG_WRITER, localWriter));
  }

  /** Builds the plain parts, then installs them into Logback (off the event loop). */
  private Future<Void> install(Path file, String serviceName) {
    LoggerContext logback = LogbackSetup.processContext();
    configFile = file;
    ring = new LogEventRing(options.bufferSize());
    alerts = new LogAlerts(Services.LOGGING, options.alerts(), clock);
    levels = new LevelControl(logback, clock);
    writer = new EventWriter(logback, filter);
    installer = new LogbackInstaller(logback, filter, this::feed);
    filter.setRules(options.filters());
    applySafety();
    Map<String, String> properties = LogbackInstaller.properties(options, env, serviceName);
    return vertx
        .executeBlocking(() -> installer.install(file, properties))
        .map(
            loaded -> {
              levels.configure(options.rootLevel(), options.loggerLevels());
              startChecks();
              if (loaded) {
                log.info(
                    "logging to {} ({} console) with {}",
                    options.dir(),
                    options.console() ? options.consoleFormatIn(env) : "no",
                    file);
              } else {
                log.warn(
                    "{} not found: keeping the built-in console logging; no log files are written",
                    file);
              }
              return null;
            });
  }

  @Override
  protected Future<?> stopService() {
    LocalServices.withdraw(vertx, LocalServices.LOG_WRITER, localWriter);
    if (checkTimer >= 0) {
      vertx.cancelTimer(checkTimer);
    }
    if (installer == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(
        () -> {
          installer.uninstall();
          return null;
        });
  }

  @Override
  protected JsonObject details() {
    JsonObject details = new JsonObject().put("env", env);
    if (options != null && ring != null) {
      details
          .put("dir", options.dir())
          .put("config_file", configFile == null ? null : configFile.toString())
          .put("config_file_loaded", installer.fileLoaded())
          .put("console_format", options.console() ? options.consoleFormatIn(env) : "off")
          .put("buffer", new JsonObject().put("size", ring.size()).put("capacity", ring.capacity()))
          .put("dropped_events", installer.droppedEvents())
          .put("refused_client_writes", refusedWrites.get())
          .put("dropped_client_writes", clientDropped.get())
          .put("level_overrides", levels.overrideCount())
          .put("alerts_firing", new JsonArray(alerts.firing()));
    }
    return details;
  }

  /**
   * {@code antbot.log.batch}: the lines a {@code LogClient} on another node gathered; each is
   * checked and written as a single {@code antbot.log.write} would be, the refused ones counted.
   */
  private Future<JsonObject> batch(BusRequest request) {
    TelemetryBatch batch = TelemetryBatch.fromJson(request.body());
    clientDropped.addAndGet(batch.dropped());
    // A line without an id of its own is written under the batch's when its sender gave the batch
    // one (a bridge client may put all its lines under one); else it was logged outside correlated
    // work (LogClient puts each caller's id in its line's fields), and the id this service makes
    // up for a message that came without one belongs to no line.
    boolean underBatch = sentUnderCorrelation(request);
    int logged = 0;
    int filtered = 0;
    int refused = 0;
    for (JsonObject record : batch.records()) {
      try {
        LogWriteRequest line = LogWriteRequest.fromJson(record);
        if (underBatch ? writer.write(line) : writer.writeUncorrelated(line)) {
          logged++;
        } else {
          filtered++;
        }
      } catch (BusException e) {
        refusedWrite(e);
        refused++;
      }
    }
    return Future.succeededFuture(
        new JsonObject().put("logged", logged).put("filtered", filtered).put("refused", refused));
  }

  /** Counts a bot's refused line; the first one is logged, not every one. */
  private void refusedWrite(BusException refused) {
    if (refusedWrites.getAndIncrement() == 0) {
      log.warn(
          "a bot's log line was refused (counted in the status's refused_client_writes, logged"
              + " once): {}",
          refused.getMessage());
    }
  }

  /** What loggers of bots in this JVM write through, on their own thread. */
  private final class LocalWriter implements LogWriter {
    @Override
    public boolean write(LogWriteRequest write) {
      LogWriteRequest checked;
      try {
        checked =
            LogWriteRequest.checked(
                write.component(), write.level(), write.message(), write.fields());
      } catch (BusException refused) {
        refusedWrite(refused);
        throw refused;
      }
      // Under the caller's correlation id (the current context's, as for an SLF4J line on this
      // thread); outside correlated work, none: a new id per line would correlate nothing, and
      // random ids are what made the rolled files compress four times worse than the rest of a
      // line.
      return writer.write(checked);
    }
  }

  /**
   * {@code antbot.log.write}: under the id its sender gave (the message's header, or the line's
   * {@code correlation_id} field), else under none, as {@link #batch} writes a line.
   */
  private Future<JsonObject> write(BusRequest request) {
    LogWriteRequest write = LogWriteRequest.fromJson(request.body());
    boolean logged =
        sentUnderCorrelation(request) ? writer.write(write) : writer.writeUncorrelated(write);
    return Future.succeededFuture(new JsonObject().put("logged", logged));
  }

  /**
   * Whether the message came with a correlation id of its sender's (else the id it is handled under
   * was made up on arrival, and belongs to no line it carries).
   */
  private static boolean sentUnderCorrelation(BusRequest request) {
    return Correlation.isValid(request.headers().get(Correlation.HEADER));
  }

  private Future<JsonObject> correlationStart(BusRequest request) {
    LogCorrelationStartRequest start = LogCorrelationStartRequest.fromJson(request.body());
    String id = Correlation.newId();
    writer.correlationStarted(id, start.operation());
    return Future.succeededFuture(new JsonObject().put("correlation_id", id));
  }

  private Future<JsonObject> performance(BusRequest request) {
    LogPerformanceRequest timing = LogPerformanceRequest.fromJson(request.body());
    writer.performance(timing);
    vertx
        .eventBus()
        .send(
            Addresses.METRICS_OPERATION,
            timing.toJson(),
            NodeLocal.options(vertx, Addresses.METRICS_OPERATION));
    return Future.succeededFuture(new JsonObject().put("recorded", true));
  }

  private Future<JsonObject> query(BusRequest request) {
    LogQueryRequest query = LogQueryRequest.fromJson(request.body());
    JsonArray events = new JsonArray();
    ring.query(query).forEach(event -> events.add(event.toJson()));
    return Future.succeededFuture(new JsonObject().put("events", events));
  }

  private Future<JsonObject> levelSet(BusRequest request) {
    LogLevelSetRequest set = LogLevelSetRequest.fromJson(request.body());
    Long ttlMs = set.ttlS() == null ? null : Math.max(1, Math.round(set.ttlS() * 1000));
    LevelControl.Change change = levels.set(set.logger(), Level.toLevel(set.level()), ttlMs);
    if (ttlMs != null) {
      vertx.setTimer(ttlMs, id -> expireLevels());
    }
    log.info(
        "level of {} set to {} (was {}){}",
        change.logger(),
        change.level(),
        change.previous(),
        change.expiresAt() == null ? "" : " until " + change.expiresAt());
    return Future.succeededFuture(change.toJson());
  }

  private Future<JsonObject> levelGet(BusRequest request) {
    return Future.succeededFuture(
        levels.describe(LogLevelGetRequest.fromJson(request.body()).logger()));
  }

  private void expireLevels() {
    for (String logger : levels.expire()) {
      log.info(
          "level of {} reverted to {} (override expired)",
          logger,
          levels.describe(logger).getString("level"));
    }
  }

  /**
   * Follows the {@code logging} section by the broadcast's diff; learns secret key names from
   * masked values anywhere in the configuration.
   */
  private Future<Void> configChanged(BusRequest request) {
    boolean secrets = false;
    for (Object item : request.body().getJsonArray("changes", new JsonArray())) {
      if (item instanceof JsonObject change
          && change.getValue("key") instanceof String key
          && LogSafety.MASK.equals(change.getValue("new"))) {
        secrets |= configSecretNames.add(leaf(key));
      }
    }
    if (secrets) {
      applySafety();
    }
    return config
        .follow(request)
        .map(
            update -> {
              update.ifPresent(u -> applyLive(u.section()));
              return null;
            });
  }

  private void applyLive(JsonObject section) {
    LoggingOptions next;
    try {
      next = LoggingOptions.fromJson(section);
    } catch (IllegalArgumentException e) {
      log.warn("new logging settings rejected, the current ones stay: {}", e.getMessage());
      return;
    }
    long oldInterval = options.alerts().checkIntervalMs();
    options = next;
    levels.configure(next.rootLevel(), next.loggerLevels());
    filter.setRules(next.filters());
    ring.resize(next.bufferSize());
    applySafety();
    alerts.reconfigure(next.alerts());
    if (oldInterval != next.alerts().checkIntervalMs()) {
      startChecks();
    }
    log.info("logging settings applied");
  }

  private void applySafety() {
    List<String> names = new ArrayList<>(options.maskFields());
    names.addAll(configSecretNames);
    LogSafety.configure(options.maxMessageLength(), names);
  }

  /** Runs on the thread that logged: keep it short. */
  private void feed(ILoggingEvent event) {
    ring.add(event);
    LogLevel level = LogEvent.level(event);
    alerts.count(level);
    if (level.atLeast(LogLevel.ERROR) && EventView.raisesAlert(event)) {
      context.runOnContext(v -> alerts.critical(LogEvent.from(event)).ifPresent(this::publish));
    }
  }

  private void startChecks() {
    if (checkTimer >= 0) {
      vertx.cancelTimer(checkTimer);
    }
    checkTimer =
        vertx.setPeriodic(
            options.alerts().checkIntervalMs(), id -> alerts.check().forEach(this::publish));
  }

  private void publish(Alert alert) {
    if (Alert.FIRING.equals(alert.state())) {
      log.warn("alert {} firing: {}", alert.id(), alert.message());
    } else {
      log.info("alert {} resolved: {}", alert.id(), alert.message());
    }
    vertx.eventBus().publish(Addresses.ALERTS, alert.toJson());
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return vertx
        .eventBus()
        .<JsonObject>request(address, body, NodeLocal.options(vertx, address))
        .map(reply -> reply.body());
  }

  /** The last segment of every key whose value the configuration service masks. */
  private void collectSecretNames(JsonObject config, String prefix) {
    for (Map.Entry<String, Object> entry : config) {
      if (entry.getValue() instanceof JsonObject nested) {
        collectSecretNames(nested, prefix + entry.getKey() + ".");
      } else if (LogSafety.MASK.equals(entry.getValue())) {
        configSecretNames.add(entry.getKey());
      }
    }
  }

  private static String leaf(String key) {
    return key.substring(key.lastIndexOf('.') + 1);
  }
}
