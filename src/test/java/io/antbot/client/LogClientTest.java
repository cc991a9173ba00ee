package io.antbot.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.antbot.bus.Addresses;
import io.antbot.bus.BusException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client's side of the contract, against a consumer standing in for the logging service. */
@ExtendWith(VertxExtension.class)
class LogClientTest {

  @Test
  @DisplayName(
      "with no logging service in its JVM, a component logger batches its lines for another node,"
          + " each with the correlation id of its calling context; the batch itself carries none")
  void componentLogger(Vertx vertx, VertxTestContext test) {
    LogClient logs = new LogClient(vertx);
    // No logging service in this JVM: the logger batches for a service on another node.
    vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.LOG_BATCH,
            message ->
                test.verify(
                    () -> {
                      // Sent from the batcher's own context, not from the caller's that started
                      // its timer: the id is the line's, not the batch's.
                      assertThat(message.headers().get("correlation-id")).isNull();
                      assertThat(message.body())
                          .isEqualTo(
                              new JsonObject()
                                  .put(
                                      "records",
                                      new JsonArray()
                                          .add(
                                              new JsonObject()
                                                  .put("component", "TradingEngine")
                                                  .put("level", "CRITICAL")
                                                  .put("message", "exchange down")
                                                  .put(
                                                      "fields",
                                                      new JsonObject()
                                                          .put("venue", "X")
                                                          .put("correlation_id", "trade-7")))));
                      message.reply(new JsonObject().put("logged", 1));
                      test.completeNow();
                    }))
        .completion()
        .compose(
            v ->
                logs.withCorrelation(
                    "trade-7",
                    () -> {
                      logs.logger("TradingEngine")
                          .critical("exchange down", new JsonObject().put("venue", "X"));
                      return Future.succeededFuture();
                    }))
        .onFailure(test::failNow);
  }

  @Test
  @DisplayName("bad component names and correlation ids are refused before anything is sent")
  void refusesBadInput(Vertx vertx, VertxTestContext test) {
    LogClient logs = new LogClient(vertx);
    assertThatThrownBy(() -> logs.logger("Trading Engine"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("component");
    logs.withCorrelation("bad id\n", Future::succeededFuture)
        .onComplete(
            test.failing(
                failure ->
                    test.verify(
                        () -> {
                          assertThat(failure).isInstanceOf(BusException.class);
                          assertThat(((BusException) failure).code().code()).isEqualTo(400);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("requests fail with 503 when no logging service runs")
  void noService(Vertx vertx, VertxTestContext test) {
    new LogClient(vertx)
        .startCorrelation("x")
        .onComplete(
            test.failing(
                failure ->
                    test.verify(
                        () -> {
                          assertThat(((BusException) failure).code().code()).isEqualTo(503);
                          test.completeNow();
                        })));
  }
}
