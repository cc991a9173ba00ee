package io.antbot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.LogLevel;
import io.antbot.client.LogClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class StartupTest {

  @TempDir Path dir;

  @Test
  @DisplayName(
      "an invalid logging section stops the start with every problem named, caught first by the schema")
  void invalidSection(Vertx vertx, VertxTestContext test) {
    LoggingTestSupport.deploy(
            vertx, dir, "development", new JsonObject().put("level", "LOUD").put("buffer_size", 0))
        .onComplete(
            test.failing(
                failure ->
                    test.verify(
                        () -> {
                          assertThat(failure.getMessage())
                              .isEqualTo(
                                  "command-line: logging.level: must be one of TRACE, DEBUG, INFO, "
                                      + "WARN, ERROR, OFF, got \"LOUD\"; command-line: logging.buffer_size: must be at least 1, got 0");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "without a Logback file the service keeps the built-in console and still serves the bus")
  void missingLogbackFile(Vertx vertx, VertxTestContext test) {
    LogClient logs = new LogClient(vertx);
    LoggingTestSupport.deploy(
            vertx, dir, "development", new JsonObject().put("config_file", "absent.xml"))
        .compose(id -> logs.write("Bot", LogLevel.INFO, "still works", null))
        .compose(logged -> logs.status("logging"))
        .onComplete(
            test.succeeding(
                status ->
                    test.verify(
                        () -> {
                          assertThat(status.details().getBoolean("config_file_loaded")).isFalse();
                          assertThat(status.details().getJsonObject("buffer").getInteger("size"))
                              .isPositive();
                          assertThat(Files.exists(LoggingTestSupport.logDir(dir))).isFalse();
                          test.completeNow();
                        })));
  }
}
