package io.antbot.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CorrelationTest {

  /**
   * "front" asks "back" (one more hop) and answers with what back saw; back answers with its
   * current id.
   */
  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext test) {
    ServiceVerticle back =
        new ServiceVerticle("back") {
          @Override
          protected Future<?> startService() {
            handle(
                "antbot.back.echo",
                request ->
                    Future.succeededFuture(
                        new JsonObject()
                            .put("seen", Correlation.current())
                            .put("passed", request.correlationId())));
            return Future.succeededFuture();
          }
        };
    ServiceVerticle front =
        new ServiceVerticle("front") {
          @Override
          protected Future<?> startService() {
            // The id must survive the asynchronous hop: it is read again inside the reply callback.
            handle(
                "antbot.front.call",
                request ->
                    vertx
                        .eventBus()
                        .<JsonObject>request("antbot.back.echo", new JsonObject())
                        .map(reply -> reply.body().copy().put("after_hop", Correlation.current())));
            return Future.succeededFuture();
          }
        };
    vertx
        .deployVerticle(back)
        .compose(id -> vertx.deployVerticle(front))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("a correlation id sent by the caller is seen two hops away and echoed in the reply")
  void survivesHops(Vertx vertx, VertxTestContext test) {
    DeliveryOptions options = new DeliveryOptions().addHeader(Correlation.HEADER, "order-42");
    vertx
        .eventBus()
        .<JsonObject>request("antbot.front.call", new JsonObject(), options)
        .onComplete(
            test.succeeding(
                reply ->
                    test.verify(
                        () -> {
                          assertThat(reply.body().getString("seen")).isEqualTo("order-42");
                          assertThat(reply.body().getString("passed")).isEqualTo("order-42");
                          assertThat(reply.body().getString("after_hop")).isEqualTo("order-42");
                          assertThat(reply.headers().get(Correlation.HEADER)).isEqualTo("order-42");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("without an id one is created at the first hop and carried on")
  void createdWhenAbsent(Vertx vertx, VertxTestContext test) {
    vertx
        .eventBus()
        .<JsonObject>request("antbot.front.call", new JsonObject())
        .onComplete(
            test.succeeding(
                reply ->
                    test.verify(
                        () -> {
                          String id = reply.headers().get(Correlation.HEADER);
                          assertThat(id).matches("[0-9a-f]{32}");
                          assertThat(reply.body().getString("seen")).isEqualTo(id);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("an id that could forge a header or a log line is replaced")
  void invalidIdReplaced(Vertx vertx, VertxTestContext test) {
    DeliveryOptions options =
        new DeliveryOptions().addHeader(Correlation.HEADER, "abc\nlevel=ERROR");
    vertx
        .eventBus()
        .<JsonObject>request("antbot.back.echo", new JsonObject(), options)
        .map(Message::body)
        .onComplete(
            test.succeeding(
                body ->
                    test.verify(
                        () -> {
                          assertThat(body.getString("seen")).matches("[0-9a-f]{32}");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("traceparent gives its trace id; malformed ones give nothing")
  void traceparent() {
    assertThat(
            Correlation.fromTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(
            Correlation.fromTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
        .isNull();
    assertThat(Correlation.fromTraceparent("garbage")).isNull();
    assertThat(Correlation.fromTraceparent(null)).isNull();
  }
}
