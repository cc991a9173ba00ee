package io.antbot.metrics;

import io.antbot.bus.OperationMetric;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code antbot.metrics.operation}: a latency timer with histogram buckets and a counter per
 * component, operation and outcome, and the error ratio of the last window. Used from the metrics
 * service's event loop.
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

  private record Series(Timer timer, Counter counter) {}

  private final MeterRegistry registry;
  private final CardinalityGuard guard;
  private final ErrorRatioWindow window;
  private final Map<Key, Series> series = new HashMap<>();
  private final Meters.Cell errorRatio;

  OperationMetrics(MeterRegistry registry, CardinalityGuard guard, int errorWindowS) {
    this.registry = registry;
    this.guard = guard;
    this.window = new ErrorRatioWindow(errorWindowS);
    this.errorRatio = Meters.cell(registry, MetricNames.OPERATION_ERROR_RATIO, Tags.empty(), 0.0);
  }

  /** Records {@code operation} at {@code nowMs}; returns its labels as admitted by the guard. */
  Key record(OperationMetric operation, long nowMs) {
    Key key =
        new Key(
            guard.admit(METRIC, "component", operation.component()),
            guard.admit(METRIC, "operation", operation.operation()),
            operation.success());
    Series meters = series.computeIfAbsent(key, this::register);
    meters.timer().record(Math.round(operation.durationMs() * 1_000_000.0), TimeUnit.NANOSECONDS);
    meters.counter().increment();
    window.record(nowMs, operation.success());
    return key;
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
    return new Series(timer, Meters.counter(registry, MetricNames.OPERATIONS, tags));
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
