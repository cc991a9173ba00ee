package io.antbot.metrics;

import io.antbot.bus.AlertEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One {@link AnomalyDetector} per watched series, and the alerts they raise.
 *
 * <p>The first anomalous value of a series raises a {@code firing} alert named {@code
 * <metric>_anomaly} carrying the baseline (mean, standard deviation), the observed value and its
 * z-score; the next normal value resolves it. The number of series is capped at {@value
 * #MAX_SERIES}; further series are not watched. Thread-safe (one lock: the metrics service's event
 * loop observes most series, bots' threads the latency of their own operations).
 */
final class AnomalyMonitor {

  static final String OPERATION_LATENCY = "operation_latency";
  static final String ERROR_RATE = "error_rate";
  static final String TRADE_PNL = "trade_pnl";
  static final int MAX_SERIES = 1000;

  private record Key(String metric, String series) {}

  private static final class Watched {
    final AnomalyDetector detector;
    String episode;
    Instant since;
    AnomalyDetector.Observation last;

    Watched(AnomalyDetector detector) {
      this.detector = detector;
    }
  }

  private final Clock clock;
  private final String source;
  private final Consumer<String> found;
  private final Map<Key, Watched> watched = new HashMap<>();
  private MetricsOptions.Anomaly options;

  /**
   * @param found called with the metric of each anomalous value (counted in {@code
   *     antbot_anomalies_total})
   */
  AnomalyMonitor(
      Clock clock, String source, MetricsOptions.Anomaly options, Consumer<String> found) {
    this.clock = clock;
    this.source = source;
    this.options = options;
    this.found = found;
  }

  /** New settings; the baselines start again when the detector's parameters changed. */
  synchronized void configure(MetricsOptions.Anomaly options) {
    boolean sameDetector =
        options.alpha() == this.options.alpha()
            && options.warmup() == this.options.warmup()
            && options.zThreshold() == this.options.zThreshold();
    if (!sameDetector) {
      watched.clear();
    }
    watched.keySet().removeIf(key -> !options.metrics().contains(key.metric()));
    this.options = options;
  }

  /**
   * Observes {@code value} of {@code series} of {@code metric}; returns the alert event when its
   * state changed.
   */
  synchronized Optional<AlertEvent> observe(String metric, String series, double value) {
    if (!options.enabled() || !options.metrics().contains(metric) || !Double.isFinite(value)) {
      return Optional.empty();
    }
    Key key = new Key(metric, series);
    Watched entry = watched.get(key);
    if (entry == null) {
      if (watched.size() >= MAX_SERIES) {
        return Optional.empty();
      }
      entry =
          new Watched(new AnomalyDetector(options.alpha(), options.warmup(), options.zThreshold()));
      watched.put(key, entry);
    }
    AnomalyDetector.Observation observation = entry.detector.observe(value);
    entry.last = observation;
    if (observation.anomalous()) {
      found.accept(metric);
      if (entry.episode == null) {
        entry.episode = UUID.randomUUID().toString();
        entry.since = clock.instant();
        return Optional.of(event(key, entry, AlertEvent.FIRING, observation));
      }
    } else if (entry.episode != null) {
      AlertEvent resolved = event(key, entry, AlertEvent.RESOLVED, observation);
      entry.episode = null;
      entry.since = null;
      return Optional.of(resolved);
    }
    return Optional.empty();
  }

  private AlertEvent event(
      Key key, Watched entry, String state, AnomalyDetector.Observation observation) {
    String name = key.metric() + "_anomaly";
    String message =
        AlertEvent.FIRING.equals(state)
            ? key.metric()
                + " of "
                + key.series()
                + ": observed "
                + brief(observation.value())
                + " against a baseline of "
                + brief(observation.mean())
                + " ± "
                + brief(observation.stddev())
                + " (z = "
                + brief(observation.zScore())
                + ")"
            : key.metric()
                + " of "
                + key.series()
                + " back to normal: observed "
                + brief(observation.value())
                + " (baseline "
                + brief(observation.mean())
                + ")";
    JsonObject details =
        new JsonObject()
            .put("metric", key.metric())
            .put("series", key.series())
            .put("observed", observation.value())
            .put("baseline", observation.mean())
            .put("stddev", observation.stddev())
            .put("z_score", observation.zScore())
            .put("z_threshold", options.zThreshold());
    return new AlertEvent(
        entry.episode, source, name, "warning", state, message, clock.instant(), details);
  }

  /** {@code value} to 4 significant digits, without trailing zeros. */
  private static String brief(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  /**
   * The series whose anomaly is open: {@code [{name, metric, series, since, observed, baseline,
   * z_score}]}.
   */
  synchronized JsonArray active() {
    JsonArray active = new JsonArray();
    watched.forEach(
        (key, entry) -> {
          if (entry.episode != null) {
            active.add(
                new JsonObject()
                    .put("name", key.metric() + "_anomaly")
                    .put("metric", key.metric())
                    .put("series", key.series())
                    .put("since", entry.since.toString())
                    .put("observed", entry.last.value())
                    .put("baseline", entry.last.mean())
                    .put("z_score", entry.last.zScore()));
          }
        });
    return active;
  }
}
