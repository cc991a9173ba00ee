package io.antbot.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoggingOptionsTest {

  @Test
  @DisplayName("an empty section gives every default")
  void defaults() {
    LoggingOptions options = LoggingOptions.defaults();
    assertThat(options.rootLevel()).isEqualTo(Level.INFO);
    assertThat(options.dir()).isEqualTo("var/log");
    assertThat(options.bufferSize()).isEqualTo(1000);
    assertThat(options.maxMessageLength()).isEqualTo(8192);
    assertThat(options.alerts().errorRateThreshold()).isEqualTo(0.10);
    assertThat(options.alerts().cooldownMs()).isEqualTo(300_000);
    assertThat(options.consoleFormatIn("development")).isEqualTo("text");
    assertThat(options.consoleFormatIn("production")).isEqualTo("json");
    assertThat(options.consoleFormatIn("staging")).isEqualTo("json");
  }

  @Test
  @DisplayName(
      "reads levels case-insensitively, filter rules with their default level, and an explicit console format")
  void typedReadings() {
    LoggingOptions options =
        LoggingOptions.fromJson(
            new JsonObject()
                .put("levels", new JsonObject().put("TradingEngine", "debug"))
                .put(
                    "filters",
                    new JsonArray()
                        .add(new JsonObject().put("logger", "Noisy").put("contains", "heartbeat")))
                .put("console_format", "json"));
    assertThat(options.loggerLevels()).containsEntry("TradingEngine", Level.DEBUG);
    assertThat(options.filters()).containsExactly(new FilterRule("Noisy", Level.INFO, "heartbeat"));
    assertThat(options.consoleFormatIn("development")).isEqualTo("json");
  }

  @Test
  @DisplayName("every problem is reported at once, each with its path")
  void everyProblem() {
    JsonObject section =
        new JsonObject()
            .put("level", "LOUD")
            .put("levels", new JsonObject().put("Bot", "VERBOSE"))
            .put("buffer_size", "many")
            .put("max_message_length", 10)
            .put("console_format", "xml")
            .put("file", new JsonObject().put("max_file_size", "huge"))
            .put(
                "filters",
                new JsonArray().add(new JsonObject().put("logger", "X").put("max_level", "ERROR")))
            .put(
                "alerts",
                new JsonObject().put("error_rate", new JsonObject().put("threshold", 1.5)))
            .put("colour", true);
    assertThatThrownBy(() -> LoggingOptions.fromJson(section))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "logging.level: expected one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got \"LOUD\"")
        .hasMessageContaining(
            "logging.levels.Bot: expected one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got \"VERBOSE\"")
        .hasMessageContaining(
            "logging.buffer_size: expected an integer from 1 to 100000, got \"many\"")
        .hasMessageContaining(
            "logging.max_message_length: expected an integer from 64 to 1048576, got 10")
        .hasMessageContaining(
            "logging.console_format: expected one of auto, text, json, got \"xml\"")
        .hasMessageContaining(
            "logging.file.max_file_size: must match [0-9]+ *(KB|MB|GB|kb|mb|gb)?, got \"huge\"")
        .hasMessageContaining(
            "logging.filters[0].max_level: expected one of TRACE, DEBUG, INFO, WARN, got \"ERROR\"")
        .hasMessageContaining(
            "logging.alerts.error_rate.threshold: expected a number from 0 to 1, got 1.5")
        .hasMessageContaining("logging.colour: unknown key (did you mean logging.console?)");
  }
}
