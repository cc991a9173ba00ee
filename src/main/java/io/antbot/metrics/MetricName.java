package io.antbot.metrics;

/**
 * A metric of the service: its Micrometer name, its help text, its base unit and its kind.
 *
 * @param name the dotted Micrometer name, e.g. {@code antbot.system.memory.total}
 * @param description the {@code # HELP} text
 * @param baseUnit the base unit appended to the Prometheus name ({@code bytes}, {@code seconds},
 *     {@code ratio}), or {@code null}
 * @param kind gauge, counter or timer
 */
public record MetricName(String name, String description, String baseUnit, Kind kind) {

  /** How a metric is exposed. */
  public enum Kind {
    GAUGE,
    COUNTER,
    TIMER
  }

  /**
   * The name as scraped: dots become underscores, the base unit is appended, counters end in {@code
   * _total}.
   */
  public String prometheusName() {
    String base = name.replace('.', '_') + (baseUnit == null ? "" : "_" + baseUnit);
    return kind == Kind.COUNTER ? base + "_total" : base;
  }
}
