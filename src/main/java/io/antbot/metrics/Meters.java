package io.antbot.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToDoubleFunction;

/**
 * Registration of the service's meters from their {@link MetricName}: description and base unit
 * always set.
 */
final class Meters {

  private Meters() {}

  /**
   * A settable value behind a gauge; the registry only holds it weakly, so its owner must keep it.
   */
  static final class Cell {
    private volatile double value;

    Cell(double initial) {
      value = initial;
    }

    double get() {
      return value;
    }

    void set(double value) {
      this.value = value;
    }

    void add(double delta) {
      value += delta;
    }
  }

  static Counter counter(MeterRegistry registry, MetricName metric, Tags tags) {
    return Counter.builder(metric.name())
        .description(metric.description())
        .baseUnit(metric.baseUnit())
        .tags(tags)
        .register(registry);
  }

  static <T> Gauge gauge(
      MeterRegistry registry, MetricName metric, Tags tags, T source, ToDoubleFunction<T> value) {
    return Gauge.builder(metric.name(), source, value)
        .description(metric.description())
        .baseUnit(metric.baseUnit())
        .tags(tags)
        .register(registry);
  }

  /** A gauge over a new {@link Cell}, which is returned (the caller keeps it). */
  static Cell cell(MeterRegistry registry, MetricName metric, Tags tags, double initial) {
    Cell cell = new Cell(initial);
    gauge(registry, metric, tags, cell, Cell::get);
    return cell;
  }

  static <T> FunctionCounter functionCounter(
      MeterRegistry registry, MetricName metric, Tags tags, T source, ToDoubleFunction<T> value) {
    return FunctionCounter.builder(metric.name(), source, value)
        .description(metric.description())
        .baseUnit(metric.baseUnit())
        .tags(tags)
        .register(registry);
  }
}
