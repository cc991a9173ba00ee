package io.antbot.logging;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Watches the share of errors among recent events and says when it crosses the threshold and when
 * it falls back.
 *
 * <p>The sliding window is divided into {@value #BUCKETS} buckets, so it slides in steps of a
 * twentieth of its length and memory stays constant whatever the event rate. The alert {@linkplain
 * Transition#FIRED fires} when the window holds at least {@code minEvents} events and more than
 * {@code threshold} of them are errors; it {@linkplain Transition#RESOLVED resolves} when the share
 * is back at or below the threshold (an empty window counts as 0 %). Thread-safe; the clock is
 * injected so tests can drive time.
 */
public final class ErrorRateMonitor {

  /**
   * The settings of {@code logging.alerts.error_rate}.
   *
   * @param threshold share of errors above which the alert fires, 0 to 1
   * @param windowMs length of the sliding window in ms
   * @param minEvents fewest events in the window before the share is judged
   */
  public record Settings(double threshold, long windowMs, int minEvents) {}

  /** What an evaluation changed. */
  public enum Transition {
    NONE,
    FIRED,
    RESOLVED
  }

  /** The state of the window at one evaluation. */
  public record Evaluation(
      long events, long errors, double rate, boolean firing, Transition transition) {}

  static final int BUCKETS = 20;

  private final LongSupplier clockMs;
  private final long[] bucketIndex = new long[BUCKETS];
  private final long[] bucketEvents = new long[BUCKETS];
  private final long[] bucketErrors = new long[BUCKETS];
  private Settings settings;
  private long bucketWidthMs;
  private boolean firing;

  public ErrorRateMonitor(Settings settings, LongSupplier clockMs) {
    this.clockMs = clockMs;
    this.settings = settings;
    this.bucketWidthMs = widthOf(settings);
    Arrays.fill(bucketIndex, -1);
  }

  /**
   * New settings; a new window length starts an empty window, and a firing alert stays firing until
   * evaluated.
   */
  public synchronized void reconfigure(Settings settings) {
    this.settings = settings;
    long width = widthOf(settings);
    if (width != bucketWidthMs) {
      bucketWidthMs = width;
      Arrays.fill(bucketIndex, -1);
    }
  }

  private static long widthOf(Settings settings) {
    return Math.max(1, settings.windowMs() / BUCKETS);
  }

  /** Counts one event, an error or not. */
  public synchronized void record(boolean error) {
    long index = clockMs.getAsLong() / bucketWidthMs;
    int slot = (int) (index % BUCKETS);
    if (bucketIndex[slot] != index) {
      bucketIndex[slot] = index;
      bucketEvents[slot] = 0;
      bucketErrors[slot] = 0;
    }
    bucketEvents[slot]++;
    if (error) {
      bucketErrors[slot]++;
    }
  }

  /** Sums the window and reports whether the alert fired or resolved since the last evaluation. */
  public synchronized Evaluation evaluate() {
    long current = clockMs.getAsLong() / bucketWidthMs;
    long events = 0;
    long errors = 0;
    for (int slot = 0; slot < BUCKETS; slot++) {
      if (bucketIndex[slot] > current - BUCKETS && bucketIndex[slot] <= current) {
        events += bucketEvents[slot];
        errors += bucketErrors[slot];
      }
    }
    double rate = events == 0 ? 0 : (double) errors / events;
    Transition transition = Transition.NONE;
    if (!firing && events >= settings.minEvents() && rate > settings.threshold()) {
      firing = true;
      transition = Transition.FIRED;
    } else if (firing && rate <= settings.threshold()) {
      firing = false;
      transition = Transition.RESOLVED;
    }
    return new Evaluation(events, errors, rate, firing, transition);
  }

  public synchronized boolean firing() {
    return firing;
  }

  public synchronized Settings settings() {
    return settings;
  }
}
