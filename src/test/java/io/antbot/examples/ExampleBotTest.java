package io.antbot.examples;

import static io.antbot.testing.Eventually.eventually;

import io.antbot.bus.Addresses;
import io.antbot.client.ConfigClient;
import io.antbot.client.MetricsClient;
import io.antbot.launcher.AntBot;
import io.antbot.launcher.LaunchOptions;
import io.antbot.testing.TestConf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example bot on the whole runtime, as development runs it, observed only through the services.
 */
@ExtendWith(VertxExtension.class)
class ExampleBotTest {

  @TempDir Path conf;

  @Test
  @DisplayName(
      "the example bot logs through the logging service, sees a config change live, and records its cycles")
  void botUsesTheServices(Vertx vertx, VertxTestContext test) throws IOException {
    TestConf.copyIsolated(conf);
    Path development = conf.resolve("development.yaml");
    Files.writeString(
        development, Files.readString(development).replace("cycle_ms: 5000", "cycle_ms: 100"));
    ConfigClient config = new ConfigClient(vertx);
    MetricsClient metrics = new MetricsClient(vertx);
    AntBot.start(vertx, new LaunchOptions(conf.toString(), "development", 0))
        .compose(id -> eventually(vertx, () -> logged(vertx, "example bot started")))
        .compose(v -> config.set("trading.max_position_size", 0.25, "test", "tester"))
        .compose(v -> eventually(vertx, () -> logged(vertx, "trading setting changed")))
        .compose(
            v ->
                eventually(
                    vertx,
                    () ->
                        metrics
                            .scrape("prometheus")
                            .map(scrape -> scrape.text().contains("component=\"ExampleBot\""))))
        .onComplete(test.succeedingThenComplete());
  }

  private static Future<Boolean> logged(Vertx vertx, String text) {
    JsonObject query =
        new JsonObject().put("component", ExampleBotVerticle.COMPONENT).put("text", text);
    return vertx
        .eventBus()
        .<JsonObject>request(Addresses.LOG_QUERY, query)
        .map(reply -> !reply.body().getJsonArray("events", new JsonArray()).isEmpty());
  }
}
