package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.logging.LoggingVerticle;
import io.antbot.metrics.MetricsVerticle;
import io.antbot.security.SecurityVerticle;
import io.antbot.testing.TestConf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class HttpShellTest {

  @TempDir Path conf;

  private WebClient client;

  /** Config and HTTP only: the other services are missing, so the runtime is live but not ready. */
  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext test) {
    TestConf.copyIsolated(conf);
    JsonObject overrides = new JsonObject().put("http", new JsonObject().put("port", 0));
    TestConf.deployConfig(vertx, conf, "staging", overrides)
        .compose(id -> vertx.deployVerticle(new HttpVerticle()))
        .compose(
            id -> vertx.eventBus().<JsonObject>request(Addresses.HTTP_STATUS, new JsonObject()))
        .onComplete(
            test.succeeding(
                status -> {
                  int port = status.body().getJsonObject("details").getInteger("port");
                  client =
                      WebClient.create(
                          vertx,
                          new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
                  test.completeNow();
                }));
  }

  @Test
  @DisplayName(
      "live answers 200 while the process runs; ready answers 503 naming the services that are not ready")
  void liveButNotReady(VertxTestContext test) {
    client
        .get("/health/live")
        .send()
        .compose(
            live -> {
              test.verify(() -> assertThat(live.statusCode()).isEqualTo(200));
              return client.get("/health/ready").send();
            })
        .onComplete(
            test.succeeding(
                ready ->
                    test.verify(
                        () -> {
                          assertThat(ready.statusCode()).isEqualTo(503);
                          assertThat(ready.getHeader("Content-Type"))
                              .isEqualTo("application/problem+json");
                          assertThat(ready.bodyAsJsonObject().getString("detail"))
                              .startsWith(
                                  "not ready: security is unreachable, logging is unreachable, metrics is unreachable");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("ready answers 200 once every service reports ready")
  void readyWhenAllAre(Vertx vertx, VertxTestContext test) {
    Future.all(
            vertx.deployVerticle(new SecurityVerticle()),
            vertx.deployVerticle(new LoggingVerticle()),
            vertx.deployVerticle(new MetricsVerticle()),
            vertx.deployVerticle(new io.antbot.bridge.BridgeVerticle()))
        .compose(v -> client.get("/health/ready").send())
        .onComplete(
            test.succeeding(
                ready ->
                    test.verify(
                        () -> {
                          assertThat(ready.statusCode()).isEqualTo(200);
                          assertThat(ready.bodyAsJsonObject().getJsonObject("services").getMap())
                              .containsOnlyKeys(
                                  "config", "security", "logging", "metrics", "http", "bridge")
                              .allSatisfy((service, state) -> assertThat(state).isEqualTo("ready"));
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("an unknown route is a 404 problem+json that echoes the caller's correlation id")
  void unknownRoute(VertxTestContext test) {
    client
        .get("/nowhere")
        .putHeader("X-Correlation-Id", "req-7")
        .send()
        .onComplete(
            test.succeeding(
                response ->
                    test.verify(
                        () -> {
                          assertThat(response.statusCode()).isEqualTo(404);
                          assertThat(response.getHeader("Content-Type"))
                              .isEqualTo("application/problem+json");
                          assertThat(response.getHeader("X-Correlation-Id")).isEqualTo("req-7");
                          JsonObject problem = response.bodyAsJsonObject();
                          assertThat(problem.getInteger("status")).isEqualTo(404);
                          assertThat(problem.getString("title")).isEqualTo("Not Found");
                          assertThat(problem.getString("detail"))
                              .isEqualTo("no route for GET /nowhere");
                          assertThat(problem.getString("correlation_id")).isEqualTo("req-7");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("a W3C traceparent supplies the correlation id when X-Correlation-Id is absent")
  void traceparent(VertxTestContext test) {
    client
        .get("/health/live")
        .putHeader("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .send()
        .map(HttpResponse::headers)
        .onComplete(
            test.succeeding(
                headers ->
                    test.verify(
                        () -> {
                          assertThat(headers.get("X-Correlation-Id"))
                              .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
                          test.completeNow();
                        })));
  }
}
