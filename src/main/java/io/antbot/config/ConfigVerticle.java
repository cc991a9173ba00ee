package io.antbot.config;

import io.antbot.bus.Addresses;
import io.antbot.bus.BusException;
import io.antbot.bus.ConfigFeatureRequest;
import io.antbot.bus.ConfigGetRequest;
import io.antbot.bus.ConfigHistoryRequest;
import io.antbot.bus.ConfigProblem;
import io.antbot.bus.ConfigRevertRequest;
import io.antbot.bus.ConfigRuntime;
import io.antbot.bus.ConfigSetRequest;
import io.antbot.bus.ConfigUnsetRequest;
import io.antbot.bus.ConfigValidateRequest;
import io.antbot.bus.ConfigWriteGuard;
import io.antbot.bus.JsonFields;
import io.antbot.bus.Services;
import io.antbot.bus.TrustedHeaders;
import io.antbot.cluster.PeerConfirmations;
import io.antbot.local.ConfigReader;
import io.antbot.local.LocalServices;
import io.antbot.service.BusRequest;
import io.antbot.service.ServiceVerticle;
import io.antbot.settings.ConfigException;
import io.antbot.settings.Settings;
import io.antbot.vertx.VertxInternals;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration service: the layered configuration, validated against {@code schema.yaml},
 * reloaded when its files change, overridable at run time, versioned, and broadcast on {@code
 * antbot.config.changed}.
 *
 * <p>Deployment config: {@code {conf: DIR, env: NAME, overrides: {...}}} — {@code overrides} are
 * the command line's settings (such as {@code --port}), applied above the files, environment and
 * system properties and below the runtime overrides. An invalid configuration fails the deployment
 * with a {@link ConfigException} whose message is one line: {@code conf/application.yaml:12:
 * trading.max_position_size: expected a number, got "abc"}.
 */
public class ConfigVerticle extends ServiceVerticle {

  private static final Logger log = LoggerFactory.getLogger(ConfigVerticle.class);
  static final String SCHEMA_DIFFERS = "differs";
  private static final String ALERT_ID = "config.rejected";

  /** How often a clustered node checks that it has the cluster's latest version. */
  private static final long CLUSTER_SYNC_MS = 2_000;

  private final Map<String, String> environment;
  private final Clock clock;
  private LiveConfig live;
  private volatile String schema;
  private volatile String node;
  private com.hazelcast.core.HazelcastInstance clusterHazelcast;
  private DirectoryWatcher watcher;
  private volatile boolean alertFiring;

  /** Reads environment variables from the process. */
  public ConfigVerticle() {
    this(System.getenv(), Clock.systemUTC());
  }

  /**
   * Reads {@code ANTBOT_*} variables from {@code environment} instead of the process (tests,
   * embedding).
   */
  public ConfigVerticle(Map<String, String> environment, Clock clock) {
    super(Services.CONFIG);
    this.environment = Map.copyOf(environment);
    this.clock = clock;
  }

  @Override
  protected Future<?> startService() {
    Path confDir = Path.of(config().getString("conf", "conf"));
    String env = config().getString("env", "development");
    live =
        new LiveConfig(
            confDir,
            env,
            environment,
            System::getProperties,
            config().getJsonObject("overrides", new JsonObject()),
            clock,
            this::broadcast);
    com.hazelcast.core.HazelcastInstance hazelcast = VertxInternals.hazelcast(vertx);
    String clusterNode = config().getString("node");
    if (hazelcast != null) {
      node = clusterNode;
      live.share(
          new ClusterOverrides(
              hazelcast, Duration.ofSeconds(config().getInteger("join_timeout_s", 30))),
          clusterNode,
          this::caughtUp);
      // Another core node's change: take it from the cluster (its broadcast already reached this
      // node's services, or did not — the bus delivers at most once — hence the periodic check).
      vertx
          .eventBus()
          .<JsonObject>consumer(
              Addresses.CONFIG_CHANGED,
              message -> {
                LiveConfig.Snapshot now = live.current();
                Object version = message.body() == null ? null : message.body().getValue("version");
                if (now != null
                    && version instanceof Number number
                    && number.longValue() > now.version()) {
                  syncWithCluster();
                }
              });
      vertx.setPeriodic(CLUSTER_SYNC_MS, id -> syncWithCluster());
      // Another core node that acknowledges a version first waits until this node serves it.
      clusterHazelcast = hazelcast;
      live.onServing(version -> context.runOnContext(v -> releaseWaiters()));
      PeerConfirmations.serve(
          vertx, context, hazelcast, Addresses.CONFIG_CONFIRM, this::serveVersion);
    }
    handle(Addresses.CONFIG_GET, this::get);
    handle(Addresses.CONFIG_SNAPSHOT, this::snapshot);
    handle(
        Addresses.CONFIG_RUNTIME,
        request ->
            Future.succeededFuture(new ConfigRuntime(env, confDir.toString(), node).toJson()));
    handle(Addresses.CONFIG_SET, this::set);
    handle(Addresses.CONFIG_UNSET, this::unset);
    handle(Addresses.CONFIG_HISTORY, this::history);
    handle(Addresses.CONFIG_REVERT, this::revert);
    handle(Addresses.CONFIG_VALIDATE, this::validate);
    handle(Addresses.CONFIG_FEATURE, this::feature);
    handle(
        Addresses.CONFIG_SCHEMA,
        r -> {
          JsonFields.rejectUnknown(r.body(), Set.of());
          return Future.succeededFuture(SchemaDescription.of(current().schema()));
        });
    return vertx
        .executeBlocking(
            () -> {
              LiveConfig.Snapshot loaded = live.start();
              schema = schemaAgainstPackaged(confDir);
              if (node == null) {
                node = ProcessHandle.current().pid() + "@" + hostName();
              }
              return loaded;
            })
        .recover(
            failure ->
                Future.failedFuture(
                    failure instanceof ConfigException
                        ? failure
                        : new ConfigException(String.valueOf(failure.getMessage()))))
        .compose(
            snapshot -> {
              log.info(
                  "configuration version {} loaded from {} for environment {}",
                  snapshot.version(),
                  confDir,
                  env);
              live.startWarnings().forEach(warning -> log.warn("{}", warning.line()));
              if (SCHEMA_DIFFERS.equals(schema)) {
                log.warn(
                    "{} differs from the schema this build was made with: the services read their"
                        + " defaults and ranges from the packaged one",
                    confDir.resolve("schema.yaml"));
              }
              return watch(snapshot.config());
            })
        .onSuccess(v -> LocalServices.publish(vertx, LocalServices.CONFIG_READER, reader));
  }

  /**
   * How the configuration directory's {@code schema.yaml} stands against the packaged one: {@code
   * packaged} (there is none, the packaged one applies), {@code same}, or {@value #SCHEMA_DIFFERS}.
   */
  static String schemaAgainstPackaged(Path confDir) throws java.io.IOException {
    Path file = confDir.resolve("schema.yaml");
    if (!java.nio.file.Files.exists(file)) {
      return "packaged";
    }
    return java.nio.file.Files.readString(file).equals(Settings.shippedText())
        ? "same"
        : SCHEMA_DIFFERS;
  }

  /** The host's name, without a DNS lookup: the kernel's, or the loopback's when unreadable. */
  private static String hostName() {
    try {
      String name = java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux, or no /proc: the environment's name below
    }
    String fromEnvironment = System.getenv("HOSTNAME");
    return fromEnvironment == null || fromEnvironment.isBlank() ? "localhost" : fromEnvironment;
  }

  @Override
  protected Future<?> stopService() {
    LocalServices.withdraw(vertx, LocalServices.CONFIG_READER, reader);
    if (watcher == null) {
      return Future.succeededFuture();
    }
    DirectoryWatcher stopping = watcher;
    return vertx.executeBlocking(
        () -> {
          stopping.close();
          return null;
        });
  }

  @Override
  protected JsonObject details() {
    LiveConfig.Snapshot snapshot = live == null ? null : live.current();
    return new JsonObject()
        .put("conf", live == null ? null : live.confDir().toString())
        .put("env", live == null ? null : live.env())
        .put(
            "state_dir",
            live == null || live.stateDir() == null ? null : live.stateDir().toString())
        .put("config_version", snapshot == null ? 0 : snapshot.version())
        .put("watching", watcher != null)
        .put("schema", schema)
        .put("last_reload_rejected", alertFiring);
  }

  /**
   * Starts the watcher unless {@code core.hot_reload} is false. Reloads run on the watcher's
   * dedicated thread, never on the event loop, and without a hop through the worker pool (which
   * keeps the latency low under load).
   */
  private Future<Void> watch(JsonObject config) {
    if (Boolean.FALSE.equals(ConfigLayers.lookup(config, "core.hot_reload"))) {
      log.info("hot reload is off (core.hot_reload: false)");
      return Future.succeededFuture();
    }
    long debounce =
        ConfigLayers.lookup(config, "core.reload_debounce_ms") instanceof Number number
            ? number.longValue()
            : ((Number) Settings.defaultOf("core.reload_debounce_ms")).longValue();
    Set<String> names = Set.copyOf(live.fileNames());
    DirectoryWatcher candidate =
        new DirectoryWatcher(live.confDir(), debounce, names::contains, this::reload);
    return vertx
        .executeBlocking(
            () -> {
              candidate.start();
              return null;
            })
        .<Void>mapEmpty()
        .onSuccess(v -> watcher = candidate);
  }

  /**
   * Runs on the watcher's own thread (blocking I/O is fine there); {@link LiveConfig} serializes it
   * with writes.
   */
  private void reload(Set<String> changed) {
    log.debug("configuration files changed: {}", changed);
    LiveConfig.Outcome outcome = live.reload();
    if (outcome instanceof LiveConfig.Applied applied) {
      applied.warnings().forEach(warning -> log.warn("{}", warning.line()));
      resolveAlert();
    } else if (outcome instanceof LiveConfig.Unchanged unchanged) {
      log.debug(
          "configuration files saved without an effective change (version {})",
          unchanged.version());
      resolveAlert();
    } else if (outcome instanceof LiveConfig.Rejected rejected) {
      reject(rejected);
    } else if (outcome instanceof LiveConfig.Incomplete incomplete) {
      log.warn(
          "{} is empty: ignored until it has content again (version {} stays in force)",
          incomplete.file(),
          live.current().version());
    }
  }

  /**
   * Logs and publishes a new version; called by {@link LiveConfig} on a worker thread, in version
   * order.
   */
  private void broadcast(LiveConfig.Applied applied) {
    JsonObject event = applied.event().toJson();
    log.info(
        "configuration version {} ({}{}): {}",
        applied.event().version(),
        applied.event().source(),
        applied.event().actor() == null ? "" : " by " + applied.event().actor(),
        applied.event().changes().stream()
            .map(c -> c.key() + " " + c.oldValue() + " -> " + c.newValue())
            .collect(Collectors.joining(", ")));
    if (!applied.event().restartRequired().isEmpty()) {
      log.warn(
          "configuration version {}: {} only take effect after a restart",
          applied.event().version(),
          applied.event().restartRequired());
    }
    vertx
        .eventBus()
        .publish(
            Addresses.CONFIG_CHANGED,
            event,
            new DeliveryOptions()
                .addHeader(TrustedHeaders.PUBLISHER, TrustedHeaders.CONFIG_SERVICE));
  }

  private void syncWithCluster() {
    if (live.current() == null) {
      return;
    }
    vertx
        .executeBlocking(live::sync, false)
        .onSuccess(
            applied -> {
              if (applied != null) {
                caughtUp(applied);
              }
            })
        .onFailure(
            failure ->
                log.warn("cannot read the cluster's configuration: {}", failure.getMessage()));
  }

  /** Another core node's request for a version this node does not serve yet. */
  private record Waiter(long version, Promise<JsonObject> answer) {}

  /**
   * The requests of {@link #serveVersion} still waiting; touched on this verticle's context only.
   */
  private final List<Waiter> waiters = new ArrayList<>();

  /**
   * Another core node acknowledges {@code {version}}: answered once this node serves that version
   * or a later one (taken from the cluster now when it has not yet: answered as soon as it is in
   * force here, before its history entry is written), with {@code {version}} as this node has it —
   * lower only when the cluster's version is not valid on this node (logged here).
   */
  private Future<JsonObject> serveVersion(JsonObject body) {
    if (body.size() != 1
        || !(body.getValue("version") instanceof Number number)
        || number.doubleValue() != number.longValue()
        || number.longValue() < 1) {
      throw new IllegalArgumentException("expected {version: a positive integer}");
    }
    long wanted = number.longValue();
    if (servedVersion() >= wanted) {
      return Future.succeededFuture(new JsonObject().put("version", servedVersion()));
    }
    Waiter waiter = new Waiter(wanted, Promise.promise());
    waiters.add(waiter);
    vertx
        .executeBlocking(live::sync, false)
        .onComplete(
            done -> {
              if (done.succeeded() && done.result() != null) {
                caughtUp(done.result());
              } else if (done.failed()) {
                log.warn("cannot read the cluster's configuration: {}", done.cause().getMessage());
              }
              releaseWaiters();
              // Its own sync is over: this node serves what it can of the cluster's version.
              if (waiters.remove(waiter)) {
                waiter.answer().tryComplete(new JsonObject().put("version", servedVersion()));
              }
            });
    return waiter.answer().future();
  }

  /** Answers the waiters whose version this node serves. */
  private void releaseWaiters() {
    long served = servedVersion();
    waiters.removeIf(
        waiter -> {
          if (waiter.version() > served) {
            return false;
          }
          waiter.answer().tryComplete(new JsonObject().put("version", served));
          return true;
        });
  }

  private long servedVersion() {
    LiveConfig.Snapshot now = live.current();
    return now == null ? 0 : now.version();
  }

  /**
   * A version taken from the cluster, published to this node's services only: each of them either
   * had it from the other node's broadcast (and ignores it) or missed it.
   */
  private void caughtUp(LiveConfig.Applied applied) {
    vertx
        .eventBus()
        .publish(
            Addresses.CONFIG_CHANGED,
            applied.event().toJson(),
            new DeliveryOptions()
                .setLocalOnly(true)
                .addHeader(TrustedHeaders.PUBLISHER, TrustedHeaders.CONFIG_SERVICE));
  }

  private void reject(LiveConfig.Rejected rejected) {
    String text =
        rejected.errors().stream().map(ConfigProblem::line).collect(Collectors.joining("; "));
    log.warn(
        "configuration change rejected, version {} stays in force: {}",
        live.current().version(),
        text);
    JsonArray errors = new JsonArray();
    rejected.errors().forEach(problem -> errors.add(problem.toJson()));
    String at = clock.instant().toString();
    vertx
        .eventBus()
        .publish(
            Addresses.CONFIG_REJECTED,
            new JsonObject().put("source", rejected.source()).put("errors", errors).put("at", at));
    alertFiring = true;
    vertx
        .eventBus()
        .publish(
            Addresses.ALERTS,
            alert(
                "firing",
                "warning",
                "configuration change rejected, version "
                    + live.current().version()
                    + " stays in force: "
                    + text));
  }

  private void resolveAlert() {
    if (alertFiring) {
      alertFiring = false;
      vertx
          .eventBus()
          .publish(
              Addresses.ALERTS,
              alert(
                  "resolved",
                  "warning",
                  "configuration files are valid again (version "
                      + live.current().version()
                      + ")"));
    }
  }

  private JsonObject alert(String state, String severity, String message) {
    return new JsonObject()
        .put("id", ALERT_ID)
        .put("source", Services.CONFIG)
        .put("name", "config_rejected")
        .put("severity", severity)
        .put("state", state)
        .put("message", message)
        .put("at", clock.instant().toString());
  }

  /**
   * The configuration in force; 503 while it is still loading (consumers are registered before the
   * load ends).
   */
  private LiveConfig.Snapshot current() {
    LiveConfig.Snapshot snapshot = live.current();
    if (snapshot == null) {
      throw BusException.notReady("the configuration is still loading");
    }
    return snapshot;
  }

  /** {@link #read} for the edge and clients of this Vert.x instance. */
  private final ConfigReader reader =
      new ConfigReader() {
        @Override
        public JsonObject get(JsonObject request) {
          return read(request);
        }

        @Override
        public Buffer getEncoded(String key) {
          return encoded(key);
        }
      };

  /** Replies encoded as text, of the snapshot they were read from; replaced with the snapshot. */
  private record EncodedReplies(LiveConfig.Snapshot snapshot, Map<String, Buffer> byKey) {}

  /**
   * At most this many keys' replies are kept per version (beyond, replies are encoded per read).
   */
  private static final int MAX_ENCODED_REPLIES = 1_024;

  private static final JacksonCodec STREAMING_JSON = new JacksonCodec();

  private volatile EncodedReplies encodedReplies =
      new EncodedReplies(null, new ConcurrentHashMap<>());

  /**
   * {@link #read} of {@code key} as JSON text, kept for the snapshot it came from. Any thread: a
   * racing reader may encode the same reply twice or replace the holder of a newer snapshot with
   * its own, which only costs an encoding.
   */
  private Buffer encoded(String key) {
    LiveConfig.Snapshot snapshot = current();
    EncodedReplies replies = encodedReplies;
    if (replies.snapshot() != snapshot) {
      replies = new EncodedReplies(snapshot, new ConcurrentHashMap<>());
      encodedReplies = replies;
    }
    Buffer known = replies.byKey().get(key);
    if (known != null) {
      return known;
    }
    Buffer text = STREAMING_JSON.toBuffer(read(snapshot, new JsonObject().put("key", key)), false);
    if (replies.byKey().size() < MAX_ENCODED_REPLIES) {
      replies.byKey().put(key, text);
    }
    return text;
  }

  private Future<JsonObject> get(BusRequest request) {
    return Future.succeededFuture(read(request.body()));
  }

  /**
   * {@code antbot.config.get} on the current snapshot; any thread (the snapshot is immutable and
   * replaced whole). Container values are copied, as the bus copies a reply.
   */
  private JsonObject read(JsonObject body) {
    return read(current(), body);
  }

  private static JsonObject read(LiveConfig.Snapshot snapshot, JsonObject body) {
    ConfigGetRequest get = ConfigGetRequest.fromJson(body);
    Object value = ConfigLayers.find(snapshot.config(), get.key());
    if (value == ConfigLayers.ABSENT) {
      if (!get.hasDefault()) {
        throw BusException.notFound(get.key() + ": no such key");
      }
      value = get.defaultValue();
    }
    Object shown = snapshot.redaction().redact(get.key(), value);
    if (shown instanceof JsonObject object) {
      shown = object.copy();
    } else if (shown instanceof JsonArray array) {
      shown = array.copy();
    }
    return new JsonObject()
        .put("key", get.key())
        .put("value", shown)
        .put("version", snapshot.version());
  }

  private Future<JsonObject> snapshot(BusRequest request) {
    LiveConfig.Snapshot snapshot = current();
    return Future.succeededFuture(
        new JsonObject()
            .put("version", snapshot.version())
            .put("config", snapshot.redacted().copy()));
  }

  private Future<JsonObject> set(BusRequest request) {
    ConfigSetRequest set = ConfigSetRequest.fromJson(request.body());
    current();
    return write(
        vertx.executeBlocking(
            () ->
                live.set(
                    set.key(),
                    set.value(),
                    actor(request, set.actor()),
                    set.reason(),
                    guard(request))));
  }

  private Future<JsonObject> unset(BusRequest request) {
    ConfigUnsetRequest unset = ConfigUnsetRequest.fromJson(request.body());
    current();
    return write(
        vertx.executeBlocking(
            () ->
                live.unset(
                    unset.key(), actor(request, unset.actor()), unset.reason(), guard(request))));
  }

  private Future<JsonObject> revert(BusRequest request) {
    ConfigRevertRequest revert = ConfigRevertRequest.fromJson(request.body());
    current();
    return write(
        vertx.executeBlocking(
            () ->
                live.revert(
                    revert.version(),
                    actor(request, revert.actor()),
                    revert.reason(),
                    guard(request))));
  }

  /**
   * Who made a change: the principal a boundary vouched for, else the body's {@code actor} (trusted
   * in-JVM code).
   */
  private static String actor(BusRequest request, String fromBody) {
    String principal = TrustedHeaders.principal(request.headers());
    return principal != null ? principal : fromBody;
  }

  private static ConfigWriteGuard guard(BusRequest request) {
    return ConfigWriteGuard.fromJson(request.body());
  }

  /**
   * Replies {@code {version, changes}} to a write (broadcast when applied); in a cluster, once
   * every other core node's config service serves the applied version ({@link PeerConfirmations}).
   */
  private Future<JsonObject> write(Future<LiveConfig.Outcome> outcome) {
    return outcome.compose(
        result ->
            result instanceof LiveConfig.Applied applied && clusterHazelcast != null
                ? PeerConfirmations.tellOthers(
                        vertx,
                        clusterHazelcast,
                        Addresses.CONFIG_CONFIRM,
                        List.of(new JsonObject().put("version", applied.event().version())),
                        "configuration version " + applied.event().version())
                    .map(confirmed -> written(result))
                : Future.succeededFuture(written(result)));
  }

  private static JsonObject written(LiveConfig.Outcome result) {
    if (result instanceof LiveConfig.Preview preview) {
      JsonArray changes = new JsonArray();
      preview.changes().forEach(change -> changes.add(change.toJson()));
      return new JsonObject()
          .put("version", preview.version())
          .put("dry_run", true)
          .put("changes", changes);
    }
    if (result instanceof LiveConfig.Applied applied) {
      JsonArray changes = new JsonArray();
      applied.event().changes().forEach(change -> changes.add(change.toJson()));
      return new JsonObject()
          .put("version", applied.event().version())
          .put("changes", changes)
          .put("restart_required", new JsonArray(applied.event().restartRequired()));
    }
    return new JsonObject()
        .put("version", ((LiveConfig.Unchanged) result).version())
        .put("changes", new JsonArray())
        .put("restart_required", new JsonArray());
  }

  private Future<JsonObject> history(BusRequest request) {
    ConfigHistoryRequest history = ConfigHistoryRequest.fromJson(request.body());
    current();
    return vertx
        .executeBlocking(() -> live.history(history.limit()))
        .map(
            entries -> {
              JsonArray versions = new JsonArray();
              entries.forEach(entry -> versions.add(entry.toJson()));
              return new JsonObject().put("versions", versions);
            });
  }

  private Future<JsonObject> validate(BusRequest request) {
    ConfigValidateRequest validate = ConfigValidateRequest.fromJson(request.body());
    current();
    // Unordered: a dry run must not queue behind, or hold up, the writes this context runs in
    // order.
    return vertx
        .executeBlocking(() -> live.validate(validate.yaml(), validate.file()), false)
        .map(ValidationReport::toJson);
  }

  private Future<JsonObject> feature(BusRequest request) {
    ConfigFeatureRequest feature = ConfigFeatureRequest.fromJson(request.body());
    JsonObject config = current().config();
    Object flag = ConfigLayers.lookup(config, "features." + feature.flag());
    if (!(flag instanceof JsonObject settings)) {
      JsonObject features = config.getJsonObject("features", new JsonObject());
      String known = features.fieldNames().stream().sorted().collect(Collectors.joining(", "));
      throw BusException.notFound(
          "features." + feature.flag() + ": no such flag (known: " + known + ")");
    }
    return Future.succeededFuture(
        FeatureFlags.evaluate(
                feature.flag(), settings, live.env(), feature.context(), clock.instant())
            .toJson());
  }
}
