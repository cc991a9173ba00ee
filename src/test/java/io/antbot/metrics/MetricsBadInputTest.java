package io.antbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(VertxExtension.class)
class MetricsBadInputTest {

  @TempDir static Path dir;

  /** One deployment for the class: every case is answered without changing state. */
  @BeforeAll
  static void deploy(Vertx vertx, VertxTestContext context) {
    MetricsTesting.deploy(vertx, dir, MetricsTesting.quickSettings())
        .onComplete(context.succeedingThenComplete());
  }

  private static JsonObject operation(Object duration) {
    return new JsonObject()
        .put("component", "TradingEngine")
        .put("operation", "buy_order")
        .put("duration_ms", duration);
  }

  private static JsonObject gauge(String name) {
    return new JsonObject().put("name", name).put("value", 1);
  }

  static Stream<Arguments> badMessages() {
    return Stream.of(
        Arguments.of(
            Addresses.METRICS_OPERATION,
            operation(Double.NaN),
            "duration_ms: expected a finite number, got NaN"),
        Arguments.of(
            Addresses.METRICS_OPERATION,
            operation(Double.POSITIVE_INFINITY),
            "duration_ms: expected a finite number, got Infinity"),
        Arguments.of(
            Addresses.METRICS_OPERATION,
            operation(Double.NEGATIVE_INFINITY),
            "duration_ms: expected a finite number, got -Infinity"),
        Arguments.of(
            Addresses.METRICS_OPERATION,
            operation(-1),
            "duration_ms: must not be negative, got -1.0"),
        Arguments.of(
            Addresses.METRICS_OPERATION,
            operation(-0.5),
            "duration_ms: must not be negative, got -0.5"),
        Arguments.of(
            Addresses.METRICS_OPERATION,
            operation("fast"),
            "duration_ms: expected a number, got \"fast\""),
        Arguments.of(Addresses.METRICS_OPERATION, operation(null), "duration_ms: required"),
        Arguments.of(
            Addresses.METRICS_OPERATION,
            operation(5).put("speed", 1),
            "speed: unknown field (expected one of component, duration_ms, operation, success)"),
        Arguments.of(
            Addresses.METRICS_OPERATION,
            operation(5).put("component", " "),
            "component: must not be blank"),
        Arguments.of(
            Addresses.METRICS_CUSTOM_SET,
            gauge("Queue-Depth"),
            "name: not a valid metric name \"Queue-Depth\" (expected snake_case: lowercase letters, digits and _, not starting with a digit)"),
        Arguments.of(
            Addresses.METRICS_CUSTOM_SET,
            gauge("1st_place"),
            "name: not a valid metric name \"1st_place\" (expected snake_case: lowercase letters, digits and _, not starting with a digit)"),
        Arguments.of(
            Addresses.METRICS_CUSTOM_SET,
            gauge("queueDepth"),
            "name: not a valid metric name \"queueDepth\" (expected snake_case: lowercase letters, digits and _, not starting with a digit)"),
        Arguments.of(
            Addresses.METRICS_CUSTOM_SET,
            gauge("queue:depth"),
            "name: not a valid metric name \"queue:depth\" (expected snake_case: lowercase letters, digits and _, not starting with a digit)"),
        Arguments.of(
            Addresses.METRICS_CUSTOM_SET,
            gauge("__depth"),
            "name: names starting with __ are reserved by Prometheus"),
        Arguments.of(
            Addresses.METRICS_CUSTOM_SET,
            gauge("antbot_depth"),
            "name: the prefix antbot_ is reserved for built-in metrics"),
        Arguments.of(
            Addresses.METRICS_CUSTOM_SET,
            gauge("jvm_depth"),
            "name: the prefix jvm_ is reserved for built-in metrics"),
        Arguments.of(
            Addresses.METRICS_CUSTOM_SET,
            gauge("depth_total"),
            "name: a gauge's name must not end in _total (reserved for counters, histograms and summaries)"),
        Arguments.of(
            Addresses.METRICS_CUSTOM_SET,
            gauge("depth_bucket"),
            "name: a gauge's name must not end in _bucket (reserved for counters, histograms and summaries)"),
        Arguments.of(
            Addresses.METRICS_CUSTOM_SET,
            gauge("depth").put("value", Double.NaN),
            "value: expected a finite number, got NaN"),
        Arguments.of(
            Addresses.METRICS_CUSTOM_SET,
            gauge("depth").put("labels", new JsonObject().put("bad-label", "x")),
            "labels.bad-label: not a valid label name (expected [a-zA-Z_][a-zA-Z0-9_]*)"),
        Arguments.of(
            Addresses.METRICS_CUSTOM_SET,
            gauge("depth").put("labels", new JsonObject().put("le", "1")),
            "labels.le: label name le is reserved for histograms and summaries"),
        Arguments.of(
            Addresses.METRICS_CUSTOM_SET,
            gauge("depth").put("labels", new JsonObject().put("__x", "1")),
            "labels.__x: label names starting with __ are reserved by Prometheus"),
        Arguments.of(
            Addresses.METRICS_CUSTOM_SET,
            gauge("depth").put("labels", new JsonObject().put("pool", 3)),
            "labels.pool: expected a string, got 3"),
        Arguments.of(
            Addresses.METRICS_CUSTOM_INCREMENT,
            new JsonObject().put("name", "orders"),
            "name: a counter's name must end in _total, got \"orders\""),
        Arguments.of(
            Addresses.METRICS_CUSTOM_INCREMENT,
            new JsonObject().put("name", "orders_total").put("amount", -1),
            "amount: must not be negative, got -1.0"),
        Arguments.of(
            Addresses.METRICS_CUSTOM_INCREMENT,
            new JsonObject().put("name", "_total"),
            "name: a counter's name needs a base before _total"),
        Arguments.of(
            Addresses.METRICS_TRADE,
            new JsonObject().put("side", "hold").put("status", "done").put("amount", 1),
            "side: expected buy or sell, got \"hold\""),
        Arguments.of(
            Addresses.METRICS_TRADE,
            new JsonObject().put("side", "buy").put("status", "done").put("amount", -2),
            "amount: must not be negative, got -2.0"),
        Arguments.of(
            Addresses.METRICS_TRADE,
            new JsonObject()
                .put("side", "buy")
                .put("status", "done")
                .put("amount", 1)
                .put("profit_loss", Double.NaN),
            "profit_loss: expected a finite number, got NaN"),
        Arguments.of(
            Addresses.METRICS_CAPITAL,
            new JsonObject().put("total", -5),
            "total: must not be negative, got -5.0"),
        Arguments.of(
            Addresses.METRICS_COMPOUNDING,
            new JsonObject().put("layer", 6).put("rate", 0.1),
            "layer: expected an integer from 1 to 5, got 6"),
        Arguments.of(
            Addresses.METRICS_COMPOUNDING,
            new JsonObject().put("layer", 2),
            "rate, efficiency: at least one is required"),
        Arguments.of(
            Addresses.METRICS_WORKERS,
            new JsonObject().put("active", -1),
            "active: must not be negative, got -1"),
        Arguments.of(
            Addresses.METRICS_ALERT_ADD,
            new JsonObject()
                .put("name", "x")
                .put("metric", "m")
                .put("comparator", "!=")
                .put("threshold", 1),
            "comparator: expected one of > >= < <= ==, got \"!=\""),
        Arguments.of(
            Addresses.METRICS_ALERT_ADD,
            new JsonObject()
                .put("name", "x")
                .put("metric", "cpu usage")
                .put("comparator", ">")
                .put("threshold", 1),
            "metric: not a valid Prometheus metric name \"cpu usage\""),
        Arguments.of(
            Addresses.METRICS_ALERT_ADD,
            new JsonObject()
                .put("name", "x")
                .put("metric", "m")
                .put("comparator", ">")
                .put("threshold", 1)
                .put("severity", "panic"),
            "severity: expected one of info, warning, critical, got \"panic\""),
        Arguments.of(
            Addresses.METRICS_ALERT_ADD,
            new JsonObject()
                .put("name", "x")
                .put("metric", "m")
                .put("comparator", ">")
                .put("threshold", 1)
                .put("for_s", -3),
            "for_s: must not be negative, got -3.0"),
        Arguments.of(
            Addresses.METRICS_SCRAPE,
            new JsonObject().put("format", "json"),
            "format: expected prometheus or openmetrics, got \"json\""));
  }

  @org.junit.jupiter.api.Test
  @DisplayName(
      "the seed's add_alert(\"high_cpu\", \"cpu_usage\", 80.0, \"greater\", \"high\") is accepted as > and critical")
  void seedAlertSpelling(Vertx vertx, VertxTestContext context) {
    vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.METRICS_ALERT_ADD,
            new JsonObject()
                .put("name", "high_cpu")
                .put("metric", "cpu_usage")
                .put("threshold", 80.0)
                .put("comparator", "greater")
                .put("severity", "high"))
        .compose(
            added ->
                vertx
                    .eventBus()
                    .<JsonObject>request(Addresses.METRICS_ALERT_LIST, new JsonObject()))
        .onComplete(
            context.succeeding(
                list ->
                    context.verify(
                        () -> {
                          assertThat(list.body().encode())
                              .contains(
                                  "\"name\":\"high_cpu\"",
                                  "\"comparator\":\">\"",
                                  "\"severity\":\"critical\"");
                          context.completeNow();
                        })));
  }

  @ParameterizedTest(name = "{0} {1} -> 400 {2}")
  @MethodSource("badMessages")
  @DisplayName("a malformed message is answered 400 with a text naming the field and the fault")
  void answered400(
      String address, JsonObject body, String text, Vertx vertx, VertxTestContext context) {
    vertx
        .eventBus()
        .request(address, body)
        .onComplete(
            context.failing(
                failure ->
                    context.verify(
                        () -> {
                          assertThat(failure).isInstanceOf(ReplyException.class);
                          assertThat(((ReplyException) failure).failureCode()).isEqualTo(400);
                          assertThat(failure.getMessage()).isEqualTo(text);
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "a custom name keeps its kind and label names, and cannot take a metric of the runtime")
  void customNamesAreStable(Vertx vertx, VertxTestContext context) {
    var bus = vertx.eventBus();
    bus.request(
            Addresses.METRICS_CUSTOM_SET,
            gauge("depth").put("labels", new JsonObject().put("pool", "a")))
        .compose(
            ok ->
                bus.request(
                    Addresses.METRICS_CUSTOM_INCREMENT,
                    new JsonObject().put("name", "depth_total")))
        .onComplete(
            context.failing(
                failure ->
                    context.verify(
                        () -> {
                          assertThat(((ReplyException) failure).failureCode()).isEqualTo(400);
                          assertThat(failure.getMessage())
                              .isEqualTo("name: depth is already used by a custom gauge");
                        })))
        .recover(
            ignored ->
                bus.request(
                    Addresses.METRICS_CUSTOM_SET,
                    gauge("depth").put("labels", new JsonObject().put("region", "eu"))))
        .onComplete(
            context.failing(
                failure ->
                    context.verify(
                        () -> {
                          assertThat(failure.getMessage())
                              .isEqualTo("labels: depth takes the labels [pool], got [region]");
                          context.completeNow();
                        })));
  }
}
