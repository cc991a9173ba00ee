package io.antbot.metrics;

import io.antbot.bus.AlertRuleSpec;
import io.antbot.bus.BusException;
import io.antbot.bus.JsonFields;
import io.antbot.settings.SectionReader;
import io.antbot.settings.Settings;
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
 * timer are fixed). Defaults, ranges and allowed values are the schema's.
 *
 * <p>{@link #fromJson} never throws: a value of the wrong type or out of range is reported by
 * {@link #validate()} with its path and replaced by its default.
 *
 * @param systemIntervalS seconds between two OSHI samples
 * @param evaluationIntervalMs milliseconds between two evaluations of the alert rules and the
 *     error-rate detector
 * @param errorRateWindowS seconds of history behind {@code antbot_operation_error_ratio}
 * @param lagProbeIntervalMs milliseconds between two event-loop lag probes
 * @param defaultBudget distinct values one label of one metric may take (see {@link
 *     CardinalityGuard})
 * @param budgets label budgets of named metrics, by Prometheus name
 * @param customMaxMetrics most distinct custom metric names
 * @param anomaly the anomaly detector's settings
 * @param health the health report's settings
 * @param alerts the alert rules
 * @param problems every problem found, with its path
 */
public record MetricsOptions(
    int systemIntervalS,
    long evaluationIntervalMs,
    int errorRateWindowS,
    long lagProbeIntervalMs,
    int defaultBudget,
    Map<String, Integer> budgets,
    int customMaxMetrics,
    Anomaly anomaly,
    Health health,
    List<AlertRuleSpec> alerts,
    List<String> problems) {

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

  public MetricsOptions {
    budgets = Map.copyOf(budgets);
    alerts = List.copyOf(alerts);
    problems = List.copyOf(problems);
  }

  /** The schema's defaults. */
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
    MetricsOptions defaults = defaults();
    List<String> problems =
        List.of("metrics: expected an object, got " + JsonFields.describe(value));
    return new MetricsOptions(
        defaults.systemIntervalS,
        defaults.evaluationIntervalMs,
        defaults.errorRateWindowS,
        defaults.lagProbeIntervalMs,
        defaults.defaultBudget,
        defaults.budgets,
        defaults.customMaxMetrics,
        defaults.anomaly,
        defaults.health,
        defaults.alerts,
        problems);
  }

  /** Reads the {@code metrics} section ({@code null} or absent fields: the schema's defaults). */
  public static MetricsOptions fromJson(JsonObject section) {
    SectionReader in = Settings.read("metrics", section);
    in.rejectUnknown();
    SectionReader cardinality = in.child("cardinality");
    Map<String, Integer> budgets = new LinkedHashMap<>();
    SectionReader named = cardinality.child("budgets");
    for (String metric : cardinality.object("budgets").fieldNames()) {
      budgets.put(metric, (int) named.integer(metric));
    }
    SectionReader anomaly = in.child("anomaly");
    SectionReader health = in.child("health");
    List<String> alertProblems = new ArrayList<>();
    List<AlertRuleSpec> alerts = alerts(in.objects("alerts"), alertProblems);
    MetricsOptions options =
        new MetricsOptions(
            (int) in.integer("system_interval_s"),
            in.integer("evaluation_interval_ms"),
            (int) in.integer("error_rate_window_s"),
            in.integer("lag_probe_interval_ms"),
            (int) cardinality.integer("default_budget"),
            budgets,
            (int) in.integer("custom_max_metrics"),
            new Anomaly(
                anomaly.bool("enabled"),
                new LinkedHashSet<>(anomaly.strings("metrics")),
                anomaly.number("alpha"),
                (int) anomaly.integer("warmup"),
                anomaly.number("z_threshold")),
            new Health(
                health.integer("timeout_ms"),
                health.strings("services"),
                health.number("cpu_ratio"),
                health.number("memory_ratio"),
                health.number("disk_ratio")),
            alerts,
            List.of());
    List<String> problems = new ArrayList<>(in.problems());
    problems.addAll(alertProblems);
    return new MetricsOptions(
        options.systemIntervalS,
        options.evaluationIntervalMs,
        options.errorRateWindowS,
        options.lagProbeIntervalMs,
        options.defaultBudget,
        options.budgets,
        options.customMaxMetrics,
        options.anomaly,
        options.health,
        options.alerts,
        problems);
  }

  /**
   * The alert rules, each read by {@link AlertRuleSpec#fromJson} (the bus contract of {@code
   * antbot.metrics.alert.rule.set}); a name used twice is a problem.
   */
  private static List<AlertRuleSpec> alerts(List<JsonObject> items, List<String> problems) {
    List<AlertRuleSpec> rules = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String path = "metrics.alerts[" + i + "]";
      try {
        AlertRuleSpec rule = AlertRuleSpec.fromJson(items.get(i));
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

  /**
   * Every problem with its path ({@code metrics.anomaly.alpha: ...}); empty when the options are
   * usable.
   */
  public List<String> validate() {
    return problems;
  }
}
