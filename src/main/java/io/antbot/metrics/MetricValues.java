package io.antbot.metrics;

import io.antbot.bus.AlertRuleSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.NamingConvention;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The current values of a registry's gauges, counters and timers under their Prometheus series
 * names, for the alert rules: gauges as they are; counters under {@code <name>_total}; timers as
 * {@code <name>_count}, {@code _sum} and {@code _max} in seconds.
 */
final class MetricValues {

  /** One series: its labels and value. */
  record Series(Map<String, String> labels, double value) {}

  private final Map<String, List<Series>> byName;

  MetricValues(Map<String, List<Series>> byName) {
    this.byName = byName;
  }

  /**
   * The values of the meters of {@code registry} whose series names are in {@code wanted} (every
   * meter when {@code null}); reading only those spares the costly gauges (thread dumps, MXBeans)
   * no rule looks at.
   */
  static MetricValues of(MeterRegistry registry, Set<String> wanted) {
    NamingConvention naming = registry.config().namingConvention();
    Map<String, List<Series>> byName = new HashMap<>();
    for (Meter meter : registry.getMeters()) {
      Meter.Id id = meter.getId();
      String name = naming.name(id.getName(), id.getType(), id.getBaseUnit());
      if (wanted != null && !wanted(wanted, name)) {
        continue;
      }
      Map<String, String> labels = new HashMap<>();
      for (Tag tag : id.getTagsAsIterable()) {
        labels.put(naming.tagKey(tag.getKey()), tag.getValue());
      }
      if (meter instanceof TimeGauge gauge) {
        add(byName, name, labels, gauge.value(TimeUnit.SECONDS));
      } else if (meter instanceof Gauge gauge) {
        add(byName, name, labels, gauge.value());
      } else if (meter instanceof Counter counter) {
        add(byName, total(name), labels, counter.count());
      } else if (meter instanceof FunctionCounter counter) {
        add(byName, total(name), labels, counter.count());
      } else if (meter instanceof Timer timer) {
        add(byName, name + "_count", labels, timer.count());
        add(byName, name + "_sum", labels, timer.totalTime(TimeUnit.SECONDS));
        add(byName, name + "_max", labels, timer.max(TimeUnit.SECONDS));
      }
    }
    return new MetricValues(byName);
  }

  private static boolean wanted(Set<String> wanted, String name) {
    return wanted.contains(name)
        || wanted.contains(name + "_total")
        || wanted.contains(name + "_count")
        || wanted.contains(name + "_sum")
        || wanted.contains(name + "_max");
  }

  private static String total(String name) {
    return name.endsWith("_total") ? name : name + "_total";
  }

  private static void add(
      Map<String, List<Series>> byName, String name, Map<String, String> labels, double value) {
    byName.computeIfAbsent(name, k -> new ArrayList<>()).add(new Series(labels, value));
  }

  /** The series of {@code name}, or an empty list. */
  List<Series> series(String name) {
    return byName.getOrDefault(name, List.of());
  }

  /**
   * The value {@code rule} compares: its metric's finite series matching its labels, combined by
   * its aggregate; empty when there is none.
   */
  OptionalDouble value(AlertRuleSpec rule) {
    double result = 0;
    int count = 0;
    for (Series series : series(rule.metric())) {
      if (!Double.isFinite(series.value()) || !matches(series.labels(), rule.labels())) {
        continue;
      }
      double value = series.value();
      if (count == 0) {
        result = value;
      } else {
        result =
            switch (rule.aggregate()) {
              case MAX -> Math.max(result, value);
              case MIN -> Math.min(result, value);
              case SUM, AVG -> result + value;
            };
      }
      count++;
    }
    if (count == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(
        rule.aggregate() == AlertRuleSpec.Aggregate.AVG ? result / count : result);
  }

  private static boolean matches(Map<String, String> labels, Map<String, String> wanted) {
    for (Map.Entry<String, String> entry : wanted.entrySet()) {
      if (!entry.getValue().equals(labels.get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
