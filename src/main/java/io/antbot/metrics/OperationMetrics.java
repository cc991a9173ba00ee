package io.antbot.metrics;

import io.antbot.bus.OperationMetric;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code antbot.metrics.operation}: a latency timer with histogram buckets and a counter per
 * component, operation and outcome, and the error ratio of the last window.
 *
 * <p>Thread-safe: the metrics service records the operations of its bus messages on its event loop,
 * and a bot in the same JVM records its own on its thread, through the service's {@code
 * MetricsRecorder}, without a bus hop.
 */
final class OperationMetrics {

  /** Histogram bucket bounds of {@code antbot_operation_duration_seconds}. */
  static final Duration[] BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private static final String METRIC = MetricNames.OPERATIONS.prometheusName();

  /** The labels of one series after the cardinality guard. */
  record Key(String component, String operation, boolean success) {}

  /**
   * The meters of one series, and the name of its latency baseline ({@code component/operation}).
   */
  private record Series(Timer timer, Counter counter, String watched) {}

  private final MeterRegistry registry;
  private final CardinalityGuard guard;
  private final ErrorRatioWindow window;
  private final Map<Key, Series> series = new ConcurrentHashMap<>();
  private final Meters.Cell errorRatio;

  OperationMetrics(MeterRegistry registry, CardinalityGuard guard, int errorWindowS) {
    this.registry = registry;
    this.guard = guard;
    this.window = new ErrorRatioWindow(errorWindowS);
    this.errorRatio = Meters.cell(registry, MetricNames.OPERATION_ERROR_RATIO, Tags.empty(), 0.0);
  }

  /**
   * Records {@code operation} at {@code nowMs}; returns the name of its latency baseline, {@code
   * component/operation} as admitted by the guard.
   */
  String record(OperationMetric operation, long nowMs) {
    // A series exists only for admitted values (or "other", which the guard passes as it is), so a
    // series found under the values as sent needs no admission: the hot path is one map read.
    Series meters =
        series.get(new Key(operation.component(), operation.operation(), operation.success()));
    if (meters == null) {
      Key key =
          new Key(
              guard.admit(METRIC, "component", operation.component()),
              guard.admit(METRIC, "operation", operation.operation()),
              operation.success());
      meters = series.computeIfAbsent(key, this::register);
    }
    meters.timer().record(Math.round(operation.durationMs() * 1_000_000.0), TimeUnit.NANOSECONDS);
    meters.counter().increment();
    window.record(nowMs, operation.success());
    return meters.watched();
  }

  private Series register(Key key) {
    Tags tags =
        Tags.of(
            "component",
            key.component(),
            "operation",
            key.operation(),
            "outcome",
            key.success() ? "success" : "error");
    MetricName duration = MetricNames.OPERATION_DURATION;
    Timer timer =
        Timer.builder(duration.name())
            .description(duration.description())
            .tags(tags)
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    return new Series(
        timer,
        Meters.counter(registry, MetricNames.OPERATIONS, tags),
        key.component() + "/" + key.operation());
  }

  /**
   * Recomputes the error-ratio gauge for the window ending at {@code nowMs}; returns it, or NaN
   * with no operation.
   */
  double refreshErrorRatio(long nowMs) {
    double ratio = window.ratio(nowMs);
    errorRatio.set(ratio);
    return window.total(nowMs) == 0 ? Double.NaN : ratio;
  }

  void resizeWindow(int errorWindowS) {
    if (errorWindowS != window.windowS()) {
      window.resize(errorWindowS);
    }
  }
}
