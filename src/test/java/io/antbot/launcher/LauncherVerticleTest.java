package io.antbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.testing.TestConf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class LauncherVerticleTest {

  @TempDir Path conf;

  private final List<String> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void record(Vertx vertx) {
    TestConf.copyIsolated(conf);
    vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.LAUNCHER_LIFECYCLE,
            m -> events.add(m.body().getString("service") + " " + m.body().getString("event")));
  }

  private static LaunchOptions options(Path conf, String env, int port) {
    return new LaunchOptions(conf.toString(), env, port);
  }

  @Test
  @DisplayName("services start in the seed's order, bots last, and stop in reverse")
  void deploysInOrderAndStopsInReverse(Vertx vertx, VertxTestContext test) {
    AntBot.start(vertx, options(conf, "development", 0))
        .compose(
            id -> {
              test.verify(
                  () ->
                      assertThat(events)
                          .containsExactly(
                              "config deploying", "config deployed",
                              "security deploying", "security deployed",
                              "logging deploying", "logging deployed",
                              "metrics deploying", "metrics deployed",
                              "http deploying", "http deployed",
                              "bridge deploying", "bridge deployed",
                              "bot example-bot deploying", "bot example-bot deployed"));
              events.clear();
              return vertx.undeploy(id);
            })
        .onComplete(
            test.succeeding(
                v ->
                    test.verify(
                        () -> {
                          assertThat(events)
                              .containsExactly(
                                  "bot example-bot undeployed",
                                  "bridge undeployed",
                                  "http undeployed",
                                  "metrics undeployed",
                                  "logging undeployed",
                                  "security undeployed",
                                  "config undeployed");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "a service that cannot start aborts the launch with one line and undeploys the started ones in reverse")
  void failingServiceRollsBack(Vertx vertx, VertxTestContext test) {
    HttpServer squatter = vertx.createHttpServer().requestHandler(r -> r.response().end());
    squatter
        .listen(0, "127.0.0.1")
        .compose(
            s ->
                AntBot.start(vertx, options(conf, "staging", s.actualPort()))
                    .map("launch should have failed")
                    .recover(
                        failure -> {
                          test.verify(
                              () -> {
                                assertThat(failure).isInstanceOf(StartupException.class);
                                assertThat(failure.getMessage())
                                    .startsWith(
                                        "http: cannot listen on 127.0.0.1:" + s.actualPort() + ": ")
                                    .doesNotContain("\n");
                                assertThat(events)
                                    .containsSubsequence(
                                        "http deploying",
                                        "http failed",
                                        "metrics undeployed",
                                        "logging undeployed",
                                        "security undeployed",
                                        "config undeployed");
                                assertThat(events)
                                    .doesNotContain("http deployed", "http undeployed");
                              });
                          return Future.succeededFuture("failed as expected");
                        }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("a malformed configuration file stops the launch at config with file and line")
  void malformedConfig(Vertx vertx, VertxTestContext test) throws IOException {
    Files.writeString(conf.resolve("staging.yaml"), "http:\n  port: 8001\n   host: [unclosed\n");
    AntBot.start(vertx, options(conf, "staging", 0))
        .onComplete(
            test.failing(
                failure ->
                    test.verify(
                        () -> {
                          assertThat(failure.getMessage())
                              .startsWith(
                                  "config: " + conf.resolve("staging.yaml") + ":3: malformed YAML");
                          assertThat(events).containsExactly("config deploying", "config failed");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("a bot that fails to start is named, and everything started is undeployed")
  void failingBot(Vertx vertx, VertxTestContext test) throws IOException {
    Files.writeString(
        conf.resolve("staging.yaml"),
        "bots:\n  - name: broken\n    class: io.antbot.examples.ExampleBotVerticle\n    config:\n      cycle_ms: 5\n");
    AntBot.start(vertx, options(conf, "staging", 0))
        .onComplete(
            test.failing(
                failure ->
                    test.verify(
                        () -> {
                          assertThat(failure.getMessage())
                              .isEqualTo("bot broken: cycle_ms: expected at least 100, got 5");
                          assertThat(events)
                              .endsWith(
                                  "http undeployed",
                                  "metrics undeployed",
                                  "logging undeployed",
                                  "security undeployed",
                                  "config undeployed");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "a bots entry without a class is refused by the schema, naming its path, before any service starts")
  void botWithoutClass(Vertx vertx, VertxTestContext test) throws IOException {
    Files.writeString(conf.resolve("staging.yaml"), "bots:\n  - name: nameless\n");
    AntBot.start(vertx, options(conf, "staging", 0))
        .onComplete(
            test.failing(
                failure ->
                    test.verify(
                        () -> {
                          assertThat(failure.getMessage())
                              .isEqualTo("config: bots[0].class: required");
                          assertThat(events).containsExactly("config deploying", "config failed");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("the launcher deployed by name with {conf, env} as config works for embedding")
  void deployByName(Vertx vertx, VertxTestContext test) {
    JsonObject config =
        new JsonObject().put("conf", conf.toString()).put("env", "staging").put("port", 0);
    vertx
        .deployVerticle(
            LauncherVerticle.class.getName(),
            new io.vertx.core.DeploymentOptions().setConfig(config))
        .compose(
            id -> vertx.eventBus().<JsonObject>request(Addresses.HTTP_STATUS, new JsonObject()))
        .onComplete(
            test.succeeding(
                reply ->
                    test.verify(
                        () -> {
                          assertThat(reply.body().getString("state")).isEqualTo("ready");
                          assertThat(reply.body().getJsonObject("details").getInteger("port"))
                              .isPositive();
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("an unknown environment is refused before anything starts")
  void unknownEnvironment(Vertx vertx, VertxTestContext test) {
    JsonObject config = new JsonObject().put("conf", conf.toString()).put("env", "prod");
    vertx
        .deployVerticle(
            new LauncherVerticle(), new io.vertx.core.DeploymentOptions().setConfig(config))
        .onComplete(
            test.failing(
                failure ->
                    test.verify(
                        () -> {
                          assertThat(failure.getMessage())
                              .isEqualTo(
                                  "launcher: env: expected one of development, staging, production, got \"prod\"");
                          assertThat(events).isEmpty();
                          test.completeNow();
                        })));
  }
}
