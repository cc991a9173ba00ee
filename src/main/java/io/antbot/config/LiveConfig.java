package io.antbot.config;

import io.antbot.bus.BusException;
import io.antbot.bus.ConfigChange;
import io.antbot.bus.ConfigChangedEvent;
import io.antbot.bus.ConfigProblem;
import io.antbot.bus.ConfigWriteGuard;
import io.antbot.bus.FailureCode;
import io.antbot.files.AtomicFiles;
import io.antbot.settings.ConfigException;
import io.antbot.settings.ConfigSchema;
import io.antbot.settings.SchemaRule;
import io.antbot.settings.Settings;
import io.antbot.settings.YamlDocument;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The effective configuration and everything that changes it: the start, file reloads, runtime
 * overrides, reverts.
 *
 * <p>Each change builds a candidate from the layers, validates it against the schema, diffs it with
 * the current configuration and, when something really changed, persists it (overrides and history,
 * atomically) and makes it current with a new version. Readers take {@link #current()}, an
 * immutable snapshot, from any thread; changes are serialized here and do blocking I/O, so callers
 * run them off the event loop. Each new version is handed to {@code onApplied} while still
 * serialized, so broadcasts go out in version order.
 */
final class LiveConfig {

  private static final Logger log = LoggerFactory.getLogger(LiveConfig.class);

  /** Everything a reader needs, for one version. Never mutated: treat the objects as read-only. */
  record Snapshot(
      long version,
      JsonObject config,
      JsonObject redacted,
      ConfigSchema schema,
      Redaction redaction) {}

  /** What an attempted change came to. */
  sealed interface Outcome permits Applied, Unchanged, Rejected, Incomplete, Preview {}

  /** A new version, to broadcast. */
  record Applied(ConfigChangedEvent event, List<ConfigProblem> warnings) implements Outcome {}

  /** Valid, but the effective configuration is the same: nothing to broadcast. */
  record Unchanged(long version, List<ConfigProblem> warnings) implements Outcome {}

  /** Invalid: the current configuration stays in force. */
  record Rejected(String source, List<ConfigProblem> errors) implements Outcome {}

  /**
   * A configuration file is empty: most likely an editor's truncate-then-write caught between the
   * two, so the change is not judged until the file has content again (an empty base file is never
   * a valid configuration).
   */
  /**
   * A dry run: what a write would change (secrets masked) at {@code version}; nothing was applied.
   */
  record Preview(long version, List<ConfigChange> changes) implements Outcome {}

  record Incomplete(Path file) implements Outcome {}

  private final Path confDir;
  private final String env;
  private final Map<String, String> environment;
  private final Supplier<Properties> properties;
  private final JsonObject commandLine;
  private final Clock clock;
  private final Consumer<Applied> onApplied;
  private Consumer<Applied> onCaughtUp = applied -> {};
  private volatile java.util.function.LongConsumer onServing = version -> {};

  private volatile Snapshot current;
  private volatile List<ConfigLayers.Layer> baseLayers;
  private volatile OverrideStore overrides;
  private ConfigHistory history;
  private Path stateDir;
  private List<ConfigProblem> startWarnings = List.of();
  private final DocumentCache documents = new DocumentCache();
  private YamlDocument schemaDocument;
  private ConfigSchema parsedSchema;
  private SharedOverrides shared;
  private String node = "local";
  private long refusedClusterVersion;

  /**
   * The version of the cluster's state this node last read or wrote: when it is this node's own
   * version, a change is written without reading the state first.
   */
  private long sharedVersion = -1;

  LiveConfig(
      Path confDir,
      String env,
      Map<String, String> environment,
      Supplier<Properties> properties,
      JsonObject commandLine,
      Clock clock,
      Consumer<Applied> onApplied) {
    this.confDir = confDir;
    this.env = env;
    this.environment = environment;
    this.properties = properties;
    this.commandLine = commandLine;
    this.clock = clock;
    this.onApplied = onApplied;
  }

  Snapshot current() {
    return current;
  }

  /**
   * Shares the overrides and the version sequence with the other core nodes through {@code shared};
   * call before {@link #start()}. {@code node} names this node in the cluster's state and the
   * history; {@code onCaughtUp} hears of each version taken from the cluster before a change.
   */
  synchronized void share(SharedOverrides shared, String node, Consumer<Applied> onCaughtUp) {
    this.shared = shared;
    this.node = node;
    this.onCaughtUp = onCaughtUp;
  }

  /**
   * {@code listener} hears the number of each version taken from the cluster as soon as this node
   * serves it — before that version's history entry is written, and before {@link #sync} returns.
   * Called on the thread that takes it (a worker): the listener hands over and returns.
   */
  void onServing(java.util.function.LongConsumer listener) {
    this.onServing = listener;
  }

  String env() {
    return env;
  }

  Path confDir() {
    return confDir;
  }

  Path stateDir() {
    return stateDir;
  }

  List<ConfigProblem> startWarnings() {
    return startWarnings;
  }

  /** The configuration files this environment reads: the base and the environment's own. */
  List<String> fileNames() {
    return List.of("application.yaml", env + ".yaml", "schema.yaml");
  }

  /**
   * Loads everything; an invalid configuration is a {@link ConfigException} whose message is one
   * line.
   */
  synchronized Snapshot start() throws ConfigException {
    ConfigSchema schema = readSchema();
    List<ConfigLayers.Layer> base = readBaseLayers();
    Object stateValue = ConfigLayers.lookup(ConfigLayers.merge(base), "core.state_dir");
    stateDir =
        Path.of(
            stateValue instanceof String text && !text.isBlank()
                ? text
                : (String) Settings.defaultOf("core.state_dir"));
    try {
      List<String> stale = AtomicFiles.removeStaleTemps(stateDir, clock.instant());
      if (!stale.isEmpty()) {
        log.info(
            "removed {} temporary file(s) of interrupted writes from {}: {}",
            stale.size(),
            stateDir,
            stale);
      }
    } catch (IOException e) {
      log.warn(
          "cannot clean temporary files of interrupted writes in {}: {}", stateDir, e.getMessage());
    }
    overrides = OverrideStore.open(stateDir);
    List<ConfigProblem> ignored = ignoreFixedOverrides(schema);
    history = ConfigHistory.open(stateDir);
    List<ConfigLayers.Layer> layers = withOverrides(base, overrides.current());
    JsonObject merged = ConfigLayers.merge(layers);
    ValidationReport report =
        ProblemLocations.locate(new ConfigValidator(schema).validate(merged), layers);
    if (!report.valid()) {
      throw new ConfigException(report.errorLine());
    }
    startWarnings = new ArrayList<>(ignored);
    startWarnings.addAll(report.warnings());
    Redaction redaction = new Redaction(schema);
    JsonObject redacted = redaction.redact(merged);
    ConfigHistory.Entry latest = history.latest();
    // What the files and overrides on disk hold that the history has not recorded: the first
    // start, or a change while stopped (files edited, or an override written by a write that was
    // cut off before its history entry).
    ConfigHistory.Entry pending;
    if (latest == null) {
      pending =
          entry(
              1,
              ConfigChangedEvent.SOURCE_FILE,
              "system",
              "first start",
              List.of(),
              redaction.redact(overrides.current()));
    } else {
      List<ConfigChange> changes =
          history.lastConfig() == null
              ? List.of()
              : ConfigChange.diff(history.lastConfig(), redacted);
      pending =
          changes.isEmpty()
              ? null
              : entry(
                  latest.version() + 1,
                  ConfigChangedEvent.SOURCE_FILE,
                  "system",
                  "changed while stopped",
                  changes,
                  redaction.redact(overrides.current()));
    }
    baseLayers = base;
    long recorded = latest == null ? 0 : latest.version();
    current = new Snapshot(recorded, merged, redacted, schema, redaction);
    if (shared != null) {
      // In a cluster the version numbers are the cluster's: the pending version gets a number only
      // if this node's state becomes the cluster's (joinCluster).
      joinCluster(pending, historyLimit(merged));
    } else if (pending != null) {
      record(pending, historyLimit(merged));
    }
    return current;
  }

  /**
   * At start in a cluster: the first node to come up (or one whose disk holds a later version than
   * the cluster) makes its state the cluster's; a node behind takes the cluster's.
   */
  private void joinCluster(ConfigHistory.Entry pending, int historyLimit) throws ConfigException {
    try {
      shared.awaitMinimumSize();
      shared.locked(
          () -> {
            SharedOverrides.Stored stored = shared.read();
            if (stored != null && stored.version() > current.version()) {
              // The cluster went on without this node. Whatever its disk holds beyond its history
              // gets no number of its own: that number is the cluster's (this node may have been
              // stopped while taking it, its overrides written and its history not yet).
              sharedVersion = stored.version();
              if (pending != null) {
                log.info(
                    "configuration changed on this node while it was stopped, and the cluster is"
                        + " at version {} (this node's history at {}): the cluster's is taken",
                    stored.version(),
                    current.version());
              }
              adopt(stored);
              return null;
            }
            if (pending != null) {
              record(pending, historyLimit);
            }
            if (stored != null && stored.version() >= current.version()) {
              sharedVersion = stored.version();
              return null;
            }
            if (!shared.writeIfUnchanged(
                new SharedOverrides.Stored(
                    current.version(), overrides.current(), node, recentHistory(null)))) {
              throw BusException.notReady(
                  "another member wrote the cluster's configuration without its lock");
            }
            sharedVersion = current.version();
            log.info(
                "configuration version {} of this node is the cluster's (the cluster had {})",
                current.version(),
                stored == null ? "none" : stored.version());
            return null;
          });
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof ConfigException config) {
        throw config;
      }
      throw new ConfigException("cluster: cannot read the shared configuration: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new ConfigException("cluster: cannot read the shared configuration: " + e.getMessage());
    }
  }

  /** Adds the version {@code pending} (found at start) to the history and makes it current. */
  private void record(ConfigHistory.Entry pending, int historyLimit) throws ConfigException {
    try {
      history.append(pending, current.redacted(), historyLimit);
    } catch (IOException e) {
      throw new ConfigException(
          stateDir + ": cannot write the configuration history: " + e.getMessage());
    }
    current =
        new Snapshot(
            pending.version(),
            current.config(),
            current.redacted(),
            current.schema(),
            current.redaction());
  }

  /**
   * Takes a later version from the cluster, if there is one: the overrides another core node
   * applied, on this node's files. Nothing is broadcast by the caller's request; the returned event
   * (this node's view of the change) is for this node's own services, which may have missed the
   * other node's broadcast (the clustered bus delivers at most once). {@code null} when this node
   * is up to date, not clustered, or cannot apply the cluster's version (logged once).
   */
  synchronized Applied sync() {
    if (shared == null || current == null) {
      return null;
    }
    SharedOverrides.Stored stored = shared.read();
    if (stored == null) {
      return null;
    }
    sharedVersion = stored.version();
    if (stored.version() <= current.version()) {
      return null;
    }
    return adopt(stored);
  }

  private Applied adopt(SharedOverrides.Stored stored) {
    Snapshot before = current;
    List<ConfigLayers.Layer> layers = withOverrides(baseLayers, stored.overrides());
    JsonObject merged = ConfigLayers.merge(layers);
    ValidationReport report =
        ProblemLocations.locate(new ConfigValidator(before.schema()).validate(merged), layers);
    if (!report.valid()) {
      if (refusedClusterVersion != stored.version()) {
        refusedClusterVersion = stored.version();
        log.error(
            "configuration version {} of the cluster (from node {}) is not valid on this node,"
                + " which stays at version {}: {}",
            stored.version(),
            stored.node(),
            before.version(),
            report.errorLine());
      }
      return null;
    }
    try {
      overrides.replace(stored.overrides());
    } catch (IOException e) {
      throw BusException.internal(
          "cannot persist the cluster's runtime overrides under "
              + stateDir
              + ": "
              + e.getMessage());
    }
    Redaction redaction = before.redaction();
    List<ConfigChange> redacted = redaction.redact(ConfigChange.diff(before.config(), merged));
    JsonObject redactedConfig = redaction.redact(merged);
    String at = clock.instant().toString();
    current = new Snapshot(stored.version(), merged, redactedConfig, before.schema(), redaction);
    onServing.accept(stored.version());
    String reason = "version " + stored.version() + " of node " + stored.node();
    List<ConfigHistory.Entry> missed = missedEntries(before.version(), stored);
    if (missed.isEmpty() || missed.get(missed.size() - 1).version() != stored.version()) {
      // Not in the cluster's recent history (or unreadable there): one entry for the version
      // taken, with the whole difference.
      missed.add(
          new ConfigHistory.Entry(
              stored.version(),
              at,
              ConfigChangedEvent.SOURCE_CLUSTER,
              stored.node(),
              reason,
              redacted,
              redaction.redact(stored.overrides())));
    }
    try {
      history.appendAll(missed, redactedConfig, historyLimit(merged));
    } catch (IOException e) {
      log.error(
          "configuration version {} is in force but could not be added to the history under {}: {}",
          stored.version(),
          stateDir,
          e.getMessage());
    }
    log.info("configuration version {} taken from the cluster ({})", stored.version(), reason);
    return new Applied(
        new ConfigChangedEvent(
            stored.version(),
            ConfigChangedEvent.SOURCE_CLUSTER,
            redacted,
            at,
            stored.node(),
            reason,
            restartRequired(before.schema(), ConfigChange.diff(before.config(), merged))),
        report.warnings());
  }

  /**
   * Runs a change: alone on this node, or in a cluster on top of the cluster's latest version, so
   * that it gets the next number of the one sequence.
   */
  private Outcome clustered(java.util.function.Supplier<Outcome> change) {
    return clustered(change, false);
  }

  /** How often a change is built again under the lock before it gives up (503). */
  private static final int WRITE_ATTEMPTS = 3;

  /**
   * {@link #clustered(java.util.function.Supplier)}. When the cluster's state this node last saw is
   * of its own version, the change is built on it and written only if the cluster is still there
   * ({@link SharedOverrides#writeIfUnchanged}): no lock and no read, one round trip. When this node
   * may be behind, or another node wrote first, it takes the cluster-wide lock (which holds every
   * other node's write), reads the cluster's state, takes any later version and builds the change
   * on it. A dry run ({@code preview}) writes nothing: it catches up without the lock and previews
   * on the cluster's version (the write that follows it is made at the checked version or refused
   * with 409).
   */
  private Outcome clustered(java.util.function.Supplier<Outcome> change, boolean preview) {
    if (shared == null) {
      return change.get();
    }
    if (preview) {
      catchUp();
      return change.get();
    }
    if (sharedVersion == current.version()) {
      try {
        return change.get();
      } catch (ClusterMoved e) {
        // Another node wrote first: nothing was written or applied here.
      }
    }
    return shared.locked(
        () -> {
          for (int attempt = 1; ; attempt++) {
            catchUp();
            try {
              return change.get();
            } catch (ClusterMoved e) {
              // Only a member that ignores the lock (another version of the runtime, or the
              // lock's lease ran out) can get here.
              if (attempt == WRITE_ATTEMPTS) {
                throw BusException.notReady(
                    "the cluster's configuration kept changing under this node's lock; try again");
              }
            }
          }
        });
  }

  /** Reads the cluster's state and takes its version when it is later than this node's. */
  private void catchUp() {
    SharedOverrides.Stored stored = shared.read();
    if (stored == null) {
      return;
    }
    sharedVersion = stored.version();
    if (stored.version() > current.version()) {
      Applied caughtUp = adopt(stored);
      if (caughtUp != null) {
        onCaughtUp.accept(caughtUp);
      }
    }
    if (stored.version() > current.version()) {
      // adopt() could not apply it here (logged): a change on top would fork the sequence.
      throw BusException.conflict(
          "the cluster is at configuration version "
              + stored.version()
              + ", which is not valid on this node (still at "
              + current.version()
              + "; see its log): change the configuration on another node or fix this one's"
              + " files");
    }
  }

  /**
   * Another node wrote the cluster's state between this node's read and its write: nothing was
   * written or applied; {@link #clustered} builds the change again on the cluster's new version.
   */
  private static final class ClusterMoved extends RuntimeException {
    ClusterMoved() {
      super("the cluster's configuration changed meanwhile", null, false, false);
    }
  }

  private static boolean isPreview(ConfigWriteGuard guard) {
    return guard != null && guard.dryRun();
  }

  /** Re-reads the configuration files (after the watcher saw them change). */
  synchronized Outcome reload() {
    return clustered(this::reloadHere);
  }

  private Outcome reloadHere() {
    for (String name : fileNames()) {
      Path file = confDir.resolve(name);
      try {
        if (Files.exists(file) && Files.size(file) == 0) {
          return new Incomplete(file);
        }
      } catch (IOException e) {
        // Gone between the two calls: the reload below reports what is really there.
      }
    }
    ConfigSchema schema;
    List<ConfigLayers.Layer> base;
    try {
      schema = readSchema();
      base = readBaseLayers();
    } catch (ConfigException e) {
      return new Rejected(
          ConfigChangedEvent.SOURCE_FILE,
          List.of(new ConfigProblem("", ConfigProblem.SYNTAX, e.getMessage(), null)));
    }
    Outcome outcome =
        apply(base, schema, overrides.current(), ConfigChangedEvent.SOURCE_FILE, null, null);
    if (!(outcome instanceof Rejected)) {
      baseLayers = base;
    }
    return outcome;
  }

  /** {@code antbot.config.set}: 400 with the broken rules when the result would be invalid. */
  synchronized Outcome set(
      String key, Object value, String actor, String reason, ConfigWriteGuard guard) {
    return clustered(() -> setHere(key, value, actor, reason, guard), isPreview(guard));
  }

  private Outcome setHere(
      String key, Object value, String actor, String reason, ConfigWriteGuard guard) {
    Snapshot snapshot = current;
    List<String> segments = Arrays.asList(key.split("\\."));
    if (!snapshot.schema().isKnown(segments)) {
      String nearest = snapshot.schema().nearest(segments);
      throw BusException.badRequest(
          key + ": unknown key" + (nearest == null ? "" : " (did you mean " + nearest + "?)"));
    }
    JsonObject next = overrides.current();
    ConfigChange.put(next, key, value instanceof JsonObject object ? object.copy() : value);
    return change(
        next, ConfigChangedEvent.SOURCE_RUNTIME, actor, reason, FailureCode.BAD_REQUEST, "", guard);
  }

  /** {@code antbot.config.unset}: 404 when there is no override at {@code key}. */
  synchronized Outcome unset(String key, String actor, String reason, ConfigWriteGuard guard) {
    return clustered(() -> unsetHere(key, actor, reason, guard), isPreview(guard));
  }

  private Outcome unsetHere(String key, String actor, String reason, ConfigWriteGuard guard) {
    refuseFixed(current.schema(), key);
    JsonObject next = overrides.current();
    if (!ConfigLayers.contains(next, key)) {
      throw BusException.notFound(key + ": no runtime override to remove");
    }
    ConfigChange.apply(next, List.of(new ConfigChange(key, null, null)));
    return change(
        next, ConfigChangedEvent.SOURCE_RUNTIME, actor, reason, FailureCode.BAD_REQUEST, "", guard);
  }

  /**
   * {@code antbot.config.revert}: restores the overrides of a kept version; 404 when it is not
   * kept.
   */
  synchronized Outcome revert(long version, String actor, String reason, ConfigWriteGuard guard) {
    return clustered(() -> revertHere(version, actor, reason, guard), isPreview(guard));
  }

  private Outcome revertHere(long version, String actor, String reason, ConfigWriteGuard guard) {
    ConfigHistory.Entry entry = history.find(version);
    if (entry == null) {
      ConfigHistory.Entry latest = history.latest();
      throw BusException.notFound(
          "version "
              + version
              + ": not in the history (kept: "
              + history.oldest()
              + " to "
              + (latest == null ? 0 : latest.version())
              + ")");
    }
    JsonObject target =
        restoreSecrets(entry.overrides(), overrides.current(), current.redaction(), version);
    return change(
        target,
        ConfigChangedEvent.SOURCE_REVERT,
        actor,
        reason == null ? "revert to version " + version : reason,
        FailureCode.CONFLICT,
        "version " + version + " cannot be restored: ",
        guard);
  }

  /**
   * The history keeps overrides with secrets masked, so a revert takes each secret from the
   * overrides in force now; a secret that is no longer set cannot be restored (409): it has to be
   * set again.
   */
  private static JsonObject restoreSecrets(
      JsonObject kept, JsonObject now, Redaction redaction, long version) {
    JsonObject target = kept.copy();
    List<String> lost = new ArrayList<>();
    for (Map.Entry<String, Object> leaf : ConfigChange.leaves(kept).entrySet()) {
      if (Redaction.MASK.equals(leaf.getValue()) && redaction.isSecret(leaf.getKey())) {
        if (ConfigLayers.contains(now, leaf.getKey())) {
          ConfigChange.put(target, leaf.getKey(), ConfigLayers.lookup(now, leaf.getKey()));
        } else {
          lost.add(leaf.getKey());
        }
      }
    }
    if (!lost.isEmpty()) {
      throw BusException.conflict(
          "version "
              + version
              + " cannot be restored: the secret overrides "
              + lost
              + " are no longer set and the history does not keep secrets; set them again first");
    }
    return target;
  }

  /** At most {@code limit} versions, newest first. */
  synchronized List<ConfigHistory.Entry> history(int limit) {
    return history.newest(limit);
  }

  /**
   * The dry run of {@code antbot.config.validate}: {@code yaml} as an overlay above everything
   * ({@code file == null}) or in place of one configuration file. Not serialized with the changes:
   * it reads the layers and overrides in force (immutable once published) and writes nothing, so a
   * slow document never holds up a write or a reload.
   */
  ValidationReport validate(String yaml, String file) {
    Snapshot snapshot = current;
    List<ConfigLayers.Layer> base = baseLayers;
    JsonObject runtime = overrides.current();
    YamlDocument document;
    try {
      document = YamlDocument.parse(file == null ? "request" : file, yaml);
    } catch (ConfigException e) {
      return new ValidationReport(
          List.of(new ConfigProblem("", ConfigProblem.SYNTAX, e.getMessage(), null)), List.of());
    }
    ConfigLayers.Layer candidate =
        new ConfigLayers.Layer(document.source(), document.content(), document);
    List<ConfigLayers.Layer> layers = new ArrayList<>(withOverrides(base, runtime));
    if (file == null) {
      layers.add(candidate);
    } else {
      int index = fileNames().subList(0, 2).indexOf(file);
      if (index < 0) {
        throw BusException.badRequest(
            "file: expected application.yaml or " + env + ".yaml, got \"" + file + "\"");
      }
      int at =
          layers.indexOf(
              layers.stream()
                  .filter(layer -> layer.source().equals(confDir.resolve(file).toString()))
                  .findFirst()
                  .orElse(null));
      if (at >= 0) {
        layers.set(at, candidate);
      } else {
        layers.add(index, candidate);
      }
    }
    return ProblemLocations.locate(
        new ConfigValidator(snapshot.schema()).validate(ConfigLayers.merge(layers)), layers);
  }

  private Outcome change(
      JsonObject nextOverrides,
      String source,
      String actor,
      String reason,
      FailureCode code,
      String prefix,
      ConfigWriteGuard guard) {
    for (String key : ConfigChange.leaves(nextOverrides).keySet()) {
      refuseFixed(current.schema(), key);
    }
    if (guard.expectVersion() != null && guard.expectVersion() != current.version()) {
      throw BusException.conflict(
          "the configuration is at version "
              + current.version()
              + ", not "
              + guard.expectVersion()
              + " as when the change was checked; check it again");
    }
    Outcome outcome =
        guard.dryRun()
            ? preview(nextOverrides, source)
            : apply(baseLayers, current.schema(), nextOverrides, source, actor, reason);
    if (outcome instanceof Rejected rejected) {
      throw new BusException(
          code,
          prefix
              + rejected.errors().stream()
                  .map(ConfigProblem::message)
                  .collect(Collectors.joining("; ")));
    }
    return outcome;
  }

  /**
   * What applying {@code nextOverrides} would change: the keys whose effective value changes, and
   * those whose runtime override appears, changes or goes even where the effective value stays (a
   * later file change would show it).
   */
  private Outcome preview(JsonObject nextOverrides, String source) {
    List<ConfigLayers.Layer> layers = withOverrides(baseLayers, nextOverrides);
    JsonObject merged = ConfigLayers.merge(layers);
    ValidationReport report =
        ProblemLocations.locate(new ConfigValidator(current.schema()).validate(merged), layers);
    previewed =
        new Previewed(
            baseLayers, current.schema(), current.version(), nextOverrides.copy(), merged, report);
    if (!report.valid()) {
      return new Rejected(source, report.errors());
    }
    Map<String, ConfigChange> byKey = new java.util.TreeMap<>();
    ConfigChange.diff(overrides.current(), nextOverrides)
        .forEach(change -> byKey.put(change.key(), change));
    ConfigChange.diff(current.config(), merged).forEach(change -> byKey.put(change.key(), change));
    return new Preview(
        current.version(), current.redaction().redact(new ArrayList<>(byKey.values())));
  }

  /**
   * Validates, diffs, persists and publishes a candidate made of {@code base} and {@code
   * nextOverrides}.
   */
  /**
   * The candidate a dry run merged and validated: the write that usually follows it (the edge
   * checks every write that way) applies the same overrides on the same version and files, and
   * takes the candidate and its report instead of validating the whole configuration again.
   */
  private record Previewed(
      List<ConfigLayers.Layer> base,
      ConfigSchema schema,
      long version,
      JsonObject overrides,
      JsonObject merged,
      ValidationReport report) {

    boolean matches(
        List<ConfigLayers.Layer> base, ConfigSchema schema, long version, JsonObject overrides) {
      return this.base == base
          && this.schema == schema
          && this.version == version
          && this.overrides.equals(overrides);
    }
  }

  /** The last dry run's candidate, for the write that follows it; taken by the next change. */
  private Previewed previewed;

  private Outcome apply(
      List<ConfigLayers.Layer> base,
      ConfigSchema schema,
      JsonObject nextOverrides,
      String source,
      String actor,
      String reason) {
    Previewed checked = previewed;
    previewed = null;
    JsonObject merged;
    ValidationReport report;
    if (checked != null && checked.matches(base, schema, current.version(), nextOverrides)) {
      merged = checked.merged();
      report = checked.report();
    } else {
      List<ConfigLayers.Layer> layers = withOverrides(base, nextOverrides);
      merged = ConfigLayers.merge(layers);
      report = ProblemLocations.locate(new ConfigValidator(schema).validate(merged), layers);
    }
    if (!report.valid()) {
      return new Rejected(source, report.errors());
    }
    Snapshot before = current;
    Redaction redaction = new Redaction(schema);
    List<ConfigChange> changes = ConfigChange.diff(before.config(), merged);
    boolean overridesChanged = !ConfigChange.diff(overrides.current(), nextOverrides).isEmpty();
    long version = before.version() + 1;
    List<ConfigChange> redacted = redaction.redact(changes);
    String at = clock.instant().toString();
    ConfigHistory.Entry entry =
        new ConfigHistory.Entry(
            version, at, source, actor, reason, redacted, redaction.redact(nextOverrides));
    if (shared != null && (overridesChanged || !changes.isEmpty())) {
      // The cluster's first: a write no backup holds is not acknowledged, nor applied here.
      long sharedAs = changes.isEmpty() ? before.version() : version;
      if (!shared.writeIfUnchanged(
          new SharedOverrides.Stored(
              sharedAs,
              nextOverrides.copy(),
              node,
              recentHistory(changes.isEmpty() ? null : entry)))) {
        throw new ClusterMoved();
      }
      sharedVersion = sharedAs;
    }
    if (overridesChanged && (shared == null || changes.isEmpty())) {
      persistOverrides(nextOverrides);
    }
    if (changes.isEmpty()) {
      current =
          new Snapshot(
              before.version(), before.config(), redaction.redact(merged), schema, redaction);
      return new Unchanged(before.version(), report.warnings());
    }
    JsonObject redactedConfig = redaction.redact(merged);
    current = new Snapshot(version, merged, redactedConfig, schema, redaction);
    Applied applied =
        new Applied(
            new ConfigChangedEvent(
                version, source, redacted, at, actor, reason, restartRequired(schema, changes)),
            report.warnings());
    if (shared == null) {
      // Alone, the overrides are on disk before anyone hears of the change.
      onApplied.accept(applied);
    } else {
      // In a cluster the change is acknowledged once a backup holds it (above): the other nodes
      // hear of it now, and this node's disk copy (an fsync, several milliseconds) follows, still
      // before the writer's reply. Should that fail, the change is the cluster's all the same; the
      // node takes it back from the cluster at its next start.
      onApplied.accept(applied);
      if (overridesChanged) {
        try {
          persistOverrides(nextOverrides);
        } catch (BusException e) {
          log.error(
              "configuration version {} is the cluster's but this node could not keep it on disk: {}",
              version,
              e.getMessage());
        }
      }
    }
    // The history follows the broadcast, off its path.
    try {
      history.append(entry, redactedConfig, historyLimit(merged));
    } catch (IOException e) {
      log.error(
          "configuration version {} is in force but could not be added to the history under {}: {}",
          version,
          stateDir,
          e.getMessage());
    }
    return applied;
  }

  /** How many of the history's newest entries the cluster's state carries. */
  static final int SHARED_HISTORY = 100;

  /**
   * The history's newest entries (at most {@value #SHARED_HISTORY}, oldest first, stored form),
   * ending with {@code newest} when it is not {@code null}.
   */
  private List<JsonObject> recentHistory(ConfigHistory.Entry newest) {
    List<ConfigHistory.Entry> kept =
        new ArrayList<>(history.newest(newest == null ? SHARED_HISTORY : SHARED_HISTORY - 1));
    java.util.Collections.reverse(kept);
    if (newest != null) {
      kept.add(newest);
    }
    List<JsonObject> recent = new ArrayList<>(kept.size());
    kept.forEach(entry -> recent.add(entry.toStored()));
    return recent;
  }

  /**
   * The entries of the cluster's recent history after {@code after}, up to the cluster's version,
   * in order: the versions this node missed, as the nodes that made them recorded them. A malformed
   * entry (another member's bad write) ends the list there.
   */
  private static List<ConfigHistory.Entry> missedEntries(
      long after, SharedOverrides.Stored stored) {
    List<ConfigHistory.Entry> missed = new ArrayList<>();
    long last = after;
    for (JsonObject json : stored.recent()) {
      ConfigHistory.Entry entry;
      try {
        entry = ConfigHistory.Entry.fromStored(json);
      } catch (RuntimeException e) {
        log.warn(
            "the cluster's history holds an unreadable entry; versions after {} are recorded as"
                + " one",
            last);
        break;
      }
      if (entry.version() > last && entry.version() <= stored.version()) {
        missed.add(entry);
        last = entry.version();
      }
    }
    return missed;
  }

  private void persistOverrides(JsonObject nextOverrides) {
    try {
      overrides.replace(nextOverrides);
    } catch (IOException e) {
      throw BusException.internal(
          "cannot persist the runtime overrides under " + stateDir + ": " + e.getMessage());
    }
  }

  /**
   * 400 when {@code key}, or a key above it, is marked {@code override: false}: an override of
   * where state is kept would take effect at the next start, which would then read (or create)
   * other state — a fresh user store, keys or audit trail.
   */
  private static void refuseFixed(ConfigSchema schema, String key) {
    SchemaRule rule = schema.fixedAtStart(Arrays.asList(key.split("\\.")));
    if (rule != null) {
      throw BusException.badRequest(key + ": " + fixedReason(rule));
    }
  }

  private static String fixedReason(SchemaRule rule) {
    return "cannot be overridden at run time ("
        + rule.location()
        + ": "
        + rule.path()
        + " has override: false); "
        + "set it in the configuration files, an ANTBOT_ variable or a system property, and restart";
  }

  /**
   * Drops from the overrides in force those of keys marked {@code override: false} (an overrides
   * file written by an older version may hold them), one warning each; the file keeps them until
   * the next runtime change rewrites it.
   */
  private List<ConfigProblem> ignoreFixedOverrides(ConfigSchema schema) {
    JsonObject kept = overrides.current();
    List<ConfigProblem> ignored = new ArrayList<>();
    for (String key : ConfigChange.leaves(kept).keySet()) {
      SchemaRule rule = schema.fixedAtStart(Arrays.asList(key.split("\\.")));
      if (rule != null) {
        ConfigChange.apply(kept, List.of(new ConfigChange(key, null, null)));
        ignored.add(
            new ConfigProblem(
                key,
                ConfigProblem.OVERRIDE,
                key + ": runtime override ignored, never applied: " + fixedReason(rule),
                overrides.file().toString()));
      }
    }
    if (!ignored.isEmpty()) {
      overrides.ignore(kept);
    }
    return ignored;
  }

  private ConfigHistory.Entry entry(
      long version,
      String source,
      String actor,
      String reason,
      List<ConfigChange> changes,
      JsonObject overridesNow) {
    return new ConfigHistory.Entry(
        version, clock.instant().toString(), source, actor, reason, changes, overridesNow);
  }

  /**
   * The schema, parsed again only when {@code schema.yaml} changed. There is always one: without a
   * {@code schema.yaml} in the configuration directory, the packaged one applies.
   */
  private ConfigSchema readSchema() throws ConfigException {
    YamlDocument document;
    try {
      document = documents.read(confDir.resolve("schema.yaml"));
    } catch (NoSuchFileException e) {
      return Settings.shipped();
    }
    if (document != schemaDocument) {
      parsedSchema = ConfigSchema.parse(document);
      schemaDocument = document;
    }
    return parsedSchema;
  }

  private List<ConfigLayers.Layer> readBaseLayers() throws ConfigException {
    List<ConfigLayers.Layer> layers = new ArrayList<>(ConfigLayers.files(confDir, env, documents));
    layers.add(ConfigLayers.environment(environment));
    layers.add(ConfigLayers.systemProperties(properties.get()));
    layers.add(new ConfigLayers.Layer("command-line", commandLine, null));
    return layers;
  }

  private List<ConfigLayers.Layer> withOverrides(
      List<ConfigLayers.Layer> base, JsonObject runtime) {
    List<ConfigLayers.Layer> layers = new ArrayList<>(base);
    layers.add(new ConfigLayers.Layer(overrides.file().toString(), runtime, null));
    return layers;
  }

  /**
   * The keys among {@code changes} whose rule (or the nearest rule above) says {@code live: false}.
   */
  private static List<String> restartRequired(ConfigSchema schema, List<ConfigChange> changes) {
    List<String> keys = new ArrayList<>();
    for (ConfigChange change : changes) {
      List<String> segments = Arrays.asList(change.key().split("\\."));
      for (int i = segments.size(); i > 0; i--) {
        SchemaRule rule = schema.ruleFor(segments.subList(0, i));
        if (rule != null) {
          if (!rule.live()) {
            keys.add(change.key());
          }
          break;
        }
      }
    }
    return keys;
  }

  private static int historyLimit(JsonObject config) {
    return ConfigLayers.lookup(config, "core.history_limit") instanceof Number number
        ? number.intValue()
        : ((Number) Settings.defaultOf("core.history_limit")).intValue();
  }
}
