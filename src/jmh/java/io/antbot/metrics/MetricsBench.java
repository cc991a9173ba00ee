package io.antbot.metrics;

import io.antbot.bus.Addresses;
import io.antbot.client.MetricsClient;
import io.antbot.testing.TestConf;
import io.antbot.web.HttpVerticle;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The metrics service against bare Micrometer, on a runtime built as the command line builds it
 * (Vert.x metrics on).
 *
 * <ul>
 *   <li>{@code operation}: one {@link MetricsClient#recordOperation} from a bot of the service's
 *       JVM, recorded in-process on the caller's thread through the service's {@code
 *       MetricsRecorder} (the same checks, cardinality guard, timer, counter, error window and
 *       latency baseline as {@code antbot.metrics.operation}) vs one {@code Timer.record} on a
 *       timer with the same buckets.
 *   <li>{@code scrape}: {@code GET /metrics} over HTTP (route, the metrics service's local scraper
 *       on the HTTP event loop, exposition written once as the bytes sent) with 500 custom series
 *       recorded vs {@code PrometheusMeterRegistry.scrape()} on the same registry. The client is a
 *       bare keep-alive socket ({@link ScrapeConnection}) so the figure is the server's, not an
 *       HTTP client library's.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MetricsBench {

  Vertx vertx;
  private Path conf;
  private MetricsClient metrics;
  private PrometheusMeterRegistry registry;
  private Timer timer;
  private ScrapeConnection scraper;

  @Setup(Level.Trial)
  public void start() throws IOException {
    vertx =
        Vertx.builder()
            .with(MetricsBackend.vertxOptions())
            .withMetrics(MetricsBackend.metricsFactory())
            .build();
    conf = TestConf.copyShipped(Files.createTempDirectory("antbot-bench"));
    JsonObject settings =
        new JsonObject()
            .put("alerts", new JsonArray())
            .put("anomaly", new JsonObject().put("enabled", true))
            .put("health", new JsonObject().put("services", new JsonArray().add("metrics")));
    JsonObject overrides =
        new JsonObject().put("metrics", settings).put("http", new JsonObject().put("port", 0));
    TestConf.deployConfig(vertx, conf, "production", overrides)
        .compose(id -> vertx.deployVerticle(new MetricsVerticle()))
        .compose(id -> vertx.deployVerticle(new HttpVerticle()))
        .await();
    metrics = new MetricsClient(vertx);
    List<Future<Void>> series = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      series.add(metrics.setGauge("bench_gauge_" + (i / 50), i, Map.of("slot", "s" + i)));
      series.add(
          metrics.increment("bench_events_" + (i / 50) + "_total", i, Map.of("slot", "s" + i)));
    }
    Future.all(series).await();
    registry = (PrometheusMeterRegistry) BackendRegistries.getNow(MetricsBackend.REGISTRY_NAME);
    timer =
        Timer.builder("bench.direct.duration")
            .description("bench")
            .serviceLevelObjectives(OperationMetrics.BUCKETS)
            .register(registry);
    int port =
        vertx
            .eventBus()
            .<JsonObject>request(Addresses.HTTP_STATUS, new JsonObject())
            .await()
            .body()
            .getJsonObject("details")
            .getInteger("port");
    scraper = new ScrapeConnection("127.0.0.1", port);
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    scraper.close();
    vertx.close().await();
  }

  @Benchmark
  public Object operation_ours() {
    return metrics.recordOperation("Bench", "order", 12.5, true).await();
  }

  @Benchmark
  public Object operation_baseline() {
    timer.record(12_500_000L, TimeUnit.NANOSECONDS);
    return timer;
  }

  @Benchmark
  public byte[] scrape_ours() throws IOException {
    return scraper.get("/metrics");
  }

  @Benchmark
  public String scrape_baseline() {
    return registry.scrape();
  }
}
