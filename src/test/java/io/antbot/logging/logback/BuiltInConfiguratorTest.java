package io.antbot.logging.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The built-in console, on a Logback context of its own. */
class BuiltInConfiguratorTest {

  private final LoggerContext context = new LoggerContext();

  @AfterEach
  void stop() {
    context.stop();
  }

  @Test
  @DisplayName(
      "one readable, synchronous console line per event; quiet library loggers; no XML reader")
  void console() {
    context.setMDCAdapter(new LogbackMDCAdapter());
    BuiltInConfigurator.apply(context);

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.vertx").getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("io.micrometer.core.instrument.MeterRegistry").getLevel())
        .isEqualTo(Level.ERROR);
    ConsoleAppender<?> console = (ConsoleAppender<?>) root.getAppender("CONSOLE");
    assertThat(console.isStarted()).isTrue();
    assertThat(context.getObject(CoreConstants.SAFE_JORAN_CONFIGURATION)).isNull();

    @SuppressWarnings("unchecked")
    ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> typed =
        (ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent>) console;
    String line =
        new String(
            typed.getEncoder().encode(ShippedConfigurationTest.event(Level.WARN)),
            StandardCharsets.UTF_8);
    String time =
        LocalTime.ofInstant(Instant.ofEpochMilli(1_767_225_600_123L), ZoneId.systemDefault())
            .format(DateTimeFormatter.ofPattern("HH:mm:ss.SSS"));
    assertThat(line)
        .isEqualTo(
            time
                + " WARN     Example              [-] order 42 placed\\nsecond line"
                + " symbol=SOL/USDC password=***\n");
  }

  @Test
  @DisplayName("a logback-test.xml on the class path (here, the tests') is left to Logback")
  void stepsAside() {
    BuiltInConfigurator configurator = new BuiltInConfigurator();
    configurator.setContext(context);
    assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE")).isNull();
  }
}
