package io.antbot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.bus.BusException;
import io.antbot.bus.LogLevel;
import io.antbot.bus.LogQueryRequest;
import io.antbot.bus.LogWriteRequest;
import io.antbot.client.LogClient;
import io.antbot.service.Correlation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
class LoggingVerticleTest {

  @TempDir Path dir;
  private LogClient logs;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext test) {
    logs = new LogClient(vertx);
    LoggingTestSupport.deploy(vertx, dir, "development", new JsonObject())
        .onComplete(test.succeedingThenComplete());
  }

  private Future<JsonArray> query(JsonObject body) {
    return logs.query(LogQueryRequest.fromJson(body));
  }

  private static Future<Object> expectFailure(Future<?> future) {
    return future.transform(
        result ->
            result.failed()
                ? Future.succeededFuture(result.cause())
                : Future.failedFuture("expected a failure, got " + result.result()));
  }

  @Test
  @DisplayName("a bus write is written with its fields and can be read back from the buffer")
  void writeAndQuery(Vertx vertx, VertxTestContext test) {
    logs.write(
            "TradingEngine",
            LogLevel.INFO,
            "Trade executed",
            new JsonObject()
                .put("event_type", "trade")
                .put("symbol", "SOL/USDC")
                .put("amount", 2.5)
                .put("api_key", "k"))
        .compose(
            logged -> {
              assertThat(logged).isTrue();
              return query(new JsonObject().put("component", "TradingEngine"));
            })
        .onComplete(
            test.succeeding(
                events ->
                    test.verify(
                        () -> {
                          assertThat(events).hasSize(1);
                          JsonObject event = events.getJsonObject(0);
                          assertThat(event.getString("level")).isEqualTo("INFO");
                          assertThat(event.getString("message")).isEqualTo("Trade executed");
                          assertThat(event.getString("event_type")).isEqualTo("trade");
                          // Written outside correlated work: no id (not a new one per line).
                          assertThat(event.containsKey("correlation_id")).isTrue();
                          assertThat(event.getString("correlation_id")).isNull();
                          assertThat(event.getJsonObject("fields"))
                              .isEqualTo(
                                  new JsonObject()
                                      .put("symbol", "SOL/USDC")
                                      .put("amount", 2.5)
                                      .put("api_key", "***"));
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("a malformed log.write is answered 400 with a text saying what is wrong")
  void malformedWrite(Vertx vertx, VertxTestContext test) {
    List<Object> bodies =
        List.of(
            new JsonObject().put("level", "INFO").put("message", "m"),
            new JsonObject()
                .put("component", "Trading Engine")
                .put("level", "INFO")
                .put("message", "m"),
            new JsonObject().put("component", "Bot").put("level", "LOUD").put("message", "m"),
            new JsonObject().put("component", "Bot").put("level", "INFO"),
            new JsonObject().put("component", "Bot").put("level", "INFO").put("message", 42),
            new JsonObject()
                .put("component", "Bot")
                .put("level", "INFO")
                .put("message", "m")
                .put("fields", new JsonArray()),
            new JsonObject()
                .put("component", "Bot")
                .put("level", "INFO")
                .put("message", "m")
                .put("fields", new JsonObject().put("message", "x")),
            new JsonObject()
                .put("component", "Bot")
                .put("level", "INFO")
                .put("message", "m")
                .put("colour", "red"),
            "hello");
    List<String> expected =
        List.of(
            "component: required",
            "component: expected a letter then letters, digits, '_', '.' or '-' (at most 128), got \"Trading Engine\"",
            "level: expected one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, got \"LOUD\"",
            "message: required",
            "message: expected a string, got 42",
            "fields: expected an object, got an array",
            "fields.message: reserved name (the log line already has it)",
            "colour: unknown field (expected one of component, fields, level, message)",
            "body: expected a JSON object, got a string");
    List<Future<Object>> replies = new ArrayList<>();
    for (Object body : bodies) {
      replies.add(expectFailure(vertx.eventBus().request(Addresses.LOG_WRITE, body)));
    }
    Future.all(replies)
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          for (int i = 0; i < bodies.size(); i++) {
                            ReplyException failure = (ReplyException) replies.get(i).result();
                            assertThat(failure.failureCode())
                                .as("code for %s", bodies.get(i))
                                .isEqualTo(400);
                            assertThat(failure.getMessage()).isEqualTo(expected.get(i));
                          }
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "log.write refuses a message over 1 MiB or fields over 64 KiB with 413; a non-finite field, a bad "
          + "correlation id with 400")
  void oversizedWrite(Vertx vertx, VertxTestContext test) {
    JsonObject write = new JsonObject().put("component", "Bot").put("level", "INFO");
    List<JsonObject> bodies =
        List.of(
            write.copy().put("message", "m".repeat(LogWriteRequest.MAX_MESSAGE_CHARS + 1)),
            write
                .copy()
                .put("message", "m")
                .put("fields", new JsonObject().put("blob", "b".repeat(64 * 1024))),
            write
                .copy()
                .put("message", "m")
                .put("fields", new JsonObject().put("ratio", Double.NaN)),
            write
                .copy()
                .put("message", "m")
                .put("fields", new JsonObject().put("correlation_id", "two words")));
    List<String> expected =
        List.of(
            "413 message: at most 1048576 characters, got 1048577",
            "413 fields: at most 65536 characters of JSON, got 65547",
            "400 fields.ratio: expected a finite number, got NaN (out of the range of a double)",
            "400 fields.correlation_id: expected a correlation id (1 to 128 of A-Z a-z 0-9 . _ : -), got \"two words\"");
    List<Future<Object>> replies = new ArrayList<>();
    for (JsonObject body : bodies) {
      replies.add(expectFailure(vertx.eventBus().request(Addresses.LOG_WRITE, body)));
    }
    Future.all(replies)
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          assertThat(
                                  replies.stream()
                                      .map(reply -> (ReplyException) reply.result())
                                      .map(
                                          failure ->
                                              failure.failureCode() + " " + failure.getMessage())
                                      .toList())
                              .containsExactlyElementsOf(expected);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "queries filter by level, component, correlation id, time range and text, newest first with a limit")
  void queryFilters(Vertx vertx, VertxTestContext test) {
    Instant start = Instant.now();
    LogClient.ComponentLogger engine = logs.logger("Engine");
    LogClient.ComponentLogger risk = logs.logger("Risk");
    logs.withCorrelation(
            "corr-a",
            () -> {
              engine.info("order placed");
              engine.error("order rejected");
              return logs.write("Engine", LogLevel.INFO, "flush a", null);
            })
        .compose(
            v ->
                logs.withCorrelation(
                    "corr-b",
                    () -> {
                      risk.critical("limit breached");
                      risk.warn("ORDER check slow");
                      return logs.write("Risk", LogLevel.INFO, "flush b", null);
                    }))
        .compose(
            v ->
                Future.all(
                    List.of(
                        query(new JsonObject().put("level", "ERROR")),
                        query(new JsonObject().put("component", "Risk")),
                        query(new JsonObject().put("correlation_id", "corr-a")),
                        query(new JsonObject().put("text", "order").put("since", start.toString())),
                        query(new JsonObject().put("text", "order").put("limit", 1)),
                        query(
                            new JsonObject()
                                .put("until", start.toString())
                                .put("component", "Engine")))))
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          assertThat(messages(all.resultAt(0)))
                              .containsExactly("limit breached", "order rejected");
                          assertThat(messages(all.resultAt(1)))
                              .containsExactly("flush b", "ORDER check slow", "limit breached");
                          assertThat(messages(all.resultAt(2)))
                              .containsExactly("flush a", "order rejected", "order placed");
                          assertThat(messages(all.resultAt(3)))
                              .containsExactly(
                                  "ORDER check slow", "order rejected", "order placed");
                          assertThat(messages(all.resultAt(4))).containsExactly("ORDER check slow");
                          assertThat(messages(all.resultAt(5))).isEmpty();
                          JsonObject critical = ((JsonArray) all.resultAt(0)).getJsonObject(0);
                          assertThat(critical.getString("level")).isEqualTo("CRITICAL");
                          assertThat(critical.getString("correlation_id")).isEqualTo("corr-b");
                          test.completeNow();
                        })));
  }

  private static List<String> messages(Object events) {
    List<String> messages = new ArrayList<>();
    for (Object event : (JsonArray) events) {
      messages.add(((JsonObject) event).getString("message"));
    }
    return messages;
  }

  @Test
  @DisplayName("a bad query is answered 400")
  void badQuery(Vertx vertx, VertxTestContext test) {
    Future.all(
            expectFailure(
                vertx
                    .eventBus()
                    .request(Addresses.LOG_QUERY, new JsonObject().put("since", "yesterday"))),
            expectFailure(
                vertx.eventBus().request(Addresses.LOG_QUERY, new JsonObject().put("limit", 0))))
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          assertThat(((Throwable) all.resultAt(0)).getMessage())
                              .isEqualTo(
                                  "since: expected an ISO-8601 instant such as 2025-01-31T12:00:00Z, got \"yesterday\"");
                          assertThat(((Throwable) all.resultAt(1)).getMessage())
                              .isEqualTo("limit: expected 1 to 100000, got 0");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("in-process SLF4J events reach the buffer with the correlation id of their context")
  void inProcessEvents(Vertx vertx, VertxTestContext test) {
    logs.withCorrelation(
            "in-process-1",
            () -> {
              LoggerFactory.getLogger("InProcessBot")
                  .atWarn()
                  .addKeyValue("order_id", 7)
                  .log("slow fill");
              return Future.succeededFuture();
            })
        .compose(v -> query(new JsonObject().put("correlation_id", "in-process-1")))
        .onComplete(
            test.succeeding(
                events ->
                    test.verify(
                        () -> {
                          assertThat(events).hasSize(1);
                          assertThat(events.getJsonObject(0).getString("component"))
                              .isEqualTo("InProcessBot");
                          assertThat(
                                  events
                                      .getJsonObject(0)
                                      .getJsonObject("fields")
                                      .getInteger("order_id"))
                              .isEqualTo(7);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("correlation.start issues a new id and announces it on a line written under that id")
  void correlationStart(Vertx vertx, VertxTestContext test) {
    logs.startCorrelation("trade_execution")
        .compose(
            id ->
                query(new JsonObject().put("correlation_id", id))
                    .map(
                        events -> {
                          assertThat(Correlation.isValid(id)).isTrue();
                          return events;
                        }))
        .onComplete(
            test.succeeding(
                events ->
                    test.verify(
                        () -> {
                          assertThat(events).hasSize(1);
                          assertThat(events.getJsonObject(0).getString("event_type"))
                              .isEqualTo("correlation_start");
                          assertThat(
                                  events
                                      .getJsonObject(0)
                                      .getJsonObject("fields")
                                      .getString("operation"))
                              .isEqualTo("trade_execution");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("a timing is written to the performance log and forwarded to the metrics service")
  void performance(Vertx vertx, VertxTestContext test) {
    vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.METRICS_OPERATION,
            message ->
                test.verify(
                    () -> {
                      assertThat(message.body())
                          .isEqualTo(
                              new JsonObject()
                                  .put("component", "TradingEngine")
                                  .put("operation", "execute_trade")
                                  .put("duration_ms", 125.0)
                                  .put("success", false));
                      query(new JsonObject().put("component", "TradingEngine"))
                          .onComplete(
                              test.succeeding(
                                  events ->
                                      test.verify(
                                          () -> {
                                            JsonObject event = events.getJsonObject(0);
                                            assertThat(event.getString("event_type"))
                                                .isEqualTo("performance");
                                            assertThat(event.getString("logger"))
                                                .isEqualTo("antbot.performance");
                                            assertThat(
                                                    event
                                                        .getJsonObject("fields")
                                                        .getDouble("duration_ms"))
                                                .isEqualTo(125.0);
                                            test.completeNow();
                                          })));
                    }))
        .completion()
        .compose(v -> logs.performance("TradingEngine", "execute_trade", 125, false))
        .onFailure(test::failNow);
  }

  @Test
  @DisplayName("a level set with an expiry applies at once and reverts by itself")
  void levelWithExpiry(Vertx vertx, VertxTestContext test) {
    logs.write("Bot", LogLevel.DEBUG, "hidden", null)
        .compose(
            logged -> {
              assertThat(logged).isFalse();
              return logs.setLevel("Bot", "DEBUG", 0.3);
            })
        .compose(
            set -> {
              assertThat(set.getString("level")).isEqualTo("DEBUG");
              assertThat(set.getString("previous")).isEqualTo("INFO");
              assertThat(set.getString("expires_at")).isNotNull();
              return logs.getLevel("Bot");
            })
        .compose(
            get -> {
              assertThat(get.getString("level")).isEqualTo("DEBUG");
              assertThat(get.getJsonObject("override").getString("level")).isEqualTo("DEBUG");
              return logs.write("Bot", LogLevel.DEBUG, "shown", null);
            })
        .compose(
            logged -> {
              assertThat(logged).isTrue();
              return LoggingTestSupport.eventually(
                  vertx,
                  5_000,
                  () -> logs.getLevel("Bot").map(get -> "INFO".equals(get.getString("level"))));
            })
        .compose(v -> logs.getLevel("Bot"))
        .compose(
            get -> {
              assertThat(get.containsKey("override")).isFalse();
              return logs.write("Bot", LogLevel.DEBUG, "hidden again", null);
            })
        .onComplete(
            test.succeeding(
                logged ->
                    test.verify(
                        () -> {
                          assertThat(logged).isFalse();
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("a bad level change is answered 400")
  void badLevelSet(Vertx vertx, VertxTestContext test) {
    Future.all(
            expectFailure(logs.setLevel("Bot", "LOUD", null)),
            expectFailure(logs.setLevel("Bot", "DEBUG", -1.0)),
            expectFailure(logs.setLevel("no spaces allowed", "DEBUG", null)))
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          assertThat(((BusException) all.resultAt(0)).getMessage())
                              .isEqualTo(
                                  "level: expected one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got \"LOUD\"");
                          assertThat(((BusException) all.resultAt(1)).getMessage())
                              .isEqualTo(
                                  "ttl_s: expected more than 0 and at most 604800, got -1.0");
                          assertThat(((BusException) all.resultAt(2)).getMessage())
                              .isEqualTo(
                                  "logger: expected a logger name such as TradingEngine or io.vertx.core, got \"no spaces allowed\"");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("the status reports the environment, the files, the buffer and dropped events")
  void status(Vertx vertx, VertxTestContext test) {
    logs.status("logging")
        .onComplete(
            test.succeeding(
                status ->
                    test.verify(
                        () -> {
                          assertThat(status.ready()).isTrue();
                          JsonObject details = status.details();
                          assertThat(details.getString("env")).isEqualTo("development");
                          assertThat(details.getString("dir"))
                              .isEqualTo(LoggingTestSupport.logDir(dir).toString());
                          assertThat(details.getBoolean("config_file_loaded")).isTrue();
                          assertThat(details.getString("console_format")).isEqualTo("off");
                          assertThat(details.getJsonObject("buffer").getInteger("capacity"))
                              .isEqualTo(1000);
                          assertThat(details.getLong("dropped_events")).isZero();
                          assertThat(details.getJsonArray("alerts_firing")).isEmpty();
                          test.completeNow();
                        })));
  }
}
