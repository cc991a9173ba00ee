package io.antbot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Levels of the loggers: those the configuration gives ({@code logging.level}, {@code
 * logging.levels}) and the overrides set over the bus, some with an expiry after which the logger
 * reverts by itself.
 *
 * <p>The last writer wins: an override replaces the configured level of its logger; a configuration
 * change that sets a logger again ends its override. When a logger leaves the configuration it gets
 * back the level it had before the configuration first touched it (the one from {@code
 * logback.xml}, or none). Not thread-safe: the logging service calls it from its event loop.
 */
public final class LevelControl {

  /** A level set over the bus. */
  public record Override(Level level, Long expiresAtMs) {}

  /** What {@link #set} did. */
  public record Change(String logger, Level level, Level previous, Instant expiresAt) {

    public JsonObject toJson() {
      JsonObject json =
          new JsonObject()
              .put("logger", logger)
              .put("level", level.levelStr)
              .put("previous", previous == null ? null : previous.levelStr);
      if (expiresAt != null) {
        json.put("expires_at", expiresAt.toString());
      }
      return json;
    }
  }

  private final LoggerContext context;
  private final LongSupplier clockMs;
  private final Map<String, Level> configured = new HashMap<>();

  /** The level each logger had before the configuration or an override first changed it. */
  private final Map<String, Level> original = new HashMap<>();

  private final Map<String, Override> overrides = new LinkedHashMap<>();

  public LevelControl(LoggerContext context, LongSupplier clockMs) {
    this.context = context;
    this.clockMs = clockMs;
  }

  /**
   * Applies the configured levels: {@code root} for the root logger and {@code levels} by logger
   * name. An override of a logger whose configured level changed ends here.
   */
  public void configure(Level root, Map<String, Level> levels) {
    Map<String, Level> next = new HashMap<>(levels);
    next.put(Logger.ROOT_LOGGER_NAME, root);
    Set<String> touched = new HashSet<>(configured.keySet());
    touched.addAll(next.keySet());
    for (String name : touched) {
      if (!Objects.equals(configured.get(name), next.get(name))) {
        overrides.remove(name);
      }
      remember(name);
    }
    configured.clear();
    configured.putAll(next);
    touched.forEach(this::apply);
  }

  /**
   * Sets {@code logger} to {@code level}, for {@code ttlMs} milliseconds or, when {@code null},
   * until replaced.
   */
  public Change set(String logger, Level level, Long ttlMs) {
    String name = canonical(logger);
    Level previous = context.getLogger(name).getEffectiveLevel();
    Long expiresAt = ttlMs == null ? null : clockMs.getAsLong() + ttlMs;
    remember(name);
    overrides.put(name, new Override(level, expiresAt));
    apply(name);
    return new Change(
        name, level, previous, expiresAt == null ? null : Instant.ofEpochMilli(expiresAt));
  }

  /**
   * Ends every override whose time is up, reverting its logger; returns the reverted logger names.
   */
  public List<String> expire() {
    long now = clockMs.getAsLong();
    List<String> reverted = new ArrayList<>();
    overrides
        .entrySet()
        .removeIf(
            entry -> {
              Long expiresAt = entry.getValue().expiresAtMs();
              if (expiresAt != null && expiresAt <= now) {
                reverted.add(entry.getKey());
                return true;
              }
              return false;
            });
    reverted.forEach(this::apply);
    return reverted;
  }

  /** When the next override expires, if any does. */
  public OptionalLong nextExpiry() {
    return overrides.values().stream()
        .map(Override::expiresAtMs)
        .filter(Objects::nonNull)
        .mapToLong(Long::longValue)
        .min();
  }

  /** {@code {logger, level, configured, override?: {level, expires_at}}}. */
  public JsonObject describe(String logger) {
    String name = canonical(logger);
    Logger target = context.getLogger(name);
    Level configuredLevel = configured.get(name);
    JsonObject json =
        new JsonObject()
            .put("logger", name)
            .put("level", target.getEffectiveLevel().levelStr)
            .put("configured", configuredLevel == null ? null : configuredLevel.levelStr);
    Override override = overrides.get(name);
    if (override != null) {
      json.put(
          "override",
          new JsonObject()
              .put("level", override.level().levelStr)
              .put(
                  "expires_at",
                  override.expiresAtMs() == null
                      ? null
                      : Instant.ofEpochMilli(override.expiresAtMs()).toString()));
    }
    return json;
  }

  public int overrideCount() {
    return overrides.size();
  }

  /**
   * Sets the Logback level of {@code name} from the override, else the configuration, else its
   * original level.
   */
  private void apply(String name) {
    Override override = overrides.get(name);
    Level level;
    if (override != null) {
      level = override.level();
    } else if (configured.containsKey(name)) {
      level = configured.get(name);
    } else {
      level = original.get(name);
    }
    Logger target = context.getLogger(name);
    if (target.getName().equals(Logger.ROOT_LOGGER_NAME) && level == null) {
      level = Level.INFO;
    }
    target.setLevel(level);
  }

  private void remember(String name) {
    if (!original.containsKey(name)) {
      original.put(name, context.getLogger(name).getLevel());
    }
  }

  private static String canonical(String logger) {
    return Logger.ROOT_LOGGER_NAME.equalsIgnoreCase(logger) ? Logger.ROOT_LOGGER_NAME : logger;
  }
}
