package io.antbot.metrics;

import io.antbot.bus.BusException;
import io.antbot.bus.CustomCounterIncrement;
import io.antbot.bus.CustomGaugeSet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Custom gauges ({@code antbot.metrics.custom.set}) and counters ({@code
 * antbot.metrics.custom.increment}).
 *
 * <p>The message records check the names' syntax; here a name keeps the kind and label names of its
 * first use, may not take the place of a metric already in the registry, and the number of names is
 * capped. Label values pass the {@link CardinalityGuard} under the metric's name. Used from the
 * metrics service's event loop.
 */
final class CustomMetrics {

  static final String DEFAULT_DESCRIPTION = "Custom metric reported over the event bus";

  private record Definition(boolean counter, Set<String> labelNames) {}

  private final MeterRegistry registry;
  private final CardinalityGuard guard;

  /** By the name Prometheus registers the family under: a counter's name without {@code _total}. */
  private final Map<String, Definition> definitions = new HashMap<>();

  private final Map<String, Meters.Cell> gauges = new HashMap<>();
  private final Map<String, Counter> counters = new HashMap<>();
  private int maxMetrics;

  CustomMetrics(MeterRegistry registry, CardinalityGuard guard, int maxMetrics) {
    this.registry = registry;
    this.guard = guard;
    this.maxMetrics = maxMetrics;
  }

  void maxMetrics(int maxMetrics) {
    this.maxMetrics = maxMetrics;
  }

  /** Whether {@code meterName} is the name of a custom metric. */
  boolean owns(String meterName) {
    Definition definition = definitions.get(meterName);
    if (definition != null && !definition.counter()) {
      return true;
    }
    if (meterName.endsWith("_total")) {
      Definition counter =
          definitions.get(meterName.substring(0, meterName.length() - "_total".length()));
      return counter != null && counter.counter();
    }
    return false;
  }

  int size() {
    return definitions.size();
  }

  void set(CustomGaugeSet gauge) {
    define(gauge.name(), gauge.name(), false, gauge.labels().keySet());
    Tags tags = tags(gauge.name(), gauge.labels());
    String description = gauge.description() == null ? DEFAULT_DESCRIPTION : gauge.description();
    gauges
        .computeIfAbsent(
            gauge.name() + tags,
            k ->
                Meters.cell(
                    registry,
                    new MetricName(gauge.name(), description, null, MetricName.Kind.GAUGE),
                    tags,
                    0.0))
        .set(gauge.value());
  }

  void increment(CustomCounterIncrement increment) {
    String family = increment.name().substring(0, increment.name().length() - "_total".length());
    define(family, increment.name(), true, increment.labels().keySet());
    Tags tags = tags(increment.name(), increment.labels());
    String description =
        increment.description() == null ? DEFAULT_DESCRIPTION : increment.description();
    counters
        .computeIfAbsent(
            increment.name() + tags,
            k ->
                Meters.counter(
                    registry,
                    new MetricName(increment.name(), description, null, MetricName.Kind.COUNTER),
                    tags))
        .increment(increment.amount());
  }

  private void define(String family, String name, boolean counter, Set<String> labelNames) {
    Definition known = definitions.get(family);
    if (known == null) {
      if (definitions.size() >= maxMetrics) {
        throw BusException.badRequest(
            "name: the limit of "
                + maxMetrics
                + " custom metrics is reached"
                + " (metrics.custom_max_metrics)");
      }
      if (registry.find(name).meter() != null || registry.find(family).meter() != null) {
        throw BusException.badRequest("name: " + name + " is already a metric of the runtime");
      }
      definitions.put(family, new Definition(counter, new TreeSet<>(labelNames)));
      return;
    }
    if (known.counter() != counter) {
      throw BusException.badRequest(
          "name: "
              + family
              + " is already used by a custom "
              + (known.counter() ? "counter (" + family + "_total)" : "gauge"));
    }
    if (!known.labelNames().equals(new TreeSet<>(labelNames))) {
      throw BusException.badRequest(
          "labels: "
              + name
              + " takes the labels "
              + known.labelNames()
              + ", got "
              + new TreeSet<>(labelNames));
    }
  }

  private Tags tags(String name, Map<String, String> labels) {
    List<Tag> tags = new ArrayList<>(labels.size());
    new TreeMap<>(labels)
        .forEach((key, value) -> tags.add(Tag.of(key, guard.admit(name, key, value))));
    return Tags.of(tags);
  }
}
