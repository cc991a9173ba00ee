package io.antbot.metrics;

import static io.antbot.metrics.MetricsTesting.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.bus.BusException;
import io.antbot.bus.ScrapeRequest;
import io.antbot.client.MetricsClient;
import io.antbot.local.LocalServices;
import io.antbot.local.MetricsRecorder;
import io.antbot.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two paths of a bot's records: in-process when the metrics service runs in the bot's JVM,
 * batched when it runs elsewhere (simulated here by withdrawing the service's local recorder, so
 * that the client finds only the bus).
 */
@ExtendWith(VertxExtension.class)
class MetricsClientPathsTest {

  private static final Map<String, String> ORDER_OK =
      Map.of("component", "Bot", "operation", "order", "outcome", "success");

  @TempDir Path dir;

  private static JsonObject scrape(MetricsClient metrics) {
    return PrometheusTools.parse(
        metrics.scrape(ScrapeRequest.PROMETHEUS).await().text(), ScrapeRequest.PROMETHEUS);
  }

  @Test
  @DisplayName(
      "in the service's JVM an operation is recorded before the call returns, exactly, from many"
          + " threads at once; a bad one fails its future with the 400 and is counted, never thrown")
  void inProcess(Vertx vertx) throws Exception {
    MetricsTesting.deploy(vertx, dir, MetricsTesting.quickSettings()).await();
    MetricsClient metrics = new MetricsClient(vertx);

    Future<Void> first = metrics.recordOperation("Bot", "order", 2.0, true);
    assertThat(first.succeeded()).as("completed when the call returns").isTrue();
    assertThat(value(scrape(metrics), "antbot_operation_duration_seconds_count", ORDER_OK))
        .isEqualTo(1.0);

    int threads = 4;
    int each = 5_000;
    CountDownLatch done = new CountDownLatch(threads);
    AtomicInteger failed = new AtomicInteger();
    for (int t = 0; t < threads; t++) {
      new Thread(
              () -> {
                for (int i = 0; i < each; i++) {
                  if (metrics.recordOperation("Bot", "order", 1.0, i % 10 != 0).failed()) {
                    failed.incrementAndGet();
                  }
                }
                done.countDown();
              })
          .start();
    }
    assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(failed).hasValue(0);
    JsonObject families = scrape(metrics);
    assertThat(value(families, "antbot_operation_duration_seconds_count", ORDER_OK))
        .isEqualTo(1.0 + threads * each * 0.9);
    assertThat(
            value(
                families,
                "antbot_operations_total",
                Map.of("component", "Bot", "operation", "order", "outcome", "error")))
        .isEqualTo(threads * each * 0.1);

    List<Future<Void>> bad =
        List.of(
            metrics.recordOperation(" ", "order", 1.0, true),
            metrics.recordOperation("Bot", "order", -1.0, true),
            metrics.recordOperation("Bot", "order", Double.NaN, true));
    for (Future<Void> refused : bad) {
      assertThat(refused.failed()).isTrue();
      assertThat(((BusException) refused.cause()).code().code()).isEqualTo(400);
    }
    assertThat(bad.get(0).cause()).hasMessageContaining("component: must not be blank");
    assertThat(bad.get(1).cause()).hasMessageContaining("duration_ms: must not be negative");
    assertThat(
            value(scrape(metrics), "antbot_telemetry_refused_total", Map.of("kind", "operation")))
        .isEqualTo(3.0);

    // Other kinds go to the service's event loop; the future completes once applied.
    metrics.recordTrade("buy", "completed", 2.0, 0.5, "SOL/USDC").await();
    Future<Void> badTrade = metrics.recordTrade("hold", "completed", 2.0, null, null);
    Throwable tradeRefused = badTrade.transform(Future::succeededFuture).await().cause();
    assertThat(((BusException) tradeRefused).code().code()).isEqualTo(400);
    JsonObject after = scrape(metrics);
    assertThat(value(after, "antbot_telemetry_refused_total", Map.of("kind", "trade")))
        .isEqualTo(1.0);
  }

  @Test
  @DisplayName(
      "with the service on another node, records travel in batches: all applied, bad ones counted"
          + " by the service, nothing dropped")
  void batched(Vertx vertx) {
    // The reference parser, looked for first: its absence skips the test (fails under CI) rather
    // than surfacing as a timeout of the polling below.
    PrometheusTools.python();
    MetricsTesting.deploy(vertx, dir, MetricsTesting.quickSettings()).await();
    MetricsRecorder recorder =
        LocalServices.lookup(vertx, LocalServices.METRICS_RECORDER, MetricsRecorder.class)
            .orElseThrow();
    LocalServices.withdraw(vertx, LocalServices.METRICS_RECORDER, recorder);
    MetricsClient metrics = new MetricsClient(vertx);

    for (int i = 0; i < 1_200; i++) {
      assertThat(metrics.recordOperation("Bot", "order", 1.0, true).succeeded()).isTrue();
    }
    metrics.recordOperation("Bot", "order", -5.0, true);
    metrics.increment("fills_total", 3, Map.of("venue", "x"));
    Eventually.eventually(
            vertx,
            () ->
                metrics
                    .scrape(ScrapeRequest.PROMETHEUS)
                    .map(
                        reply -> {
                          JsonObject families =
                              PrometheusTools.parse(reply.text(), ScrapeRequest.PROMETHEUS);
                          return Double.valueOf(1_200)
                                  .equals(
                                      value(
                                          families,
                                          "antbot_operation_duration_seconds_count",
                                          ORDER_OK))
                              && Double.valueOf(3)
                                  .equals(value(families, "fills_total", Map.of("venue", "x")))
                              && Double.valueOf(1)
                                  .equals(
                                      value(
                                          families,
                                          "antbot_telemetry_refused_total",
                                          Map.of("kind", "operation")));
                        }))
        .await();
    assertThat(metrics.dropped()).isZero();
  }

  @Test
  @DisplayName(
      "when the remote service does not keep up, the client's queue stays bounded: the overflow is"
          + " dropped and counted, the caller never waits, and nothing is lost unaccounted")
  void boundedWhenTheServiceStalls(Vertx vertx) throws Exception {
    List<JsonArray> batches = new ArrayList<>();
    Promise<Void> twoBatches = Promise.promise();
    // A service that takes batches and never answers.
    vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.METRICS_BATCH,
            message -> {
              synchronized (batches) {
                batches.add(message.body().getJsonArray("records"));
                if (batches.size() == 2) {
                  twoBatches.complete();
                }
              }
            })
        .completion()
        .await();
    MetricsClient metrics = new MetricsClient(vertx, 120_000);
    int sent = 12_000;
    for (int i = 0; i < sent; i++) {
      assertThat(metrics.recordOperation("Bot", "order", 1.0, true).succeeded()).isTrue();
    }
    twoBatches.future().await(10, TimeUnit.SECONDS);
    int inFlight;
    synchronized (batches) {
      assertThat(batches).hasSize(2);
      inFlight = batches.stream().mapToInt(JsonArray::size).sum();
    }
    int queued = 10_000;
    assertThat(metrics.dropped()).isPositive().isEqualTo(sent - queued - inFlight);
  }
}
