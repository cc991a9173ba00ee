package io.antbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.AlertRuleSpec;
import io.antbot.settings.YamlDocument;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MetricsOptionsTest {

  @Test
  @DisplayName("the shipped metrics section is valid and equals the built-in defaults")
  void shippedEqualsDefaults() throws Exception {
    JsonObject section =
        YamlDocument.read(Path.of("conf/application.yaml")).content().getJsonObject("metrics");
    MetricsOptions shipped = MetricsOptions.fromJson(section);
    MetricsOptions defaults = MetricsOptions.defaults();
    assertThat(shipped.validate()).isEmpty();
    assertThat(shipped.alerts()).isEqualTo(MetricsOptions.defaults().alerts());
    assertThat(shipped.systemIntervalS()).isEqualTo(defaults.systemIntervalS()).isEqualTo(5);
    assertThat(shipped.evaluationIntervalMs()).isEqualTo(defaults.evaluationIntervalMs());
    assertThat(shipped.errorRateWindowS()).isEqualTo(defaults.errorRateWindowS());
    assertThat(shipped.lagProbeIntervalMs()).isEqualTo(defaults.lagProbeIntervalMs());
    assertThat(shipped.defaultBudget()).isEqualTo(defaults.defaultBudget()).isEqualTo(100);
    assertThat(shipped.customMaxMetrics()).isEqualTo(defaults.customMaxMetrics());
    assertThat(shipped.anomaly()).isEqualTo(defaults.anomaly());
    assertThat(shipped.health()).isEqualTo(defaults.health());
  }

  @Test
  @DisplayName("the default rules cover CPU, memory, disk, error rate and event-loop lag")
  void defaultRules() {
    assertThat(MetricsOptions.defaults().alerts())
        .extracting(AlertRuleSpec::metric)
        .containsExactly(
            MetricNames.SYSTEM_CPU_USAGE.prometheusName(),
            MetricNames.SYSTEM_MEMORY_USAGE.prometheusName(),
            MetricNames.SYSTEM_DISK_USAGE.prometheusName(),
            MetricNames.OPERATION_ERROR_RATIO.prometheusName(),
            MetricNames.EVENT_LOOP_LAG.prometheusName());
  }

  @Test
  @DisplayName(
      "validate lists every problem with its path, and bad values fall back to their defaults")
  void everyProblemWithItsPath() {
    JsonObject section =
        new JsonObject()
            .put("system_interval_s", 0)
            .put("evaluation_interval_ms", "soon")
            .put(
                "cardinality",
                new JsonObject()
                    .put("default_budget", -1)
                    .put("budgets", new JsonObject().put("x", 2.5)))
            .put(
                "anomaly",
                new JsonObject().put("alpha", 2).put("metrics", new JsonArray().add("cpu")))
            .put("health", new JsonObject().put("services", "all"))
            .put(
                "alerts",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("name", "a")
                            .put("metric", "m")
                            .put("comparator", "~")
                            .put("threshold", 1))
                    .add(
                        new JsonObject()
                            .put("name", "b")
                            .put("metric", "m")
                            .put("comparator", ">")
                            .put("threshold", "high"))
                    .add(
                        new JsonObject()
                            .put("name", "b")
                            .put("metric", "m")
                            .put("comparator", ">")
                            .put("threshold", 1))
                    .add(
                        new JsonObject()
                            .put("name", "b")
                            .put("metric", "m")
                            .put("comparator", ">")
                            .put("threshold", 1))
                    .add("cpu > 1"));
    MetricsOptions options = MetricsOptions.fromJson(section);
    assertThat(options.validate())
        .containsExactlyInAnyOrder(
            "metrics.system_interval_s: expected an integer from 1 to 3600, got 0",
            "metrics.evaluation_interval_ms: expected an integer from 50 to 3600000, got \"soon\"",
            "metrics.cardinality.default_budget: expected an integer from 1 to 100000, got -1",
            "metrics.cardinality.budgets.x: expected an integer from 1 to 100000, got 2.5",
            "metrics.anomaly.metrics[0]: expected one of operation_latency, error_rate, trade_pnl, got \"cpu\"",
            "metrics.anomaly.alpha: expected a number from 1.0E-6 to 1, got 2",
            "metrics.health.services: expected a list of strings, got \"all\"",
            "metrics.alerts[0].comparator: expected one of > >= < <= ==, got \"~\"",
            "metrics.alerts[1].threshold: expected a number, got \"high\"",
            "metrics.alerts[3].name: b is used twice",
            "metrics.alerts[4]: expected a map, got \"cpu > 1\"");
    assertThat(options.systemIntervalS()).isEqualTo(MetricsOptions.defaults().systemIntervalS());
    assertThat(options.health().services())
        .isEqualTo(MetricsOptions.defaults().health().services());
    assertThat(options.alerts()).extracting(AlertRuleSpec::name).containsExactly("b");
  }

  @Test
  @DisplayName(
      "a metrics key that is not an object is a problem, and an absent one gives the defaults")
  void notAnObject() {
    assertThat(MetricsOptions.fromValue("fast").validate())
        .containsExactly("metrics: expected an object, got \"fast\"");
    assertThat(MetricsOptions.fromValue(null).validate()).isEmpty();
  }

  @Test
  @DisplayName("budgets and anomaly settings are read as given")
  void readsSettings() {
    MetricsOptions options =
        MetricsOptions.fromJson(
            new JsonObject()
                .put(
                    "cardinality",
                    new JsonObject()
                        .put("default_budget", 5)
                        .put("budgets", new JsonObject().put("m_total", 7)))
                .put("anomaly", new JsonObject().put("enabled", false).put("z_threshold", 3.5))
                .put("alerts", new JsonArray()));
    assertThat(options.validate()).isEmpty();
    assertThat(options.defaultBudget()).isEqualTo(5);
    assertThat(options.budgets()).isEqualTo(Map.of("m_total", 7));
    assertThat(options.anomaly().enabled()).isFalse();
    assertThat(options.anomaly().zThreshold()).isEqualTo(3.5);
    assertThat(options.anomaly().metrics())
        .isEqualTo(MetricsOptions.defaults().anomaly().metrics());
    assertThat(options.alerts()).isEmpty();
  }
}
