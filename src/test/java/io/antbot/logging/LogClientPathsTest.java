package io.antbot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.bus.LogQueryRequest;
import io.antbot.client.LogClient;
import io.antbot.local.LocalServices;
import io.antbot.local.LogWriter;
import io.antbot.service.Correlation;
import io.antbot.testing.Eventually;
import io.antbot.vertx.VertxInternals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bot's logger on both paths: in-process when the logging service runs in its JVM, batched when
 * it runs elsewhere (simulated by withdrawing the service's local writer).
 */
@ExtendWith(VertxExtension.class)
class LogClientPathsTest {

  @TempDir Path dir;

  private static Future<JsonArray> lines(LogClient logs, String component) {
    return logs.query(
        LogQueryRequest.fromJson(new JsonObject().put("component", component).put("limit", 1000)));
  }

  private static JsonObject byMessage(JsonArray lines, String message) {
    for (int i = 0; i < lines.size(); i++) {
      if (message.equals(lines.getJsonObject(i).getString("message"))) {
        return lines.getJsonObject(i);
      }
    }
    throw new AssertionError("no line \"" + message + "\" in " + lines.encode());
  }

  private static Future<JsonObject> status(Vertx vertx) {
    return vertx
        .eventBus()
        .<JsonObject>request(Addresses.LOG_STATUS, new JsonObject())
        .map(reply -> reply.body().getJsonObject("details"));
  }

  @Test
  @DisplayName(
      "in the service's JVM a line is written on the caller's thread under its correlation id, or"
          + " none outside correlated work; a refused line is counted once per line, logged once,"
          + " and never reaches the caller")
  void inProcess(Vertx vertx) {
    LoggingTestSupport.deploy(vertx, dir, "development", new JsonObject()).await();
    LogClient logs = new LogClient(vertx);
    LogClient.ComponentLogger log = logs.logger("LocalBot");
    log.info("idle");
    // On a Vert.x context outside correlated work, as a bot's timer runs.
    VertxInternals.newEventLoopContext(vertx).runOnContext(v -> log.info("tick"));
    logs.withCorrelation(
            "order-42",
            () -> {
              log.info("filled", new JsonObject().put("symbol", "SOL/USDC"));
              // A reserved field name: refused by the service's check, not thrown at the bot.
              log.info("bad", new JsonObject().put("message", "x"));
              log.info("bad again", new JsonObject().put("logger_name", "x"));
              return Future.succeededFuture();
            })
        .await();
    // Written before the call returned: the buffer has it at once.
    Eventually.eventually(vertx, () -> lines(logs, "LocalBot").map(l -> l.size() == 3)).await();
    JsonArray found = lines(logs, "LocalBot").await();
    JsonObject line = byMessage(found, "filled");
    assertThat(line.getString("correlation_id")).isEqualTo("order-42");
    assertThat(line.getJsonObject("fields").getString("symbol")).isEqualTo("SOL/USDC");
    // Not a new id per line, which would correlate nothing.
    assertThat(byMessage(found, "idle").containsKey("correlation_id")).isTrue();
    assertThat(byMessage(found, "idle").getString("correlation_id")).isNull();
    assertThat(byMessage(found, "tick").getString("correlation_id")).isNull();
    assertThat(status(vertx).await().getLong("refused_client_writes")).isEqualTo(2L);
  }

  @Test
  @DisplayName(
      "with the service on another node, lines travel in batches and keep their callers'"
          + " correlation ids, none for a line logged outside correlated work; a bad line is"
          + " counted by the service, the others written")
  void batched(Vertx vertx) {
    LoggingTestSupport.deploy(vertx, dir, "development", new JsonObject()).await();
    LogWriter writer =
        LocalServices.lookup(vertx, LocalServices.LOG_WRITER, LogWriter.class).orElseThrow();
    LocalServices.withdraw(vertx, LocalServices.LOG_WRITER, writer);
    LogClient logs = new LogClient(vertx);
    LogClient.ComponentLogger log = logs.logger("RemoteBot");
    logs.withCorrelation(
            "batch-7",
            () -> {
              for (int i = 0; i < 600; i++) {
                log.info("tick " + i);
              }
              log.warn("bad", new JsonObject().put("component", "forged"));
              return Future.succeededFuture();
            })
        .await();
    // Outside correlated work, into the same batches as the correlated lines.
    for (int i = 0; i < 50; i++) {
      log.info("idle " + i);
    }
    Eventually.eventually(vertx, () -> lines(logs, "RemoteBot").map(l -> l.size() == 650)).await();
    JsonArray found = lines(logs, "RemoteBot").await();
    for (int i = 0; i < found.size(); i++) {
      JsonObject line = found.getJsonObject(i);
      assertThat(line.getString("correlation_id"))
          .as(line.getString("message"))
          .isEqualTo(line.getString("message").startsWith("tick") ? "batch-7" : null);
    }
    Eventually.eventually(
            vertx, () -> status(vertx).map(s -> s.getLong("refused_client_writes") == 1L))
        .await();
    assertThat(logs.dropped()).isZero();
  }

  @Test
  @DisplayName(
      "a batch or a write sent over the bus under a correlation id writes its lines under it,"
          + " unless a line names its own; sent without one, lines without an id of their own are"
          + " written under none")
  void batchOverTheBus(Vertx vertx) {
    LoggingTestSupport.deploy(vertx, dir, "development", new JsonObject()).await();
    JsonObject plain = new JsonObject().put("component", "BridgeBot").put("level", "INFO");
    JsonObject batch =
        new JsonObject()
            .put(
                "records",
                new JsonArray()
                    .add(plain.copy().put("message", "under the batch's"))
                    .add(
                        plain
                            .copy()
                            .put("message", "under its own")
                            .put("fields", new JsonObject().put("correlation_id", "own-1"))));
    vertx
        .eventBus()
        .request(
            Addresses.LOG_BATCH,
            batch,
            new DeliveryOptions().addHeader(Correlation.HEADER, "bridge-3"))
        .await();
    vertx
        .eventBus()
        .request(
            Addresses.LOG_BATCH,
            new JsonObject()
                .put("records", new JsonArray().add(plain.copy().put("message", "no id"))))
        .await();
    vertx
        .eventBus()
        .request(
            Addresses.LOG_WRITE,
            plain.copy().put("message", "one under the sender's"),
            new DeliveryOptions().addHeader(Correlation.HEADER, "bridge-4"))
        .await();
    vertx
        .eventBus()
        .request(Addresses.LOG_WRITE, plain.copy().put("message", "one without"))
        .await();
    JsonArray found = lines(new LogClient(vertx), "BridgeBot").await();
    assertThat(found).hasSize(5);
    assertThat(byMessage(found, "one under the sender's").getString("correlation_id"))
        .isEqualTo("bridge-4");
    assertThat(byMessage(found, "one without").getString("correlation_id")).isNull();
    assertThat(byMessage(found, "under the batch's").getString("correlation_id"))
        .isEqualTo("bridge-3");
    assertThat(byMessage(found, "under its own").getString("correlation_id")).isEqualTo("own-1");
    assertThat(byMessage(found, "no id").getString("correlation_id")).isNull();
  }
}
