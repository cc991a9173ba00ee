package io.antbot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.LogLevel;
import io.antbot.client.LogClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What the service writes to disk, read back after it stopped (stopping flushes the asynchronous
 * appenders).
 */
@ExtendWith(VertxExtension.class)
class JsonLogFileTest {

  private static final List<String> FIELDS =
      List.of(
          "@timestamp",
          "log.level",
          "message",
          "service.name",
          "component",
          "correlation_id",
          "event_type");

  @TempDir Path dir;

  @Test
  @DisplayName(
      "every line of every JSON log file parses as JSON with the standard fields; forging stays one line")
  void everyLineIsJson(Vertx vertx, VertxTestContext test) {
    LogClient logs = new LogClient(vertx);
    String forged = "ok\n{\"log.level\":\"INFO\",\"message\":\"forged\"}\r\nINFO forged too";
    LoggingTestSupport.deploy(
            vertx, dir, "production", new JsonObject().put("max_message_length", 100))
        .compose(
            id ->
                logs.withCorrelation(
                        "file-test-1",
                        () ->
                            Future.all(
                                List.of(
                                    logs.write(
                                        "TradingEngine",
                                        LogLevel.INFO,
                                        "Trade executed",
                                        new JsonObject()
                                            .put("event_type", "trade")
                                            .put("symbol", "SOL/USDC")
                                            .put("amount", 2.5)
                                            .put(
                                                "order",
                                                new JsonObject()
                                                    .put("legs", new JsonArray().add(1).add(2)))),
                                    logs.write(
                                        "TradingEngine",
                                        LogLevel.WARN,
                                        forged,
                                        new JsonObject().put("note", "a\nb")),
                                    logs.write(
                                        "TradingEngine",
                                        LogLevel.ERROR,
                                        "x".repeat(500),
                                        new JsonObject().put("password", "hunter2")),
                                    logs.write("Risk", LogLevel.CRITICAL, "limit breached", null),
                                    logs.performance(
                                        "TradingEngine", "execute_trade", 12.5, true))))
                    .map(
                        v -> {
                          LoggerFactory.getLogger(JsonLogFileTest.class)
                              .error("in-process failure", new IllegalStateException("boom"));
                          return id;
                        }))
        .compose(vertx::undeploy)
        .onComplete(
            test.succeeding(
                v ->
                    test.verify(
                        () -> {
                          List<String> lines =
                              LoggingTestSupport.jsonLines(LoggingTestSupport.logDir(dir));
                          assertThat(lines).hasSizeGreaterThan(8);
                          List<JsonObject> parsed = new ArrayList<>();
                          for (String line : lines) {
                            JsonObject json = new JsonObject(line);
                            assertThat(json.fieldNames()).as(line).containsAll(FIELDS);
                            assertThat(json.getString("service.name")).isEqualTo("antbot-core");
                            parsed.add(json);
                          }
                          List<JsonObject> forgedLines =
                              parsed.stream()
                                  .filter(json -> json.getString("message").startsWith("ok"))
                                  .toList();
                          assertThat(forgedLines).hasSize(1);
                          assertThat(forgedLines.get(0).getString("message")).isEqualTo(forged);
                          assertThat(parsed)
                              .noneMatch(json -> "forged".equals(json.getString("message")));
                          JsonObject trade =
                              parsed.stream()
                                  .filter(json -> "trade".equals(json.getString("event_type")))
                                  .findFirst()
                                  .orElseThrow();
                          assertThat(trade.getString("correlation_id")).isEqualTo("file-test-1");
                          assertThat(trade.getDouble("amount")).isEqualTo(2.5);
                          assertThat(trade.getJsonObject("order").getJsonArray("legs"))
                              .containsExactly(1, 2);
                          JsonObject long_ =
                              parsed.stream()
                                  .filter(json -> json.getString("message").startsWith("xxx"))
                                  .findFirst()
                                  .orElseThrow();
                          assertThat(long_.getString("message"))
                              .isEqualTo("x".repeat(100) + "…[truncated 400 chars]");
                          assertThat(long_.getString("password")).isEqualTo("***");
                          assertThat(String.join("\n", lines)).doesNotContain("hunter2");
                          assertThat(parsed)
                              .anyMatch(json -> "CRITICAL".equals(json.getString("log.level")));
                          assertThat(parsed)
                              .anyMatch(
                                  json ->
                                      "performance".equals(json.getString("event_type"))
                                          && json.getDouble("duration_ms") == 12.5);
                          assertThat(parsed)
                              .anyMatch(
                                  json ->
                                      "in-process failure".equals(json.getString("message"))
                                          && json.getString("stack_trace")
                                              .startsWith("java.lang.IllegalStateException: boom"));
                          List<String> errors =
                              Files.readAllLines(
                                  LoggingTestSupport.logDir(dir).resolve("antbot-errors.json"));
                          assertThat(errors)
                              .allSatisfy(
                                  line ->
                                      assertThat(new JsonObject(line).getString("log.level"))
                                          .isIn("ERROR", "CRITICAL"))
                              .hasSizeGreaterThanOrEqualTo(3);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("a file over its size cap rolls over into a gzip archive of JSON lines")
  void rotation(Vertx vertx, VertxTestContext test) {
    LogClient logs = new LogClient(vertx);
    LoggingTestSupport.deploy(
            vertx,
            dir,
            "development",
            new JsonObject().put("file", new JsonObject().put("max_file_size", "4KB")))
        .compose(
            id -> {
              List<Future<Boolean>> writes = new ArrayList<>();
              for (int i = 0; i < 60; i++) {
                writes.add(
                    logs.write(
                        "Rotator", LogLevel.INFO, "event " + i + " " + "r".repeat(200), null));
              }
              return Future.all(writes).map(id);
            })
        .compose(vertx::undeploy)
        .onComplete(
            test.succeeding(
                v ->
                    test.verify(
                        () -> {
                          List<Path> archives;
                          try (Stream<Path> files = Files.list(LoggingTestSupport.logDir(dir))) {
                            archives =
                                files
                                    .filter(
                                        file ->
                                            file.getFileName()
                                                .toString()
                                                .matches(
                                                    "antbot\\.\\d{4}-\\d\\d-\\d\\d\\.\\d+\\.json\\.gz"))
                                    .toList();
                          }
                          assertThat(archives).isNotEmpty();
                          List<String> archived = gunzipLines(archives.get(0));
                          assertThat(archived)
                              .isNotEmpty()
                              .allSatisfy(
                                  line ->
                                      assertThat(new JsonObject(line).fieldNames())
                                          .containsAll(FIELDS));
                          test.completeNow();
                        })));
  }

  private static List<String> gunzipLines(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }
}
