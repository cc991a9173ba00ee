package io.antbot.metrics;

import static io.antbot.metrics.MetricsTesting.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.antbot.bus.Addresses;
import io.antbot.bus.AlertRuleSpec;
import io.antbot.bus.ScrapeReply;
import io.antbot.bus.ScrapeRequest;
import io.antbot.client.MetricsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class MetricsVerticleTest {

  @TempDir Path dir;
  private MetricsClient metrics;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) {
    metrics = new MetricsClient(vertx);
    MetricsTesting.deploy(vertx, dir, MetricsTesting.quickSettings())
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName(
      "a scrape holds every series recorded over the bus, read back by the Prometheus parser and clean under promtool")
  void scrapeHoldsEverySeries() {
    Future.all(
            List.of(
                metrics.recordOperation("TradingEngine", "buy_order", Duration.ofMillis(750), true),
                metrics.recordOperation("TradingEngine", "buy_order", 3.0, true),
                metrics.recordOperation("TradingEngine", "buy_order", 20.0, false),
                metrics.recordTrade("buy", "completed", 2.5, 0.15, "BTC/USDT"),
                metrics.recordTrade("sell", "completed", 1.0, -0.05, "BTC/USDT"),
                metrics.recordTrade("buy", "cancelled", 0.5, null, null),
                metrics.recordCapital(10_000, 7_500.0, 2_500.0),
                metrics.recordCompounding(1, 0.02, 0.8),
                metrics.recordCompounding(5, -0.01, null),
                metrics.recordWorkers("scouts", 12, 0.9),
                metrics.setGauge("total_profit", 1250.75, Map.of()),
                metrics.setGauge("queue_depth", 3, Map.of("pool", "a")),
                metrics.increment("orders_filled_total", 5, Map.of("venue", "x")),
                metrics.increment("orders_filled_total", 1, Map.of("venue", "x"))))
        .await();

    String text = metrics.scrape(ScrapeRequest.PROMETHEUS).await().text();
    JsonObject families = PrometheusTools.parse(text, ScrapeRequest.PROMETHEUS);
    Set<String> names = MetricsTesting.sampleNames(families);
    Map<String, String> buyOrder =
        Map.of("component", "TradingEngine", "operation", "buy_order", "outcome", "success");
    Map<String, String> buyError =
        Map.of("component", "TradingEngine", "operation", "buy_order", "outcome", "error");

    assertThat(families.getJsonObject("antbot_operation_duration_seconds").getString("type"))
        .isEqualTo("histogram");
    assertThat(value(families, "antbot_operation_duration_seconds_count", buyOrder)).isEqualTo(2.0);
    assertThat((Double) value(families, "antbot_operation_duration_seconds_sum", buyOrder))
        .isCloseTo(0.753, within(1e-9));
    Map<String, String> le5ms = new java.util.HashMap<>(buyOrder);
    le5ms.put("le", "0.005");
    assertThat(value(families, "antbot_operation_duration_seconds_bucket", le5ms)).isEqualTo(1.0);
    le5ms.put("le", "1.0");
    assertThat(value(families, "antbot_operation_duration_seconds_bucket", le5ms)).isEqualTo(2.0);
    assertThat(value(families, "antbot_operations_total", buyOrder)).isEqualTo(2.0);
    assertThat(value(families, "antbot_operations_total", buyError)).isEqualTo(1.0);

    assertThat(
            value(
                families,
                "antbot_trades_total",
                Map.of("side", "buy", "status", "completed", "symbol", "BTC/USDT")))
        .isEqualTo(1.0);
    assertThat(
            value(
                families,
                "antbot_trades_total",
                Map.of("side", "buy", "status", "cancelled", "symbol", "none")))
        .isEqualTo(1.0);
    assertThat(value(families, "antbot_trade_volume_total", Map.of("side", "buy"))).isEqualTo(3.0);
    assertThat((Double) value(families, "antbot_trade_realized_profit_loss", Map.of()))
        .isCloseTo(0.1, within(1e-12));
    assertThat(value(families, "antbot_trade_win_ratio", Map.of())).isEqualTo(0.5);
    assertThat(value(families, "antbot_trade_results_total", Map.of("result", "loss")))
        .isEqualTo(1.0);
    assertThat(value(families, "antbot_capital", Map.of("kind", "available"))).isEqualTo(7500.0);
    assertThat(value(families, "antbot_compounding_rate", Map.of("layer", "5"))).isEqualTo(-0.01);
    assertThat(value(families, "antbot_compounding_efficiency", Map.of("layer", "1")))
        .isEqualTo(0.8);
    assertThat(value(families, "antbot_workers_active", Map.of("pool", "scouts"))).isEqualTo(12.0);
    assertThat(value(families, "antbot_workers_efficiency", Map.of("pool", "scouts")))
        .isEqualTo(0.9);
    assertThat(value(families, "total_profit", Map.of())).isEqualTo(1250.75);
    assertThat(value(families, "queue_depth", Map.of("pool", "a"))).isEqualTo(3.0);
    assertThat(value(families, "orders_filled_total", Map.of("venue", "x"))).isEqualTo(6.0);
    assertThat(families.getJsonObject("orders_filled").getString("type")).isEqualTo("counter");
    assertThat(names)
        .as("JVM metrics are bound to the service's own registry")
        .contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage");
    assertThat(names)
        .as("a Vert.x built without metrics options has no Vert.x series")
        .noneMatch(n -> n.startsWith("vertx_"));

    Set<MetricName> conditional =
        Set.of(
            MetricNames.DROPPED_SERIES,
            MetricNames.ANOMALIES,
            MetricNames.TELEMETRY_REFUSED,
            MetricNames.TELEMETRY_DROPPED);
    for (MetricName metric : MetricNames.ALL) {
      if (conditional.contains(metric)) {
        continue;
      }
      String expected =
          metric.kind() == MetricName.Kind.TIMER
              ? metric.prometheusName() + "_count"
              : metric.prometheusName();
      assertThat(names).as("series of %s", metric.name()).contains(expected);
      String family =
          metric.kind() == MetricName.Kind.COUNTER
              ? expected.substring(0, expected.length() - "_total".length())
              : metric.prometheusName();
      assertThat(families.getJsonObject(family).getString("help")).isEqualTo(metric.description());
    }

    PrometheusTools.checkMetrics(text);

    ScrapeReply open = metrics.scrape(ScrapeRequest.OPENMETRICS).await();
    assertThat(open.contentType()).isEqualTo(ScrapeRequest.OPENMETRICS_CONTENT_TYPE);
    assertThat(open.text()).endsWith("# EOF\n");
    JsonObject openFamilies = PrometheusTools.parse(open.text(), ScrapeRequest.OPENMETRICS);
    assertThat(value(openFamilies, "orders_filled_total", Map.of("venue", "x"))).isEqualTo(6.0);
    assertThat(value(openFamilies, "antbot_operations_total", buyError)).isEqualTo(1.0);
  }

  @Test
  @DisplayName("the error ratio of the window is published as a gauge at each evaluation")
  void errorRatio(Vertx vertx) {
    Future.all(
            List.of(
                metrics.recordOperation("Exchange", "place", 5, true),
                metrics.recordOperation("Exchange", "place", 5, true),
                metrics.recordOperation("Exchange", "place", 5, true),
                metrics.recordOperation("Exchange", "place", 5, false)))
        .await();
    String text =
        MetricsTesting.poll(
                vertx,
                () -> metrics.scrape(ScrapeRequest.PROMETHEUS).map(ScrapeReply::text),
                scrape -> !scrape.contains("\nantbot_operation_error_ratio 0.0\n"))
            .await();
    assertThat(
            value(
                PrometheusTools.parse(text, ScrapeRequest.PROMETHEUS),
                "antbot_operation_error_ratio",
                Map.of()))
        .isEqualTo(0.25);
  }

  @Test
  @DisplayName(
      "the cardinality guard folds the 101st label value into other and counts it as dropped")
  void cardinalityGuard() {
    List<Future<Void>> sets = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      sets.add(metrics.setGauge("open_orders", i, Map.of("order_id", "order-" + i)));
    }
    Future.all(sets).await();
    metrics.setGauge("open_orders", 7, Map.of("order_id", "order-102")).await();

    JsonObject families =
        PrometheusTools.parse(
            metrics.scrape(ScrapeRequest.PROMETHEUS).await().text(), ScrapeRequest.PROMETHEUS);
    JsonObject family = families.getJsonObject("open_orders");
    assertThat(family.getJsonArray("samples")).hasSize(101);
    assertThat(value(families, "open_orders", Map.of("order_id", "order-99"))).isEqualTo(99.0);
    assertThat(value(families, "open_orders", Map.of("order_id", "order-100"))).isNull();
    assertThat(value(families, "open_orders", Map.of("order_id", "other"))).isEqualTo(7.0);
    assertThat(
            value(families, "antbot_metrics_dropped_series_total", Map.of("metric", "open_orders")))
        .isEqualTo(2.0);
  }

  @Test
  @DisplayName(
      "antbot.metrics.system answers the cached OSHI sample, with values within sane bounds")
  void systemSample() {
    JsonObject sample = metrics.system().await();
    JsonObject cpu = sample.getJsonObject("cpu");
    assertThat(cpu.getDouble("system_usage_ratio")).isBetween(0.0, 1.0);
    assertThat(cpu.getDouble("process_usage_ratio")).isBetween(0.0, 1.0);
    assertThat(cpu.getInteger("logical_processors")).isBetween(1, 4096);
    assertThat(cpu.getJsonObject("load_average").getDouble("1m")).isBetween(0.0, 10_000.0);
    JsonObject memory = sample.getJsonObject("memory");
    assertThat(memory.getLong("total_bytes")).isGreaterThan(64L << 20);
    assertThat(memory.getLong("available_bytes")).isBetween(0L, memory.getLong("total_bytes"));
    assertThat(memory.getDouble("usage_ratio")).isBetween(0.0, 1.0);
    JsonObject swap = sample.getJsonObject("swap");
    assertThat(swap.getLong("used_bytes")).isBetween(0L, Math.max(0L, swap.getLong("total_bytes")));
    assertThat(sample.getJsonArray("disks")).isNotEmpty();
    for (Object item : sample.getJsonArray("disks")) {
      JsonObject disk = (JsonObject) item;
      assertThat(disk.getLong("free_bytes")).isBetween(0L, disk.getLong("total_bytes"));
      if (disk.getDouble("usage_ratio") != null) {
        assertThat(disk.getDouble("usage_ratio")).isBetween(0.0, 1.0);
      }
    }
    assertThat(sample.getJsonArray("network")).isNotEmpty();
    for (Object item : sample.getJsonArray("network")) {
      JsonObject network = (JsonObject) item;
      assertThat(network.getLong("received_bytes")).isNotNegative();
      assertThat(network.getLong("transmitted_packets")).isNotNegative();
      assertThat(network.getLong("receive_errors")).isNotNegative();
    }
    JsonObject fds = sample.getJsonObject("file_descriptors");
    assertThat(fds.getLong("process_open"))
        .isPositive()
        .isLessThanOrEqualTo(fds.getLong("process_max"));
    assertThat(sample.getJsonObject("process").getLong("resident_memory_bytes"))
        .isBetween(1L << 20, 64L << 30);
    assertThat(sample.getJsonObject("process").getDouble("uptime_s")).isPositive();
    assertThat(sample.getLong("uptime_s")).isPositive();

    JsonObject again = metrics.system().await();
    assertThat(again.getString("at"))
        .as("served from the cache, not sampled per request")
        .isEqualTo(sample.getString("at"));
  }

  @Test
  @DisplayName(
      "an alert rule added over the bus fires on antbot.alerts, is listed as firing, resolves and is removed")
  void alertLifecycle(Vertx vertx, VertxTestContext context) {
    List<JsonObject> events = new ArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.ALERTS, message -> events.add(message.body()));
    AlertRuleSpec rule =
        AlertRuleSpec.fromJson(
            new JsonObject()
                .put("name", "queue_backlog")
                .put("metric", "queue_depth")
                .put("comparator", ">")
                .put("threshold", 10)
                .put("severity", "critical")
                .put("hysteresis", 2));

    metrics.setGauge("queue_depth", 15, Map.of()).await();
    JsonObject added = metrics.addAlert(rule).await();
    assertThat(added.getString("state")).isEqualTo("inactive");
    MetricsTesting.poll(vertx, () -> Future.succeededFuture(events.size()), n -> n >= 1).await();
    JsonObject firing = events.get(0);
    assertThat(firing.fieldNames())
        .contains("id", "source", "name", "severity", "state", "message", "at");
    assertThat(firing.getString("source")).isEqualTo("metrics");
    assertThat(firing.getString("name")).isEqualTo("queue_backlog");
    assertThat(firing.getString("severity")).isEqualTo("critical");
    assertThat(firing.getString("state")).isEqualTo("firing");
    assertThat(firing.getString("message")).isEqualTo("queue_backlog: queue_depth is 15, > 10");

    JsonObject listed =
        metrics.alerts().await().stream()
            .map(JsonObject.class::cast)
            .filter(a -> a.getString("name").equals("queue_backlog"))
            .findFirst()
            .orElseThrow();
    assertThat(listed.getString("state")).isEqualTo("firing");
    assertThat(listed.getString("origin")).isEqualTo("runtime");
    assertThat(listed.getDouble("value")).isEqualTo(15.0);

    metrics.setGauge("queue_depth", 9, Map.of()).await();
    metrics.setGauge("queue_depth", 8, Map.of()).await();
    MetricsTesting.poll(vertx, () -> Future.succeededFuture(events.size()), n -> n >= 2).await();
    JsonObject resolved = events.get(1);
    assertThat(resolved.getString("state")).isEqualTo("resolved");
    assertThat(resolved.getString("id")).isEqualTo(firing.getString("id"));

    metrics.removeAlert("queue_backlog").await();
    metrics
        .removeAlert("queue_backlog")
        .onComplete(
            context.failing(
                failure ->
                    context.verify(
                        () -> {
                          assertThat(io.antbot.bus.BusException.from(failure).code().code())
                              .isEqualTo(404);
                          assertThat(failure.getMessage())
                              .isEqualTo("name: no alert rule named queue_backlog");
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "a latency spike after a steady baseline is published as an anomaly with baseline and observed value")
  void latencyAnomaly(Vertx vertx) {
    List<JsonObject> events = new ArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.ALERTS, message -> events.add(message.body()));
    java.util.Random random = new java.util.Random(11);
    List<Future<Void>> steady = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      steady.add(metrics.recordOperation("Exchange", "quote", 10 + random.nextGaussian(), true));
    }
    Future.all(steady).await();
    assertThat(events).isEmpty();
    metrics.recordOperation("Exchange", "quote", 250, true).await();

    MetricsTesting.poll(vertx, () -> Future.succeededFuture(events.size()), n -> n >= 1).await();
    JsonObject anomaly = events.get(0);
    assertThat(anomaly.getString("name")).isEqualTo("operation_latency_anomaly");
    assertThat(anomaly.getString("state")).isEqualTo("firing");
    JsonObject details = anomaly.getJsonObject("details");
    assertThat(details.getString("series")).isEqualTo("Exchange/quote");
    assertThat(details.getDouble("observed")).isEqualTo(250.0);
    assertThat(details.getDouble("baseline")).isCloseTo(10.0, within(1.0));
    assertThat(anomaly.getString("message"))
        .startsWith("operation_latency of Exchange/quote: observed 250 against a baseline of 9.");

    JsonObject families =
        PrometheusTools.parse(
            metrics.scrape(ScrapeRequest.PROMETHEUS).await().text(), ScrapeRequest.PROMETHEUS);
    assertThat(value(families, "antbot_anomalies_total", Map.of("metric", "operation_latency")))
        .isEqualTo(1.0);
  }

  @Test
  @DisplayName(
      "health is healthy with every checked service ready, and unhealthy while a critical alert fires")
  void health(Vertx vertx) {
    var report = metrics.health().await();
    assertThat(report.status()).isEqualTo("healthy");
    assertThat(report.checks().stream().map(c -> ((JsonObject) c).getString("name")).toList())
        .containsExactly("service.config", "service.metrics", "system", "alerts");
    assertThat(report.checks().getJsonObject(0).getString("status")).isEqualTo("up");

    metrics.setGauge("stuck_orders", 3, Map.of()).await();
    metrics
        .addAlert(
            AlertRuleSpec.fromJson(
                new JsonObject()
                    .put("name", "stuck")
                    .put("metric", "stuck_orders")
                    .put("comparator", ">=")
                    .put("threshold", 1)
                    .put("severity", "critical")))
        .await();
    var unhealthy =
        MetricsTesting.poll(vertx, metrics::health, r -> !r.status().equals("healthy")).await();
    assertThat(unhealthy.status()).isEqualTo("unhealthy");
    assertThat(unhealthy.alerts().getJsonObject(0).getString("name")).isEqualTo("stuck");
    JsonObject alertsCheck = unhealthy.checks().getJsonObject(3);
    assertThat(alertsCheck.getString("status")).isEqualTo("down");
    assertThat(alertsCheck.getString("detail")).isEqualTo("firing: stuck");
  }
}
