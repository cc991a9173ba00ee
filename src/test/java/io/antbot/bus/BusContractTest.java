package io.antbot.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.client.ConfigClient;
import io.antbot.service.Correlation;
import io.antbot.service.ServiceVerticle;
import io.antbot.testing.TestConf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class BusContractTest {

  @TempDir Path conf;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext test) {
    TestConf.copyShipped(conf);
    TestConf.deployConfig(vertx, conf, "production", new JsonObject())
        .onComplete(test.succeedingThenComplete());
  }

  private static void expectFailure(
      Vertx vertx, VertxTestContext test, Checkpoint done, Object body, int code, String text) {
    vertx
        .eventBus()
        .request(Addresses.CONFIG_GET, body)
        .onComplete(
            test.failing(
                failure ->
                    test.verify(
                        () -> {
                          assertThat(failure).isInstanceOf(ReplyException.class);
                          assertThat(((ReplyException) failure).failureCode()).isEqualTo(code);
                          assertThat(failure.getMessage()).isEqualTo(text);
                          done.flag();
                        })));
  }

  @Test
  @DisplayName("malformed messages get 400 with a text that says what is wrong, never a timeout")
  void malformedMessages(Vertx vertx, VertxTestContext test) {
    Checkpoint done = test.checkpoint(6);
    expectFailure(
        vertx,
        test,
        done,
        "trading.max_position_size",
        400,
        "body: expected a JSON object, got a string");
    expectFailure(
        vertx,
        test,
        done,
        new JsonArray().add(1),
        400,
        "body: expected a JSON object, got an array");
    expectFailure(vertx, test, done, new JsonObject(), 400, "key: required");
    expectFailure(
        vertx, test, done, new JsonObject().put("key", 42), 400, "key: expected a string, got 42");
    expectFailure(
        vertx,
        test,
        done,
        new JsonObject().put("key", "a..b"),
        400,
        "key: not a valid key \"a..b\" (expected dotted names of letters, digits, '_' or '-', like trading.max_position_size)");
    expectFailure(
        vertx,
        test,
        done,
        new JsonObject().put("key", "trading.x").put("dflt", 1),
        400,
        "dflt: unknown field (expected one of default, key)");
  }

  @Test
  @DisplayName("an absent key is a 404, a default is returned as given")
  void absentKey(Vertx vertx, VertxTestContext test) {
    ConfigClient client = new ConfigClient(vertx);
    client
        .get("trading.nothing_here")
        .map("should have failed")
        .recover(
            failure -> {
              test.verify(
                  () -> {
                    assertThat(failure).isInstanceOf(BusException.class);
                    assertThat(((BusException) failure).code()).isEqualTo(FailureCode.NOT_FOUND);
                    assertThat(failure.getMessage()).isEqualTo("trading.nothing_here: no such key");
                  });
              return client.get("trading.nothing_here", 7).map(String::valueOf);
            })
        .onComplete(
            test.succeeding(
                value ->
                    test.verify(
                        () -> {
                          assertThat(value).isEqualTo("7");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("the status address answers truthfully: service, ready state, version and uptime")
  void status(Vertx vertx, VertxTestContext test) {
    new ConfigClient(vertx)
        .status(Services.CONFIG)
        .onComplete(
            test.succeeding(
                status ->
                    test.verify(
                        () -> {
                          assertThat(status.service()).isEqualTo("config");
                          assertThat(status.ready()).isTrue();
                          assertThat(status.version()).matches("\\d+\\.\\d+\\.\\d+.*");
                          assertThat(status.uptimeS()).isGreaterThanOrEqualTo(0);
                          assertThat(status.details().getString("env")).isEqualTo("production");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "a handler failing unexpectedly answers 500 with the correlation id, not a stack trace")
  void unexpectedFailure(Vertx vertx, VertxTestContext test) {
    ServiceVerticle broken =
        new ServiceVerticle("broken") {
          @Override
          protected Future<?> startService() {
            handle(
                "antbot.broken.op",
                request -> {
                  throw new IllegalStateException("secret internals");
                });
            return Future.succeededFuture();
          }
        };
    vertx
        .deployVerticle(broken)
        .compose(
            id ->
                vertx
                    .eventBus()
                    .request(
                        "antbot.broken.op",
                        new JsonObject(),
                        new io.vertx.core.eventbus.DeliveryOptions()
                            .addHeader(Correlation.HEADER, "trace-123")))
        .onComplete(
            test.failing(
                failure ->
                    test.verify(
                        () -> {
                          assertThat(((ReplyException) failure).failureCode()).isEqualTo(500);
                          assertThat(failure.getMessage())
                              .isEqualTo("internal error in broken (correlation id trace-123)");
                          test.completeNow();
                        })));
  }
}
