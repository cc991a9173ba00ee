package io.antbot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.bus.LogQueryRequest;
import io.antbot.client.LogClient;
import io.antbot.local.LocalServices;
import io.antbot.local.LogWriter;
import io.antbot.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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

  private static Future<JsonObject> status(Vertx vertx) {
    return vertx
        .eventBus()
        .<JsonObject>request(Addresses.LOG_STATUS, new JsonObject())
        .map(reply -> reply.body().getJsonObject("details"));
  }

  @Test
  @DisplayName(
      "in the service's JVM a line is written on the caller's thread under its correlation id; a"
          + " refused line is counted once per line, logged once, and never reaches the caller")
  void inProcess(Vertx vertx) {
    LoggingTestSupport.deploy(vertx, dir, "development", new JsonObject()).await();
    LogClient logs = new LogClient(vertx);
    LogClient.ComponentLogger log = logs.logger("LocalBot");
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
    JsonArray found = lines(logs, "LocalBot").await();
    assertThat(found).hasSize(1);
    JsonObject line = found.getJsonObject(0);
    assertThat(line.getString("message")).isEqualTo("filled");
    assertThat(line.getString("correlation_id")).isEqualTo("order-42");
    assertThat(line.getJsonObject("fields").getString("symbol")).isEqualTo("SOL/USDC");
    assertThat(status(vertx).await().getLong("refused_client_writes")).isEqualTo(2L);
  }

  @Test
  @DisplayName(
      "with the service on another node, lines travel in batches and keep their callers'"
          + " correlation ids; a bad line is counted by the service, the others written")
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
    Eventually.eventually(vertx, () -> lines(logs, "RemoteBot").map(l -> l.size() == 600)).await();
    JsonArray found = lines(logs, "RemoteBot").await();
    for (int i = 0; i < found.size(); i++) {
      assertThat(found.getJsonObject(i).getString("correlation_id")).isEqualTo("batch-7");
    }
    Eventually.eventually(
            vertx, () -> status(vertx).map(s -> s.getLong("refused_client_writes") == 1L))
        .await();
    assertThat(logs.dropped()).isZero();
  }
}
