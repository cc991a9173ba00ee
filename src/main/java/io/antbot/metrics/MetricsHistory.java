package io.antbot.metrics;

import io.antbot.bus.MetricsHistoryPoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The last hour of the runtime's headline numbers, for the console's charts without a Prometheus: a
 * bounded ring of {@link MetricsHistoryPoint}s, one taken every {@value #INTERVAL_S} seconds from
 * the registry and the latest system sample. Used from the metrics service's event loop; a point
 * costs a walk over a handful of meters.
 */
final class MetricsHistory {

  /** Seconds between two points. */
  static final int INTERVAL_S = 5;

  /** Points kept: one hour at {@value #INTERVAL_S} s. */
  static final int CAPACITY = 3600 / INTERVAL_S;

  private final MeterRegistry registry;
  private final Supplier<SystemSample> system;
  private final ArrayDeque<MetricsHistoryPoint> points = new ArrayDeque<>(CAPACITY);

  /** The latency histogram's cumulative counts at the previous point, by bucket bound in ms. */
  private TreeMap<Double, Double> previousBuckets = new TreeMap<>();

  MetricsHistory(MeterRegistry registry, Supplier<SystemSample> system) {
    this.registry = registry;
    this.system = system;
  }

  /** Takes a point at {@code now}, dropping the oldest when the ring is full. */
  MetricsHistoryPoint sample(Instant now) {
    SystemSample sample = system.get();
    TreeMap<Double, Double> buckets = latencyBuckets();
    Runtime jvm = Runtime.getRuntime();
    MetricsHistoryPoint point =
        new MetricsHistoryPoint(
            now,
            counterSum(MetricNames.TRADES),
            counterSum(MetricNames.TRADE_VOLUME),
            gauge(MetricNames.TRADE_PROFIT_LOSS, null),
            gauge(MetricNames.TRADE_WIN_RATIO, null),
            gauge(MetricNames.CAPITAL, "total"),
            counterSum(MetricNames.OPERATIONS),
            p95(previousBuckets, buckets),
            gauge(MetricNames.OPERATION_ERROR_RATIO, null),
            sample == null ? null : finite(sample.processCpuUsage()),
            sample == null ? null : finite(sample.cpuUsage()),
            sample == null ? null : finite(sample.memoryUsage()),
            jvm.totalMemory() - jvm.freeMemory(),
            nonNull(gauge(MetricNames.EVENT_LOOP_LAG, null)) * 1000);
    previousBuckets = buckets;
    if (points.size() == CAPACITY) {
      points.removeFirst();
    }
    points.addLast(point);
    return point;
  }

  /** The newest {@code limit} points, oldest first, with the sampling interval and capacity. */
  JsonObject toJson(int limit) {
    JsonArray list = new JsonArray();
    int skip = Math.max(0, points.size() - limit);
    Iterator<MetricsHistoryPoint> it = points.iterator();
    for (int i = 0; it.hasNext(); i++) {
      MetricsHistoryPoint point = it.next();
      if (i >= skip) {
        list.add(point.toJson());
      }
    }
    return new JsonObject()
        .put("interval_s", INTERVAL_S)
        .put("capacity", CAPACITY)
        .put("points", list);
  }

  int size() {
    return points.size();
  }

  private double counterSum(MetricName metric) {
    double sum = 0;
    for (Counter counter : registry.find(metric.name()).counters()) {
      sum += counter.count();
    }
    return sum;
  }

  /** The gauge's value (the one tagged {@code kind=<kind>} when given), or {@code null}. */
  private Double gauge(MetricName metric, String kind) {
    var search = registry.find(metric.name());
    if (kind != null) {
      search = search.tag("kind", kind);
    }
    Gauge gauge = search.gauge();
    return gauge == null ? null : finite(gauge.value());
  }

  /** Cumulative counts of every operation timer at each bucket bound (ms), summed over series. */
  private TreeMap<Double, Double> latencyBuckets() {
    TreeMap<Double, Double> sum = new TreeMap<>();
    for (Timer timer : registry.find(MetricNames.OPERATION_DURATION.name()).timers()) {
      for (CountAtBucket bucket : timer.takeSnapshot().histogramCounts()) {
        sum.merge(
            bucket.bucket(java.util.concurrent.TimeUnit.MILLISECONDS), bucket.count(), Double::sum);
      }
      sum.merge(Double.POSITIVE_INFINITY, (double) timer.count(), Double::sum);
    }
    return sum;
  }

  /**
   * The 95th percentile of what was recorded between two cumulative histograms, interpolated
   * linearly inside its bucket as Prometheus's {@code histogram_quantile} does; {@code null} when
   * nothing was recorded. Beyond the last finite bound it is that bound.
   */
  static Double p95(TreeMap<Double, Double> before, TreeMap<Double, Double> now) {
    double total =
        now.getOrDefault(Double.POSITIVE_INFINITY, 0.0)
            - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    if (total <= 0) {
      return null;
    }
    double rank = 0.95 * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (var bucket : now.entrySet()) {
      double bound = bucket.getKey();
      double count = bucket.getValue() - before.getOrDefault(bound, 0.0);
      if (count >= rank) {
        if (Double.isInfinite(bound)) {
          return lowerBound;
        }
        double inBucket = count - lowerCount;
        return inBucket <= 0
            ? bound
            : lowerBound + (bound - lowerBound) * (rank - lowerCount) / inBucket;
      }
      lowerBound = bound;
      lowerCount = count;
    }
    return lowerBound;
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static double nonNull(Double value) {
    return value == null ? 0 : value;
  }
}
