package io.antbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.AlertEvent;
import io.antbot.bus.AlertRuleSpec;
import io.antbot.bus.OperationMetric;
import io.antbot.bus.TradeMetric;
import io.antbot.testing.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The metrics service's parts on a registry of their own, driven without Vert.x. */
class MetricsRuntimeTest {

  private final PrometheusMeterRegistry registry = MetricsBackend.newRegistry();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final MetricsRuntime runtime =
      new MetricsRuntime(registry, MetricsOptions.defaults(), clock, "metrics");

  private static MetricsOptions withAlert(JsonObject rule) {
    return MetricsOptions.fromValue(new JsonObject().put("alerts", new JsonArray().add(rule)));
  }

  @Test
  @DisplayName("an operation is counted under its component, operation and outcome")
  void countsOperations() {
    runtime.operation(new OperationMetric("bot", "buy", 12.0, true));
    runtime.operation(new OperationMetric("bot", "buy", 30.0, false));

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains(
            "antbot_operations_total{component=\"bot\",operation=\"buy\",outcome=\"success\"} 1")
        .contains(
            "antbot_operations_total{component=\"bot\",operation=\"buy\",outcome=\"error\"} 1");
  }

  @Test
  @DisplayName("a configured rule fires once its metric passes the threshold; the gauge counts it")
  void ruleFires() {
    List<AlertEvent> resolved =
        runtime.apply(
            withAlert(
                new JsonObject()
                    .put("name", "too_many_errors")
                    .put("metric", "antbot_operations_total")
                    .put("comparator", ">=")
                    .put("threshold", 2)
                    .put("labels", new JsonObject().put("outcome", "error"))
                    .put("severity", "critical")));
    assertThat(resolved).isEmpty();
    assertThat(runtime.evaluate()).isEmpty();

    runtime.operation(new OperationMetric("bot", "sell", 5.0, false));
    runtime.operation(new OperationMetric("bot", "sell", 5.0, false));
    List<AlertEvent> events = runtime.evaluate();

    assertThat(events)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.name()).isEqualTo("too_many_errors");
              assertThat(event.state()).isEqualTo(AlertEvent.FIRING);
              assertThat(event.severity()).isEqualTo("critical");
              assertThat(event.source()).isEqualTo("metrics");
            });
    assertThat(registry.scrape()).contains("antbot_alerts_firing{severity=\"critical\"} 1");
    assertThat(runtime.details().getInteger("alerts_firing")).isEqualTo(1);

    List<AlertEvent> afterRemoval = runtime.apply(MetricsOptions.defaults());
    assertThat(afterRemoval).extracting(AlertEvent::state).containsExactly(AlertEvent.RESOLVED);
  }

  @Test
  @DisplayName("a rule added at run time answers with its state, then waits pending while it holds")
  void addedRule() {
    runtime.operation(new OperationMetric("bot", "buy", 5.0, true));
    JsonObject added =
        runtime.addRule(
            AlertRuleSpec.fromJson(
                new JsonObject()
                    .put("name", "busy")
                    .put("metric", "antbot_operations_total")
                    .put("comparator", ">")
                    .put("threshold", 0)
                    .put("for_s", 60)));

    assertThat(added.getString("name")).isEqualTo("busy");
    assertThat(added.getString("state")).isEqualTo("inactive");
    assertThat(runtime.evaluate()).as("the condition must hold 60 s first").isEmpty();
    JsonObject listed = runtime.alertList().getJsonArray("alerts").getJsonObject(0);
    assertThat(listed.getString("state")).isEqualTo("pending");
    assertThat(listed.getString("origin")).isEqualTo("runtime");
  }

  @Test
  @DisplayName("alerts of other services are listed while they fire; this service's own are not")
  void raisedAlerts() {
    runtime.raised(
        new JsonObject()
            .put("id", "security:audit_storage")
            .put("source", "security")
            .put("state", "firing"));
    runtime.raised(
        new JsonObject().put("id", "metrics:cpu").put("source", "metrics").put("state", "firing"));

    JsonArray raised = runtime.alertList().getJsonArray("raised");
    assertThat(raised).hasSize(1);
    assertThat(raised.getJsonObject(0).getString("id")).isEqualTo("security:audit_storage");

    runtime.raised(
        new JsonObject()
            .put("id", "security:audit_storage")
            .put("source", "security")
            .put("state", "resolved"));
    assertThat(runtime.alertList().getJsonArray("raised")).isEmpty();
  }

  @Test
  @DisplayName("a trade without a profit or loss raises no anomaly; the lag gauge takes seconds")
  void tradesAndLag() {
    assertThat(runtime.trade(new TradeMetric("buy", "filled", 10.0, null, "SOL/USDC"))).isEmpty();
    runtime.lag(0.25);
    assertThat(registry.scrape()).contains("antbot_eventloop_lag_seconds 0.25");
  }

  @Test
  @DisplayName("removeMeters takes out the service's meters and leaves the registry's others")
  void removesOwnMeters() {
    Counter other = Counter.builder("jvm.other").register(registry);
    runtime.operation(new OperationMetric("bot", "buy", 1.0, true));

    runtime.removeMeters();

    assertThat(registry.getMeters())
        .extracting(meter -> meter.getId().getName())
        .containsExactly(other.getId().getName());
  }
}
