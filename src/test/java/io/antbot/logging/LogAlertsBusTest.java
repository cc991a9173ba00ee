package io.antbot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.bus.LogLevel;
import io.antbot.client.LogClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Alerts as other services see them on antbot.alerts. */
@ExtendWith(VertxExtension.class)
class LogAlertsBusTest {

  @TempDir Path dir;

  /** The alerts with {@code id} published on antbot.alerts from now on, in order. */
  private static List<JsonObject> collect(Vertx vertx, String id) {
    List<JsonObject> alerts = new ArrayList<>();
    vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.ALERTS,
            message -> {
              if (id.equals(message.body().getString("id"))) {
                alerts.add(message.body());
              }
            });
    return alerts;
  }

  @Test
  @DisplayName(
      "CRITICAL events raise one alert at once, counted while it fires, then resolved after a quiet cooldown")
  void criticalAlert(Vertx vertx, VertxTestContext test) {
    LogClient logs = new LogClient(vertx);
    List<JsonObject> seen = collect(vertx, "logging:critical:Exchange");
    JsonObject settings =
        new JsonObject()
            .put(
                "alerts",
                new JsonObject()
                    .put("cooldown_ms", 1000)
                    .put("check_interval_ms", 50)
                    .put("error_rate", new JsonObject().put("min_events", 1_000_000)));
    LoggingTestSupport.deploy(vertx, dir, "development", settings)
        .compose(id -> logs.write("Exchange", LogLevel.CRITICAL, "exchange unreachable", null))
        .compose(
            v ->
                logs.write(
                    "Exchange",
                    LogLevel.ERROR,
                    "still unreachable",
                    new JsonObject().put("critical", true)))
        .compose(v -> logs.write("Exchange", LogLevel.CRITICAL, "exchange unreachable again", null))
        .compose(
            v ->
                LoggingTestSupport.eventually(
                    vertx, 10_000, () -> Future.succeededFuture(seen.size() == 2)))
        .onComplete(
            test.succeeding(
                v ->
                    test.verify(
                        () -> {
                          JsonObject firing = seen.get(0);
                          assertThat(firing.getString("state")).isEqualTo("firing");
                          assertThat(firing.getString("source")).isEqualTo("logging");
                          assertThat(firing.getString("name")).isEqualTo("critical_event");
                          assertThat(firing.getString("severity")).isEqualTo("critical");
                          assertThat(firing.getString("message"))
                              .isEqualTo("CRITICAL from Exchange: exchange unreachable");
                          assertThat(firing.getLong("count")).isEqualTo(1);
                          assertThat(firing.fieldNames()).contains("at", "first_seen", "last_seen");
                          JsonObject resolved = seen.get(1);
                          assertThat(resolved.getString("state")).isEqualTo("resolved");
                          assertThat(resolved.getLong("count")).isEqualTo(3);
                          assertThat(resolved.getString("first_seen"))
                              .isEqualTo(firing.getString("first_seen"));
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "an error rate above the threshold raises one alert, resolved when the rate falls back")
  void errorRateAlert(Vertx vertx, VertxTestContext test) {
    LogClient logs = new LogClient(vertx);
    List<JsonObject> seen = collect(vertx, "logging:error_rate");
    JsonObject settings =
        new JsonObject()
            .put(
                "alerts",
                new JsonObject()
                    .put("cooldown_ms", 60_000)
                    .put("check_interval_ms", 50)
                    .put(
                        "error_rate",
                        new JsonObject()
                            .put("threshold", 0.1)
                            .put("window_ms", 1000)
                            .put("min_events", 10)));
    LoggingTestSupport.deploy(vertx, dir, "development", settings)
        .compose(
            id -> {
              List<Future<Boolean>> writes = new ArrayList<>();
              for (int i = 0; i < 20; i++) {
                writes.add(
                    logs.write("OrderRouter", LogLevel.ERROR, "order " + i + " failed", null));
              }
              return Future.all(writes);
            })
        .compose(
            v ->
                LoggingTestSupport.eventually(
                    vertx, 10_000, () -> Future.succeededFuture(seen.size() == 2)))
        .onComplete(
            test.succeeding(
                v ->
                    test.verify(
                        () -> {
                          assertThat(seen)
                              .extracting(alert -> alert.getString("state"))
                              .containsExactly("firing", "resolved");
                          JsonObject firing = seen.get(0);
                          assertThat(firing.getString("name")).isEqualTo("error_rate_high");
                          assertThat(firing.getString("severity")).isEqualTo("warning");
                          assertThat(firing.getString("message"))
                              .startsWith("error rate high: ")
                              .contains("threshold 10.0%");
                          assertThat(seen.get(1).getString("message"))
                              .startsWith("error rate back to ");
                          test.completeNow();
                        })));
  }
}
