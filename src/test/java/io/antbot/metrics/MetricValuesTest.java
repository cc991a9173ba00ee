package io.antbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.AlertRuleSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MetricValuesTest {

  private final PrometheusMeterRegistry registry = MetricsBackend.newRegistry();

  private static AlertRuleSpec rule(String metric, String aggregate, JsonObject labels) {
    JsonObject json =
        new JsonObject()
            .put("name", "r")
            .put("metric", metric)
            .put("comparator", ">")
            .put("threshold", 0)
            .put("aggregate", aggregate);
    if (labels != null) {
      json.put("labels", labels);
    }
    return AlertRuleSpec.fromJson(json);
  }

  @Test
  @DisplayName(
      "rules read series by their scraped names, filtered by labels and combined by their aggregate")
  void namesLabelsAndAggregates() {
    Gauge.builder("disk.usage", () -> 0.5).baseUnit("ratio").tag("mount", "/").register(registry);
    Gauge.builder("disk.usage", () -> 0.9)
        .baseUnit("ratio")
        .tag("mount", "/data")
        .register(registry);
    Gauge.builder("disk.usage", () -> Double.NaN)
        .baseUnit("ratio")
        .tag("mount", "/gone")
        .register(registry);
    Counter.builder("orders").tag("side", "buy").register(registry).increment(3);
    Timer.builder("op.duration").register(registry).record(Duration.ofMillis(250));

    MetricValues values = MetricValues.of(registry, null);
    assertThat(values.value(rule("disk_usage_ratio", "max", null)))
        .isEqualTo(OptionalDouble.of(0.9));
    assertThat(values.value(rule("disk_usage_ratio", "min", null)))
        .isEqualTo(OptionalDouble.of(0.5));
    assertThat(values.value(rule("disk_usage_ratio", "sum", null)).getAsDouble()).isEqualTo(1.4);
    assertThat(values.value(rule("disk_usage_ratio", "avg", null)).getAsDouble()).isEqualTo(0.7);
    assertThat(values.value(rule("disk_usage_ratio", "max", new JsonObject().put("mount", "/"))))
        .isEqualTo(OptionalDouble.of(0.5));
    assertThat(values.value(rule("orders_total", "max", null))).isEqualTo(OptionalDouble.of(3));
    assertThat(values.value(rule("op_duration_seconds_count", "max", null)))
        .isEqualTo(OptionalDouble.of(1));
    assertThat(values.value(rule("op_duration_seconds_sum", "max", null)))
        .isEqualTo(OptionalDouble.of(0.25));
    assertThat(values.value(rule("absent", "max", null))).isEmpty();
    assertThat(
            values.value(rule("disk_usage_ratio", "max", new JsonObject().put("mount", "/gone"))))
        .isEmpty();
  }

  @Test
  @DisplayName("only the meters the rules name are read")
  void readsOnlyWantedMeters() {
    int[] reads = {0};
    Gauge.builder("expensive", () -> ++reads[0]).register(registry);
    Gauge.builder("cheap", () -> 1).register(registry);
    MetricValues values = MetricValues.of(registry, Set.of("cheap"));
    assertThat(values.value(rule("cheap", "max", null))).isEqualTo(OptionalDouble.of(1));
    assertThat(values.series("expensive")).isEmpty();
    assertThat(reads[0]).isZero();
  }
}
