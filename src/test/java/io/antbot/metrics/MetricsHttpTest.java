package io.antbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.bus.AlertRuleSpec;
import io.antbot.bus.ScrapeRequest;
import io.antbot.client.MetricsClient;
import io.antbot.local.LocalServices;
import io.antbot.local.PrometheusScraper;
import io.antbot.testing.TestConf;
import io.antbot.web.HttpVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP routes over a Vert.x built as the command line builds it, with Vert.x's own metrics on.
 */
class MetricsHttpTest {

  @TempDir Path dir;
  private Vertx vertx;
  private WebClient web;
  private int port;
  private String metricsDeployment;

  /**
   * The requests sent to {@code antbot.metrics.scrape}: the route's bus fallback, never its local
   * path.
   */
  private final AtomicInteger busScrapes = new AtomicInteger();

  @BeforeEach
  void start() {
    vertx =
        Vertx.builder()
            .with(MetricsBackend.vertxOptions())
            .withMetrics(MetricsBackend.metricsFactory())
            .build();
    JsonObject metrics = MetricsTesting.quickSettings();
    metrics
        .getJsonObject("health")
        .put("services", new JsonArray().add("config").add("metrics").add("http"));
    JsonObject overrides =
        new JsonObject().put("metrics", metrics).put("http", new JsonObject().put("port", 0));
    Path conf = TestConf.copyShipped(dir);
    TestConf.deployConfig(vertx, conf, "production", overrides)
        .compose(id -> vertx.deployVerticle(new MetricsVerticle()))
        .compose(
            id -> {
              metricsDeployment = id;
              return vertx.deployVerticle(new HttpVerticle());
            })
        .await();
    port =
        vertx
            .eventBus()
            .<JsonObject>request(Addresses.HTTP_STATUS, new JsonObject())
            .await()
            .body()
            .getJsonObject("details")
            .getInteger("port");
    web = WebClient.create(vertx);
    vertx
        .eventBus()
        .addOutboundInterceptor(
            delivery -> {
              if (Addresses.METRICS_SCRAPE.equals(delivery.message().address())) {
                busScrapes.incrementAndGet();
              }
              delivery.next();
            });
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private HttpResponse<Buffer> get(String path, String accept) {
    var request = web.get(port, "127.0.0.1", path).timeout(10_000);
    if (accept != null) {
      request.putHeader("Accept", accept);
    }
    return request.send().await();
  }

  @Test
  @DisplayName(
      "GET /metrics serves the Prometheus text format with Vert.x, JVM and service series, clean under promtool")
  void prometheusScrape() throws Exception {
    get("/health/live", null);
    new MetricsClient(vertx).recordOperation("Web", "probe", 2, true).await();
    HttpResponse<Buffer> response = get("/metrics", "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo(ScrapeRequest.PROMETHEUS_CONTENT_TYPE);
    String text = response.bodyAsString();

    JsonObject families = PrometheusTools.parse(text, ScrapeRequest.PROMETHEUS);
    Set<String> names = MetricsTesting.sampleNames(families);
    assertThat(names)
        .contains(
            "vertx_eventbus_handlers",
            "vertx_eventbus_sent_total",
            "vertx_eventbus_processed_total",
            "vertx_http_server_requests_total",
            "vertx_http_server_active_connections",
            "jvm_memory_used_bytes",
            "jvm_threads_live_threads",
            "process_cpu_usage",
            "antbot_system_cpu_usage_ratio",
            "antbot_operations_total",
            "antbot_eventloop_lag_seconds");
    assertThat(
            MetricsTesting.value(
                families,
                "antbot_operations_total",
                Map.of("component", "Web", "operation", "probe", "outcome", "success")))
        .isEqualTo(1.0);
    assertThat(text)
        .doesNotContain("jvm_compilation_time_ms", "process_cpu_time_ns", "system_cpu_count");
    JsonObject status =
        vertx
            .eventBus()
            .<JsonObject>request(Addresses.METRICS_STATUS, new JsonObject())
            .await()
            .body();
    assertThat(status.getJsonObject("details").getString("registry")).isEqualTo("vertx");
    PrometheusTools.checkMetrics(text);
    if (MountedFileSystems.available()) {
      // The disk series name the local file systems of the kernel's mount table (no lsblk run).
      Set<String> mounts = new TreeSet<>();
      Matcher disk =
          Pattern.compile("(?m)^antbot_system_disk_total_bytes\\{mount=\"([^\"]*)\"").matcher(text);
      while (disk.find()) {
        mounts.add(disk.group(1));
      }
      assertThat(mounts)
          .isEqualTo(
              MountedFileSystems.read(MountedFileSystems.PROC_MOUNTS).stream()
                  .map(SystemSample.DiskSpace::mount)
                  .collect(Collectors.toCollection(TreeSet::new)));
    }
  }

  @Test
  @DisplayName("GET /metrics serves OpenMetrics when the scraper asks for it")
  void openMetricsScrape() {
    HttpResponse<Buffer> response =
        get(
            "/metrics",
            "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type"))
        .isEqualTo(ScrapeRequest.OPENMETRICS_CONTENT_TYPE);
    assertThat(response.bodyAsString()).endsWith("# EOF\n");
    JsonObject families = PrometheusTools.parse(response.bodyAsString(), ScrapeRequest.OPENMETRICS);
    assertThat(MetricsTesting.sampleNames(families))
        .contains("vertx_eventbus_handlers", "antbot_system_memory_total_bytes");
  }

  @Test
  @DisplayName(
      "GET /metrics scrapes through the metrics service's local scraper, with no bus hop, and shows each value recorded since the previous scrape")
  void localScrape() {
    assertThat(LocalServices.lookup(vertx, LocalServices.METRICS_SCRAPER, PrometheusScraper.class))
        .isPresent();
    MetricsClient metrics = new MetricsClient(vertx);
    metrics.increment("fills_total", 1, Map.of("venue", "a")).await();
    metrics.setGauge("open_orders", 7, Map.of()).await();

    HttpResponse<Buffer> first = get("/metrics", null);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.getHeader("Content-Type")).isEqualTo(ScrapeRequest.PROMETHEUS_CONTENT_TYPE);
    JsonObject families = PrometheusTools.parse(first.bodyAsString(), ScrapeRequest.PROMETHEUS);
    assertThat(MetricsTesting.value(families, "fills_total", Map.of("venue", "a"))).isEqualTo(1.0);
    assertThat(MetricsTesting.value(families, "open_orders", Map.of())).isEqualTo(7.0);

    metrics.increment("fills_total", 2, Map.of("venue", "a")).await();
    metrics.setGauge("open_orders", 3, Map.of()).await();
    HttpResponse<Buffer> second = get("/metrics", "application/openmetrics-text;version=1.0.0");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.getHeader("Content-Type")).isEqualTo(ScrapeRequest.OPENMETRICS_CONTENT_TYPE);
    JsonObject open = PrometheusTools.parse(second.bodyAsString(), ScrapeRequest.OPENMETRICS);
    assertThat(MetricsTesting.value(open, "fills_total", Map.of("venue", "a"))).isEqualTo(3.0);
    assertThat(MetricsTesting.value(open, "open_orders", Map.of())).isEqualTo(3.0);
    assertThat(busScrapes).hasValue(0);
  }

  @Test
  @DisplayName(
      "GET /metrics falls back to antbot.metrics.scrape over the bus when no local scraper is published")
  void busFallbackScrape() {
    PrometheusScraper local =
        LocalServices.lookup(vertx, LocalServices.METRICS_SCRAPER, PrometheusScraper.class)
            .orElseThrow();
    LocalServices.withdraw(vertx, LocalServices.METRICS_SCRAPER, local);
    MetricsClient metrics = new MetricsClient(vertx);
    metrics.increment("fills_total", 4, Map.of("venue", "b")).await();

    HttpResponse<Buffer> text = get("/metrics", null);
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.getHeader("Content-Type")).isEqualTo(ScrapeRequest.PROMETHEUS_CONTENT_TYPE);
    JsonObject families = PrometheusTools.parse(text.bodyAsString(), ScrapeRequest.PROMETHEUS);
    assertThat(MetricsTesting.value(families, "fills_total", Map.of("venue", "b"))).isEqualTo(4.0);
    assertThat(MetricsTesting.sampleNames(families))
        .contains("vertx_eventbus_handlers", "antbot_eventloop_lag_seconds");

    metrics.increment("fills_total", 1, Map.of("venue", "b")).await();
    HttpResponse<Buffer> open = get("/metrics", "application/openmetrics-text;version=1.0.0");
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.getHeader("Content-Type")).isEqualTo(ScrapeRequest.OPENMETRICS_CONTENT_TYPE);
    JsonObject openFamilies = PrometheusTools.parse(open.bodyAsString(), ScrapeRequest.OPENMETRICS);
    assertThat(MetricsTesting.value(openFamilies, "fills_total", Map.of("venue", "b")))
        .isEqualTo(5.0);
    assertThat(busScrapes).hasValue(2);
  }

  @Test
  @DisplayName(
      "GET /health details each check; /health/ready is 200 while healthy and 503 once a critical alert fires")
  void health() {
    HttpResponse<Buffer> health = get("/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    JsonObject report = health.bodyAsJsonObject();
    assertThat(report.getString("status")).isEqualTo("healthy");
    assertThat(
            report.getJsonArray("checks").stream()
                .map(c -> ((JsonObject) c).getString("name"))
                .toList())
        .containsExactly("service.config", "service.metrics", "service.http", "system", "alerts");

    HttpResponse<Buffer> ready = get("/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getString("health")).isEqualTo("healthy");
    assertThat(ready.bodyAsJsonObject().getJsonObject("services").getMap())
        .isEqualTo(Map.of("config", "ready", "metrics", "ready", "http", "ready"));

    MetricsClient metrics = new MetricsClient(vertx);
    metrics.setGauge("failed_fills", 4, Map.of()).await();
    metrics
        .addAlert(
            AlertRuleSpec.fromJson(
                new JsonObject()
                    .put("name", "fills_failing")
                    .put("metric", "failed_fills")
                    .put("comparator", ">")
                    .put("threshold", 0)
                    .put("severity", "critical")))
        .await();
    MetricsTesting.poll(vertx, metrics::health, r -> r.status().equals("unhealthy")).await();

    HttpResponse<Buffer> unhealthy = get("/health", null);
    assertThat(unhealthy.statusCode()).isEqualTo(503);
    assertThat(
            unhealthy.bodyAsJsonObject().getJsonArray("alerts").getJsonObject(0).getString("name"))
        .isEqualTo("fills_failing");
    HttpResponse<Buffer> notReady = get("/health/ready", null);
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(notReady.bodyAsJsonObject().getString("detail"))
        .isEqualTo("not ready: alerts (firing: fills_failing)");
  }

  @Test
  @DisplayName(
      "without a metrics service, /metrics is 503 and /health/ready falls back to the services' statuses")
  void withoutMetricsService() {
    vertx.undeploy(metricsDeployment).await();
    assertThat(LocalServices.lookup(vertx, LocalServices.METRICS_SCRAPER, PrometheusScraper.class))
        .isEmpty();
    HttpResponse<Buffer> scrape = get("/metrics", null);
    assertThat(scrape.statusCode()).isEqualTo(503);
    HttpResponse<Buffer> ready = get("/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.bodyAsJsonObject().getString("detail")).contains("metrics is unreachable");
  }
}
