package io.antbot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.LogLevel;
import io.antbot.bus.LogQueryRequest;
import io.antbot.client.LogClient;
import io.antbot.testing.TestConf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Settings applied live when antbot.config.changed announces a change of the logging section. */
@ExtendWith(VertxExtension.class)
class LiveSettingsTest {

  @TempDir Path dir;
  private StubConfigVerticle config;
  private LogClient logs;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext test) {
    Path conf = TestConf.copyShipped(dir.resolve("conf"));
    JsonObject settings =
        new JsonObject()
            .put(
                "logging",
                new JsonObject()
                    .put("dir", LoggingTestSupport.logDir(dir).toString())
                    .put("console", false));
    config = new StubConfigVerticle(settings, conf.toString());
    logs = new LogClient(vertx);
    vertx
        .deployVerticle(config)
        .compose(id -> vertx.deployVerticle(new LoggingVerticle()))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName(
      "a per-component level from the configuration applies as soon as the change is announced")
  void levels(Vertx vertx, VertxTestContext test) {
    logs.write("TradingEngine", LogLevel.DEBUG, "hidden", null)
        .compose(
            logged -> {
              assertThat(logged).isFalse();
              return config.set("logging.levels", new JsonObject().put("TradingEngine", "DEBUG"));
            })
        .compose(
            v ->
                LoggingTestSupport.eventually(
                    vertx,
                    5_000,
                    () ->
                        logs.getLevel("TradingEngine")
                            .map(level -> "DEBUG".equals(level.getString("level")))))
        .compose(v -> logs.getLevel("TradingEngine"))
        .compose(
            level -> {
              assertThat(level.getString("configured")).isEqualTo("DEBUG");
              return logs.write("TradingEngine", LogLevel.DEBUG, "shown", null);
            })
        .onComplete(
            test.succeeding(
                logged ->
                    test.verify(
                        () -> {
                          assertThat(logged).isTrue();
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "filter rules, buffer size and masked fields apply live; an invalid change leaves the settings as they were")
  void otherSettings(Vertx vertx, VertxTestContext test) {
    config
        .set(
            "logging.filters",
            new JsonArray()
                .add(new JsonObject().put("logger", "Noisy").put("contains", "heartbeat")))
        .compose(v -> config.set("logging.buffer_size", 10))
        .compose(v -> config.set("logging.mask_fields", new JsonArray().add("wallet")))
        .compose(
            v ->
                LoggingTestSupport.eventually(
                    vertx,
                    5_000,
                    () ->
                        logs.status("logging")
                            .map(
                                status ->
                                    status.details().getJsonObject("buffer").getInteger("capacity")
                                        == 10)))
        .compose(
            v ->
                Future.all(
                    logs.write("Noisy", LogLevel.INFO, "heartbeat 1", null),
                    logs.write(
                        "Noisy",
                        LogLevel.INFO,
                        "order filled",
                        new JsonObject().put("wallet", "abc"))))
        .compose(
            all -> {
              assertThat((Boolean) all.resultAt(0)).isFalse();
              assertThat((Boolean) all.resultAt(1)).isTrue();
              return config.set("logging.buffer_size", "lots");
            })
        .compose(
            v ->
                LoggingTestSupport.eventually(
                    vertx,
                    5_000,
                    () ->
                        logs.query(
                                LogQueryRequest.fromJson(
                                    new JsonObject().put("text", "new logging settings rejected")))
                            .map(events -> !events.isEmpty())))
        .onFailure(test::failNow)
        .onSuccess(v -> assertBufferAndMask(vertx, test));
  }

  /**
   * The rejected buffer size left the capacity at 10; the masked field stayed masked in the buffer.
   */
  private void assertBufferAndMask(Vertx vertx, VertxTestContext test) {
    Future.all(
            logs.status("logging"),
            logs.query(LogQueryRequest.fromJson(new JsonObject().put("component", "Noisy"))))
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          io.antbot.bus.ServiceStatus status = all.resultAt(0);
                          JsonArray events = all.resultAt(1);
                          assertThat(
                                  status.details().getJsonObject("buffer").getInteger("capacity"))
                              .isEqualTo(10);
                          assertThat(events).hasSize(1);
                          assertThat(
                                  events
                                      .getJsonObject(0)
                                      .getJsonObject("fields")
                                      .getString("wallet"))
                              .isEqualTo("***");
                          test.completeNow();
                        })));
  }
}
