package io.antbot.logging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * De-duplicates alerts: the first occurrence of a condition publishes a firing alert; repeats only
 * count, with at most one reminder per cooldown; resolving publishes once. Thread-safe; the clock
 * is injected.
 */
public final class AlertTracker {

  private static final class Episode {
    final String name;
    final String severity;
    final long firstSeen;
    long lastSeen;
    long lastPublished;
    long count;

    Episode(String name, String severity, long now) {
      this.name = name;
      this.severity = severity;
      this.firstSeen = now;
      this.lastSeen = now;
      this.lastPublished = now;
      this.count = 1;
    }
  }

  private final String source;
  private final LongSupplier clockMs;
  private final Map<String, Episode> active = new LinkedHashMap<>();
  private volatile long cooldownMs;

  public AlertTracker(String source, long cooldownMs, LongSupplier clockMs) {
    this.source = source;
    this.cooldownMs = cooldownMs;
    this.clockMs = clockMs;
  }

  public void setCooldownMs(long cooldownMs) {
    this.cooldownMs = cooldownMs;
  }

  public long cooldownMs() {
    return cooldownMs;
  }

  /**
   * One occurrence of the condition {@code key}. Returns the firing alert to publish when it starts
   * an episode, or when the last notice of the episode is at least a cooldown old; otherwise only
   * counts it.
   */
  public synchronized Optional<Alert> fire(
      String key, String name, String severity, String message) {
    long now = clockMs.getAsLong();
    Episode episode = active.get(key);
    if (episode == null) {
      episode = new Episode(name, severity, now);
      active.put(key, episode);
      return Optional.of(alert(key, episode, Alert.FIRING, message, now));
    }
    episode.count++;
    episode.lastSeen = now;
    if (now - episode.lastPublished >= cooldownMs) {
      episode.lastPublished = now;
      return Optional.of(alert(key, episode, Alert.FIRING, message, now));
    }
    return Optional.empty();
  }

  /**
   * Ends the episode of {@code key}, returning the resolved alert, or nothing when it was not
   * firing.
   */
  public synchronized Optional<Alert> resolve(String key, String message) {
    Episode episode = active.remove(key);
    return episode == null
        ? Optional.empty()
        : Optional.of(alert(key, episode, Alert.RESOLVED, message, clockMs.getAsLong()));
  }

  /**
   * Resolves every episode whose key passes {@code keys} and that has not been seen for a cooldown.
   */
  public synchronized List<Alert> resolveQuiet(Predicate<String> keys, String message) {
    long now = clockMs.getAsLong();
    List<Alert> resolved = new ArrayList<>();
    for (Iterator<Map.Entry<String, Episode>> it = active.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Episode> entry = it.next();
      if (keys.test(entry.getKey()) && now - entry.getValue().lastSeen >= cooldownMs) {
        it.remove();
        resolved.add(alert(entry.getKey(), entry.getValue(), Alert.RESOLVED, message, now));
      }
    }
    return resolved;
  }

  /** The keys of the conditions firing now. */
  public synchronized List<String> firing() {
    return List.copyOf(active.keySet());
  }

  private Alert alert(String key, Episode episode, String state, String message, long now) {
    return new Alert(
        source + ":" + key,
        source,
        episode.name,
        episode.severity,
        state,
        message,
        Instant.ofEpochMilli(now),
        Instant.ofEpochMilli(episode.firstSeen),
        Instant.ofEpochMilli(episode.lastSeen),
        episode.count);
  }
}
