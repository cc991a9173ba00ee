package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An alert rule: {@code antbot.metrics.alert.add} and each item of {@code metrics.alerts} in the
 * configuration.
 *
 * <p>{@code {name, metric, comparator, threshold, severity?, for_s?, hysteresis?, labels?,
 * aggregate?, description?}}. The rule fires when {@code <aggregate of metric's series>
 * <comparator> threshold} has held for {@code for_s} seconds, and resolves once the value has moved
 * back past the threshold by {@code hysteresis}.
 *
 * @param name unique name, 1..64 of letters, digits, {@code _ . -}
 * @param metric a Prometheus series name as scraped, e.g. {@code antbot_system_cpu_usage_ratio}
 * @param comparator {@code > >= < <= ==}
 * @param threshold a finite number
 * @param severity {@code info}, {@code warning} (default) or {@code critical}
 * @param forS seconds the condition must hold before firing; 0 (default) fires at the first
 *     evaluation
 * @param hysteresis how far past the threshold the value must move back before the alert resolves;
 *     default 0
 * @param labels only series carrying these label values count; empty (default) takes every series
 * @param aggregate how several series combine: {@code max} (default), {@code min}, {@code sum} or
 *     {@code avg}
 * @param description one line added to the alert's message; {@code null} when none
 */
public record AlertRuleSpec(
    String name,
    String metric,
    Comparator comparator,
    double threshold,
    Severity severity,
    double forS,
    double hysteresis,
    Map<String, String> labels,
    Aggregate aggregate,
    String description) {

  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "metric",
          "comparator",
          "threshold",
          "severity",
          "for_s",
          "hysteresis",
          "labels",
          "aggregate",
          "description");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
  private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  /** How the observed value is compared with the threshold. */
  public enum Comparator {
    GT(">"),
    GE(">="),
    LT("<"),
    LE("<="),
    EQ("==");

    private final String symbol;

    Comparator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    /** Whether the alert condition holds. */
    public boolean holds(double value, double threshold) {
      return switch (this) {
        case GT -> value > threshold;
        case GE -> value >= threshold;
        case LT -> value < threshold;
        case LE -> value <= threshold;
        case EQ -> value == threshold;
      };
    }

    /**
     * Whether a firing alert may resolve: the value is back past the threshold by at least {@code
     * hysteresis}.
     */
    public boolean clears(double value, double threshold, double hysteresis) {
      return switch (this) {
        case GT -> value <= threshold - hysteresis;
        case GE -> value < threshold - hysteresis;
        case LT -> value >= threshold + hysteresis;
        case LE -> value > threshold + hysteresis;
        case EQ -> Math.abs(value - threshold) > hysteresis;
      };
    }

    /**
     * The seed's {@code add_alert(..., "greater", ...)} spells the comparator as a word; both
     * spellings are read.
     */
    private static final java.util.Map<String, Comparator> WORDS =
        java.util.Map.of(
            "greater", GT, "greater_equal", GE, "less", LT, "less_equal", LE, "equal", EQ);

    public static Comparator of(String field, String symbol) {
      for (Comparator comparator : values()) {
        if (comparator.symbol.equals(symbol)) {
          return comparator;
        }
      }
      Comparator word = symbol == null ? null : WORDS.get(symbol.toLowerCase(Locale.ROOT));
      if (word != null) {
        return word;
      }
      throw BusException.badRequest(
          field + ": expected one of > >= < <= ==, got " + JsonFields.describe(symbol));
    }
  }

  /**
   * How bad a firing alert is; health turns a firing {@code critical} into unhealthy and a {@code
   * warning} into degraded.
   */
  public enum Severity {
    INFO,
    WARNING,
    CRITICAL;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How the values of several series of one metric are combined. */
  public enum Aggregate {
    MAX,
    MIN,
    SUM,
    AVG;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The {@code name} field as a rule name, with a 400 that says what a name looks like when it is
   * not one.
   */
  static String requireName(JsonObject json) {
    String name = JsonFields.requireString(json, "name");
    if (!NAME.matcher(name).matches()) {
      throw BusException.badRequest(
          "name: expected 1 to 64 letters, digits, '_', '.' or '-', got "
              + JsonFields.describe(name));
    }
    return name;
  }

  public static AlertRuleSpec fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    String name = requireName(json);
    String metric = JsonFields.requireString(json, "metric");
    if (!METRIC.matcher(metric).matches()) {
      throw BusException.badRequest(
          "metric: not a valid Prometheus metric name " + JsonFields.describe(metric));
    }
    Comparator comparator =
        Comparator.of("comparator", JsonFields.requireString(json, "comparator"));
    double threshold = JsonFields.requireNumber(json, "threshold");
    Severity severity =
        enumValue(
            Severity.class,
            "severity",
            SEED_SEVERITIES.getOrDefault(
                JsonFields.optionalString(json, "severity", "warning"),
                JsonFields.optionalString(json, "severity", "warning")));
    Double forS = MetricFields.optionalNonNegative(json, "for_s");
    Double hysteresis = MetricFields.optionalNonNegative(json, "hysteresis");
    Aggregate aggregate =
        enumValue(
            Aggregate.class, "aggregate", JsonFields.optionalString(json, "aggregate", "max"));
    return new AlertRuleSpec(
        name,
        metric,
        comparator,
        threshold,
        severity,
        forS == null ? 0 : forS,
        hysteresis == null ? 0 : hysteresis,
        Map.copyOf(MetricFields.labels(json, "labels")),
        aggregate,
        JsonFields.optionalString(json, "description", null));
  }

  /**
   * The seed's four severities on this three-level scale: its {@code add_alert(..., "high")} is an
   * alert that should page, as {@code critical} does here.
   */
  private static final java.util.Map<String, String> SEED_SEVERITIES =
      java.util.Map.of("low", "info", "medium", "warning", "high", "critical");

  private static <E extends Enum<E>> E enumValue(Class<E> type, String field, String value) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
        return constant;
      }
    }
    String expected =
        Arrays.stream(type.getEnumConstants())
            .map(e -> e.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    throw BusException.badRequest(
        field + ": expected one of " + expected + ", got " + JsonFields.describe(value));
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("name", name)
            .put("metric", metric)
            .put("comparator", comparator.symbol())
            .put("threshold", threshold)
            .put("severity", severity.wireName())
            .put("for_s", forS)
            .put("hysteresis", hysteresis)
            .put("aggregate", aggregate.wireName());
    if (!labels.isEmpty()) {
      json.put("labels", MetricFields.labelsJson(labels));
    }
    if (description != null) {
      json.put("description", description);
    }
    return json;
  }
}
