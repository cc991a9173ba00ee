package io.antbot.metrics;

import io.antbot.bus.AlertRuleSpec;
import io.antbot.bus.BusException;
import io.antbot.bus.JsonFields;
import io.antbot.bus.Services;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code metrics} section of the configuration. Every setting applies live: a change is picked
 * up from {@code antbot.config.changed} without a restart (the histogram buckets of the operation
 * timer are fixed).
 *
 * <p>{@link #fromJson} never throws: a value of the wrong type is reported by {@link #validate()}
 * with its path, along with every out-of-range value, and replaced by its default.
 */
public final class MetricsOptions {

  public static final int DEFAULT_SYSTEM_INTERVAL_S = 5;
  public static final long DEFAULT_EVALUATION_INTERVAL_MS = 5_000;
  public static final int DEFAULT_ERROR_RATE_WINDOW_S = 60;
  public static final long DEFAULT_LAG_PROBE_INTERVAL_MS = 1_000;
  public static final int DEFAULT_LABEL_BUDGET = CardinalityGuard.DEFAULT_BUDGET;
  public static final int DEFAULT_CUSTOM_MAX_METRICS = 200;
  public static final boolean DEFAULT_ANOMALY_ENABLED = true;
  public static final List<String> DEFAULT_ANOMALY_METRICS =
      List.of(
          AnomalyMonitor.OPERATION_LATENCY, AnomalyMonitor.ERROR_RATE, AnomalyMonitor.TRADE_PNL);
  public static final double DEFAULT_ANOMALY_ALPHA = 0.05;
  public static final int DEFAULT_ANOMALY_WARMUP = 30;
  public static final double DEFAULT_ANOMALY_Z_THRESHOLD = 4.0;
  public static final long DEFAULT_HEALTH_TIMEOUT_MS = 1_000;
  public static final List<String> DEFAULT_HEALTH_SERVICES = Services.DEPLOYMENT_ORDER;
  public static final double DEFAULT_HEALTH_CPU_RATIO = 0.95;
  public static final double DEFAULT_HEALTH_MEMORY_RATIO = 0.95;
  public static final double DEFAULT_HEALTH_DISK_RATIO = 0.95;

  /**
   * The rules used when {@code metrics.alerts} is absent; conf/application.yaml and
   * conf/prometheus/alerts.yml carry the same.
   */
  public static final List<AlertRuleSpec> DEFAULT_ALERTS =
      List.of(
          rule(
              "cpu_high",
              "antbot_system_cpu_usage_ratio",
              ">",
              0.9,
              300,
              "warning",
              0.05,
              "CPU usage above 90%"),
          rule(
              "memory_high",
              "antbot_system_memory_usage_ratio",
              ">",
              0.9,
              300,
              "warning",
              0.05,
              "memory usage above 90%"),
          rule(
              "disk_full",
              "antbot_system_disk_usage_ratio",
              ">",
              0.9,
              300,
              "critical",
              0.02,
              "a file system is over 90% full"),
          rule(
              "error_rate_high",
              "antbot_operation_error_ratio",
              ">",
              0.1,
              120,
              "critical",
              0.02,
              "more than 10% of operations fail"),
          rule(
              "event_loop_lag",
              "antbot_eventloop_lag_seconds",
              ">",
              0.1,
              30,
              "warning",
              0.05,
              "the event loop runs more than 100 ms late"));

  /** The anomaly detector's settings ({@code metrics.anomaly}). */
  public record Anomaly(
      boolean enabled, Set<String> metrics, double alpha, int warmup, double zThreshold) {}

  /** The health report's settings ({@code metrics.health}). */
  public record Health(
      long timeoutMs,
      List<String> services,
      double cpuRatio,
      double memoryRatio,
      double diskRatio) {}

  private final List<String> problems = new ArrayList<>();
  private int systemIntervalS;
  private long evaluationIntervalMs;
  private int errorRateWindowS;
  private long lagProbeIntervalMs;
  private int defaultBudget;
  private Map<String, Integer> budgets;
  private int customMaxMetrics;
  private Anomaly anomaly;
  private Health health;
  private List<AlertRuleSpec> alerts;

  private MetricsOptions() {}

  /** The defaults. */
  public static MetricsOptions defaults() {
    return fromJson(new JsonObject());
  }

  /**
   * Reads the value of the {@code metrics} key: an object, or {@code null} for the defaults;
   * anything else is a problem.
   */
  public static MetricsOptions fromValue(Object value) {
    if (value == null || value instanceof JsonObject) {
      return fromJson((JsonObject) value);
    }
    MetricsOptions options = defaults();
    options.problems.add("metrics: expected an object, got " + JsonFields.describe(value));
    return options;
  }

  /** Reads the {@code metrics} section ({@code null} or absent fields: defaults). */
  public static MetricsOptions fromJson(JsonObject section) {
    JsonObject json = section == null ? new JsonObject() : section;
    MetricsOptions o = new MetricsOptions();
    o.systemIntervalS =
        (int) o.integer(json, "system_interval_s", DEFAULT_SYSTEM_INTERVAL_S, 1, 3600);
    o.evaluationIntervalMs =
        o.integer(json, "evaluation_interval_ms", DEFAULT_EVALUATION_INTERVAL_MS, 50, 3_600_000);
    o.errorRateWindowS =
        (int) o.integer(json, "error_rate_window_s", DEFAULT_ERROR_RATE_WINDOW_S, 1, 3600);
    o.lagProbeIntervalMs =
        o.integer(json, "lag_probe_interval_ms", DEFAULT_LAG_PROBE_INTERVAL_MS, 10, 60_000);
    o.customMaxMetrics =
        (int) o.integer(json, "custom_max_metrics", DEFAULT_CUSTOM_MAX_METRICS, 1, 10_000);

    JsonObject cardinality = o.object(json, "cardinality");
    o.defaultBudget =
        (int)
            o.integer(
                cardinality,
                "cardinality.default_budget",
                "default_budget",
                DEFAULT_LABEL_BUDGET,
                1,
                100_000);
    o.budgets = new LinkedHashMap<>();
    JsonObject budgets = o.object(cardinality, "cardinality.budgets", "budgets");
    for (String metric : budgets.fieldNames()) {
      o.budgets.put(
          metric,
          (int)
              o.integer(
                  budgets,
                  "cardinality.budgets." + metric,
                  metric,
                  DEFAULT_LABEL_BUDGET,
                  1,
                  100_000));
    }

    JsonObject anomaly = o.object(json, "anomaly");
    Set<String> metrics =
        new LinkedHashSet<>(
            o.strings(anomaly, "anomaly.metrics", "metrics", DEFAULT_ANOMALY_METRICS));
    for (String metric : metrics) {
      if (!DEFAULT_ANOMALY_METRICS.contains(metric)) {
        o.problems.add(
            "metrics.anomaly.metrics: unknown metric \""
                + metric
                + "\" (expected "
                + String.join(", ", DEFAULT_ANOMALY_METRICS)
                + ")");
      }
    }
    o.anomaly =
        new Anomaly(
            o.bool(anomaly, "anomaly.enabled", "enabled", DEFAULT_ANOMALY_ENABLED),
            metrics,
            o.number(anomaly, "anomaly.alpha", "alpha", DEFAULT_ANOMALY_ALPHA, 1e-6, 1),
            (int)
                o.integer(anomaly, "anomaly.warmup", "warmup", DEFAULT_ANOMALY_WARMUP, 2, 100_000),
            o.number(
                anomaly,
                "anomaly.z_threshold",
                "z_threshold",
                DEFAULT_ANOMALY_Z_THRESHOLD,
                0.5,
                100));

    JsonObject health = o.object(json, "health");
    List<String> services =
        o.strings(health, "health.services", "services", DEFAULT_HEALTH_SERVICES);
    o.health =
        new Health(
            o.integer(
                health, "health.timeout_ms", "timeout_ms", DEFAULT_HEALTH_TIMEOUT_MS, 1, 60_000),
            services,
            o.number(health, "health.cpu_ratio", "cpu_ratio", DEFAULT_HEALTH_CPU_RATIO, 0, 1),
            o.number(
                health, "health.memory_ratio", "memory_ratio", DEFAULT_HEALTH_MEMORY_RATIO, 0, 1),
            o.number(health, "health.disk_ratio", "disk_ratio", DEFAULT_HEALTH_DISK_RATIO, 0, 1));

    o.alerts = o.alerts(json);
    return o;
  }

  private List<AlertRuleSpec> alerts(JsonObject json) {
    Object value = json.getValue("alerts");
    if (value == null) {
      return DEFAULT_ALERTS;
    }
    if (!(value instanceof JsonArray list)) {
      problems.add("metrics.alerts: expected a list, got " + JsonFields.describe(value));
      return DEFAULT_ALERTS;
    }
    List<AlertRuleSpec> rules = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "metrics.alerts[" + i + "]";
      if (!(list.getValue(i) instanceof JsonObject item)) {
        problems.add(path + ": expected an object, got " + JsonFields.describe(list.getValue(i)));
        continue;
      }
      try {
        AlertRuleSpec rule = AlertRuleSpec.fromJson(item);
        if (!names.add(rule.name())) {
          problems.add(path + ".name: " + rule.name() + " is used twice");
          continue;
        }
        rules.add(rule);
      } catch (BusException e) {
        problems.add(path + "." + e.getMessage());
      }
    }
    return List.copyOf(rules);
  }

  private long integer(JsonObject json, String key, long fallback, long min, long max) {
    return integer(json, key, key, fallback, min, max);
  }

  private long integer(
      JsonObject json, String path, String key, long fallback, long min, long max) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n
        && n.doubleValue() == Math.rint(n.doubleValue())
        && n.doubleValue() >= min
        && n.doubleValue() <= max) {
      return n.longValue();
    }
    problems.add(
        "metrics."
            + path
            + ": expected an integer from "
            + min
            + " to "
            + max
            + ", got "
            + JsonFields.describe(value));
    return fallback;
  }

  private double number(
      JsonObject json, String path, String key, double fallback, double min, double max) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n && n.doubleValue() >= min && n.doubleValue() <= max) {
      return n.doubleValue();
    }
    problems.add(
        "metrics."
            + path
            + ": expected a number from "
            + min
            + " to "
            + max
            + ", got "
            + JsonFields.describe(value));
    return fallback;
  }

  private boolean bool(JsonObject json, String path, String key, boolean fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    problems.add("metrics." + path + ": expected a boolean, got " + JsonFields.describe(value));
    return fallback;
  }

  private JsonObject object(JsonObject json, String key) {
    return object(json, key, key);
  }

  private JsonObject object(JsonObject json, String path, String key) {
    Object value = json.getValue(key);
    if (value == null) {
      return new JsonObject();
    }
    if (value instanceof JsonObject object) {
      return object;
    }
    problems.add("metrics." + path + ": expected an object, got " + JsonFields.describe(value));
    return new JsonObject();
  }

  private List<String> strings(JsonObject json, String path, String key, List<String> fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof JsonArray array)) {
      problems.add(
          "metrics." + path + ": expected a list of strings, got " + JsonFields.describe(value));
      return fallback;
    }
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (array.getValue(i) instanceof String text && !text.isBlank()) {
        strings.add(text);
      } else {
        problems.add(
            "metrics."
                + path
                + "["
                + i
                + "]: expected a string, got "
                + JsonFields.describe(array.getValue(i)));
      }
    }
    return List.copyOf(strings);
  }

  private static AlertRuleSpec rule(
      String name,
      String metric,
      String comparator,
      double threshold,
      double forS,
      String severity,
      double hysteresis,
      String description) {
    return AlertRuleSpec.fromJson(
        new JsonObject()
            .put("name", name)
            .put("metric", metric)
            .put("comparator", comparator)
            .put("threshold", threshold)
            .put("for_s", forS)
            .put("severity", severity)
            .put("hysteresis", hysteresis)
            .put("description", description));
  }

  /**
   * Every problem with its path ({@code metrics.anomaly.alpha: ...}); empty when the options are
   * usable.
   */
  public List<String> validate() {
    return List.copyOf(problems);
  }

  /** Seconds between two OSHI samples; default {@value #DEFAULT_SYSTEM_INTERVAL_S}. */
  public int systemIntervalS() {
    return systemIntervalS;
  }

  /** Milliseconds between two evaluations of the alert rules and the error-rate detector. */
  public long evaluationIntervalMs() {
    return evaluationIntervalMs;
  }

  /** Seconds of history behind {@code antbot_operation_error_ratio}. */
  public int errorRateWindowS() {
    return errorRateWindowS;
  }

  /** Milliseconds between two event-loop lag probes. */
  public long lagProbeIntervalMs() {
    return lagProbeIntervalMs;
  }

  /** Distinct values one label of one metric may take (see {@link CardinalityGuard}). */
  public int defaultBudget() {
    return defaultBudget;
  }

  /** Label budgets of named metrics, by Prometheus name. */
  public Map<String, Integer> budgets() {
    return Map.copyOf(budgets);
  }

  /** Most distinct custom metric names. */
  public int customMaxMetrics() {
    return customMaxMetrics;
  }

  public Anomaly anomaly() {
    return anomaly;
  }

  public Health health() {
    return health;
  }

  /** The configured alert rules ({@link #DEFAULT_ALERTS} when the key is absent). */
  public List<AlertRuleSpec> alerts() {
    return alerts;
  }
}
