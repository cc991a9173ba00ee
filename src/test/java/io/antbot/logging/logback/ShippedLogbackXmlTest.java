package io.antbot.logging.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.status.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/logback.xml as shipped, loaded into a private context with the properties the service sets.
 */
class ShippedLogbackXmlTest {

  @TempDir Path dir;
  private LoggerContext context;

  @AfterEach
  void stop() {
    if (context != null) {
      context.stop();
    }
  }

  private LoggerContext load(Map<String, String> properties) throws Exception {
    context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.putProperty("LOG_DIR", dir.toString());
    properties.forEach(context::putProperty);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(Path.of("conf/logback.xml").toFile());
    List<String> problems = new ArrayList<>();
    for (Status status : context.getStatusManager().getCopyOfStatusList()) {
      if (status.getLevel() >= Status.WARN) {
        problems.add(status.getMessage());
      }
    }
    assertThat(problems).isEmpty();
    return context;
  }

  /** The output behind the asynchronous appender {@code async} of {@code logger}. */
  private static Appender<ILoggingEvent> inner(Logger logger, String async) {
    return ((CorrelatingAsyncAppender) logger.getAppender(async)).iteratorForAppenders().next();
  }

  @Test
  @DisplayName(
      "every output is asynchronous; the JSON, errors and performance files roll over with gzip")
  void outputs() throws Exception {
    LoggerContext context = load(Map.of());
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    for (String name : List.of("CONSOLE", "JSON", "ERRORS")) {
      assertThat(root.getAppender(name)).as(name).isInstanceOf(CorrelatingAsyncAppender.class);
    }
    Logger performance = context.getLogger("antbot.performance");
    assertThat(performance.isAdditive()).isFalse();
    assertThat(performance.getAppender("PERFORMANCE")).isInstanceOf(CorrelatingAsyncAppender.class);
    for (Appender<ILoggingEvent> file :
        List.of(inner(root, "JSON"), inner(root, "ERRORS"), inner(performance, "PERFORMANCE"))) {
      RollingFileAppender<ILoggingEvent> rolling = (RollingFileAppender<ILoggingEvent>) file;
      assertThat(rolling.getFile()).startsWith(dir.toString()).endsWith(".json");
      assertThat(((TimeBasedRollingPolicy<?>) rolling.getRollingPolicy()).getFileNamePattern())
          .endsWith(".%d{yyyy-MM-dd}.%i.json.gz");
      assertThat(((TimeBasedRollingPolicy<?>) rolling.getRollingPolicy()).getMaxHistory())
          .isEqualTo(14);
      assertThat(rolling.getEncoder()).isInstanceOf(JsonLineEncoder.class);
    }
    assertThat(((CorrelatingAsyncAppender) root.getAppender("ERRORS")).getDiscardingThreshold())
        .isZero();
  }

  @Test
  @DisplayName(
      "the console is readable text by default (development) and JSON when asked (production)")
  void consoleFormat() throws Exception {
    Appender<ILoggingEvent> text =
        inner(load(Map.of("CONSOLE_FORMAT", "text")).getLogger(Logger.ROOT_LOGGER_NAME), "CONSOLE");
    assertThat(text).isInstanceOf(ConsoleAppender.class);
    assertThat(((OutputStreamAppender<ILoggingEvent>) text).getEncoder())
        .isInstanceOf(PatternLayoutEncoder.class);
    context.stop();
    Appender<ILoggingEvent> json =
        inner(load(Map.of("CONSOLE_FORMAT", "json")).getLogger(Logger.ROOT_LOGGER_NAME), "CONSOLE");
    assertThat(((OutputStreamAppender<ILoggingEvent>) json).getEncoder())
        .isInstanceOf(JsonLineEncoder.class);
  }

  @Test
  @DisplayName("the console can be turned off")
  void consoleOff() throws Exception {
    Logger root = load(Map.of("CONSOLE_ENABLED", "false")).getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("CONSOLE")).isNull();
    assertThat(root.getAppender("JSON")).isNotNull();
  }
}
