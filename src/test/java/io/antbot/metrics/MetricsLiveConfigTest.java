package io.antbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.bus.ConfigChange;
import io.antbot.bus.HealthReport;
import io.antbot.bus.ScrapeRequest;
import io.antbot.bus.TrustedHeaders;
import io.antbot.client.MetricsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Settings applied live: a stand-in config service answers the metrics section and announces
 * changes.
 */
@ExtendWith(VertxExtension.class)
class MetricsLiveConfigTest {

  private JsonObject section = MetricsTesting.quickSettings();
  private long version = 1;
  private final java.util.concurrent.atomic.AtomicInteger reads =
      new java.util.concurrent.atomic.AtomicInteger();
  private MetricsClient metrics;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) {
    vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.CONFIG_GET,
            message -> {
              reads.incrementAndGet();
              message.reply(
                  new JsonObject()
                      .put("key", message.body().getString("key"))
                      .put("value", section.copy())
                      .put("version", version));
            });
    metrics = new MetricsClient(vertx);
    vertx.deployVerticle(new MetricsVerticle()).onComplete(context.succeedingThenComplete());
  }

  /**
   * Changes the section to {@code next} and announces it as the config service does (its own
   * header, the leaf changes); completes when the metrics service has handled it.
   */
  private void change(Vertx vertx, JsonObject next) {
    List<ConfigChange> changes =
        ConfigChange.diff(
            new JsonObject().put("metrics", section), new JsonObject().put("metrics", next));
    section = next;
    announce(vertx, changes);
  }

  private void announce(Vertx vertx, List<ConfigChange> changes) {
    version++;
    JsonArray list = new JsonArray();
    changes.forEach(change -> list.add(change.toJson()));
    vertx
        .eventBus()
        .request(
            Addresses.CONFIG_CHANGED,
            new JsonObject()
                .put("version", version)
                .put("source", "test")
                .put("changes", list)
                .put("at", Instant.now().toString()),
            new DeliveryOptions()
                .addHeader(TrustedHeaders.PUBLISHER, TrustedHeaders.CONFIG_SERVICE))
        .await();
  }

  @Test
  @DisplayName(
      "a new label budget, health service list and sampling interval apply without a restart")
  void appliesLive(Vertx vertx) {
    JsonObject next =
        section
            .copy()
            .put("system_interval_s", 1)
            .put("cardinality", new JsonObject().put("default_budget", 2));
    next.getJsonObject("health")
        .put("services", new JsonArray().add("metrics").add("ghost"))
        .put("timeout_ms", 200);
    String firstSample = metrics.system().await().getString("at");
    change(vertx, next);

    HealthReport report =
        MetricsTesting.poll(
                vertx,
                metrics::health,
                r ->
                    r.checks().stream()
                        .anyMatch(c -> ((JsonObject) c).getString("name").equals("service.ghost")))
            .await();
    assertThat(report.status()).isEqualTo("unhealthy");
    JsonObject ghost = report.checks().getJsonObject(1);
    assertThat(ghost.getString("status")).isEqualTo("down");
    assertThat(ghost.getString("detail"))
        .startsWith("ghost did not answer: no service listens on this address");

    Future.all(
            metrics.setGauge("venue_latency", 1, Map.of("venue", "a")),
            metrics.setGauge("venue_latency", 2, Map.of("venue", "b")),
            metrics.setGauge("venue_latency", 3, Map.of("venue", "c")))
        .await();
    JsonObject families =
        PrometheusTools.parse(
            metrics.scrape(ScrapeRequest.PROMETHEUS).await().text(), ScrapeRequest.PROMETHEUS);
    assertThat(MetricsTesting.value(families, "venue_latency", Map.of("venue", "other")))
        .isEqualTo(3.0);

    String later =
        MetricsTesting.poll(
                vertx,
                () -> metrics.system().map(s -> s.getString("at")),
                at -> !at.equals(firstSample))
            .await();
    assertThat(Instant.parse(later)).isAfter(Instant.parse(firstSample));
  }

  @Test
  @DisplayName(
      "an invalid change is not applied, and no change costs a re-read of the section: the settings stay in force")
  void invalidChangeKept(Vertx vertx) {
    assertThat(reads.get()).isEqualTo(1);
    JsonObject bad = section.copy().put("cardinality", new JsonObject().put("default_budget", 0));
    bad.getJsonObject("health").put("services", new JsonArray().add("ghost"));
    change(vertx, bad);
    announce(vertx, List.of(new ConfigChange("logging.level", "INFO", "DEBUG")));

    HealthReport report = metrics.health().await();
    assertThat(reads.get())
        .as("a change is applied from the broadcast itself: the section is read once, at start")
        .isEqualTo(1);
    assertThat(report.checks().getJsonObject(0).getString("name")).isEqualTo("service.config");
    Future.all(
            metrics.setGauge("venue_spread", 1, Map.of("venue", "a")),
            metrics.setGauge("venue_spread", 2, Map.of("venue", "b")))
        .await();
    JsonObject families =
        PrometheusTools.parse(
            metrics.scrape(ScrapeRequest.PROMETHEUS).await().text(), ScrapeRequest.PROMETHEUS);
    assertThat(MetricsTesting.value(families, "venue_spread", Map.of("venue", "b"))).isEqualTo(2.0);
  }

  @Test
  @DisplayName("invalid settings at start fail the deployment with every problem and its path")
  void invalidAtStart(Vertx vertx, VertxTestContext context) {
    section =
        section
            .copy()
            .put("system_interval_s", 0)
            .put("anomaly", new JsonObject().put("warmup", 1));
    vertx
        .deployVerticle(new MetricsVerticle())
        .onComplete(
            context.failing(
                failure ->
                    context.verify(
                        () -> {
                          assertThat(failure.getMessage())
                              .isEqualTo(
                                  "metrics.system_interval_s: expected an integer from 1 to 3600, got 0; "
                                      + "metrics.anomaly.warmup: expected an integer from 2 to 100000, got 1");
                          context.completeNow();
                        })));
  }
}
