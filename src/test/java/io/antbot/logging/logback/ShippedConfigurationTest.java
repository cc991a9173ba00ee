package io.antbot.logging.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.status.Status;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.KeyValuePair;

/**
 * The shipped {@code conf/logback.xml} built in code is the file: for each set of the service's
 * properties, the same loggers, appenders and settings as Logback's reading of the file, and the
 * same bytes for the same event.
 */
class ShippedConfigurationTest {

  private static final Path SHIPPED = Path.of("conf/logback.xml");

  @TempDir Path dir;
  private final List<LoggerContext> contexts = new ArrayList<>();

  @AfterEach
  void stop() {
    contexts.forEach(LoggerContext::stop);
  }

  private LoggerContext context(Map<String, String> properties) {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.putProperty("LOG_DIR", dir.toString());
    properties.forEach(context::putProperty);
    contexts.add(context);
    return context;
  }

  private LoggerContext fromFile(Map<String, String> properties) throws Exception {
    LoggerContext context = context(properties);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(SHIPPED.toFile());
    return context;
  }

  private LoggerContext fromCode(Map<String, String> properties) {
    LoggerContext context = context(properties);
    ShippedConfiguration.apply(context);
    return context;
  }

  @Test
  @DisplayName("its digest is that of conf/logback.xml: an edit of the file must be made here too")
  void digest() throws Exception {
    assertThat(ShippedConfiguration.sha256(Files.readAllBytes(SHIPPED)))
        .as(
            "conf/logback.xml changed: make ShippedConfiguration.apply build the same, then set"
                + " ShippedConfiguration.SHA_256 to the file's new digest")
        .isEqualTo(ShippedConfiguration.SHA_256);
    assertThat(ShippedConfiguration.isShipped(SHIPPED)).isTrue();
    Path changed = dir.resolve("logback.xml");
    Files.writeString(
        changed, Files.readString(SHIPPED) + "<!-- mine -->\n", StandardCharsets.UTF_8);
    assertThat(ShippedConfiguration.isShipped(changed)).isFalse();
    assertThat(ShippedConfiguration.isShipped(dir.resolve("absent.xml"))).isFalse();
  }

  @Test
  @DisplayName("the defaults: the same outputs as the file, with no problem reported")
  void defaults() throws Exception {
    assertSame(Map.of());
  }

  @Test
  @DisplayName("a JSON console, a console turned off, and every setting the service passes")
  void properties() throws Exception {
    assertSame(Map.of("CONSOLE_FORMAT", "json"));
    assertSame(Map.of("CONSOLE_ENABLED", "false"));
    assertSame(
        Map.of(
            "SERVICE_NAME", "antbot-test",
            "ROOT_LEVEL", "WARN",
            "CONSOLE_ENABLED", "true",
            "CONSOLE_FORMAT", "text",
            "MAX_FILE_SIZE", "10MB",
            "MAX_HISTORY", "3",
            "TOTAL_SIZE_CAP", "200MB",
            "QUEUE_SIZE", "512",
            "ANTBOT_ENV", "production"));
  }

  private void assertSame(Map<String, String> properties) throws Exception {
    LoggerContext file = fromFile(properties);
    String expected = describe(file);
    file.stop();
    LoggerContext code = fromCode(properties);
    assertThat(describe(code)).isEqualTo(expected);
    assertThat(problems(code)).isEmpty();
  }

  private static List<String> problems(LoggerContext context) {
    List<String> problems = new ArrayList<>();
    for (Status status : context.getStatusManager().getCopyOfStatusList()) {
      if (status.getLevel() >= Status.WARN) {
        problems.add(status.getMessage());
      }
    }
    return problems;
  }

  /** Every configured logger, its appenders and their settings, and what each output writes. */
  static String describe(LoggerContext context) throws Exception {
    StringBuilder out = new StringBuilder();
    for (Logger logger : context.getLoggerList()) {
      Iterator<Appender<ILoggingEvent>> appenders = logger.iteratorForAppenders();
      if (logger.getLevel() == null && !appenders.hasNext() && logger.isAdditive()) {
        continue;
      }
      out.append(logger.getName())
          .append(" level=")
          .append(logger.getLevel())
          .append(" additive=")
          .append(logger.isAdditive())
          .append('\n');
      while (appenders.hasNext()) {
        describe(appenders.next(), "  ", out);
      }
    }
    return out.toString();
  }

  private static void describe(Appender<ILoggingEvent> appender, String indent, StringBuilder out)
      throws Exception {
    out.append(indent)
        .append(appender.getName())
        .append(": ")
        .append(appender.getClass().getName())
        .append(" started=")
        .append(appender.isStarted());
    for (Filter<ILoggingEvent> filter : appender.getCopyOfAttachedFiltersList()) {
      out.append(" filter=")
          .append(filter.getClass().getSimpleName())
          .append(filter.decide(event(Level.WARN)))
          .append('/')
          .append(filter.decide(event(Level.ERROR)));
    }
    if (appender instanceof AsyncAppenderBase<ILoggingEvent> async) {
      out.append(" queue=")
          .append(async.getQueueSize())
          .append(" discardingThreshold=")
          .append(async.getDiscardingThreshold())
          .append(" neverBlock=")
          .append(async.isNeverBlock())
          .append(" maxFlushTime=")
          .append(async.getMaxFlushTime())
          .append('\n');
      for (Iterator<Appender<ILoggingEvent>> it = async.iteratorForAppenders(); it.hasNext(); ) {
        describe(it.next(), indent + "  ", out);
      }
      return;
    }
    if (appender instanceof RollingFileAppender<ILoggingEvent> file) {
      TimeBasedRollingPolicy<?> policy = (TimeBasedRollingPolicy<?>) file.getRollingPolicy();
      out.append(" file=")
          .append(file.getFile())
          .append(" append=")
          .append(file.isAppend())
          .append(" prudent=")
          .append(file.isPrudent())
          .append(" policy=")
          .append(policy.getClass().getSimpleName())
          .append(" trigger=")
          .append(file.getTriggeringPolicy() == policy)
          .append(" pattern=")
          .append(policy.getFileNamePattern())
          .append(" maxHistory=")
          .append(policy.getMaxHistory())
          .append(" maxFileSize=")
          .append(field(policy, "maxFileSize"))
          .append(" totalSizeCap=")
          .append(field(policy, "totalSizeCap"))
          .append(" cleanHistoryOnStart=")
          .append(policy.isCleanHistoryOnStart());
    }
    if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
      out.append(" target=").append(console.getTarget());
    }
    if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
      Encoder<ILoggingEvent> encoder = stream.getEncoder();
      out.append(" immediateFlush=")
          .append(stream.isImmediateFlush())
          .append(" encoder=")
          .append(encoder.getClass().getName());
      if (encoder instanceof PatternLayoutEncoder pattern) {
        out.append(" pattern=").append(pattern.getPattern()).append(" charset=");
        out.append(pattern.getCharset());
      }
      if (encoder instanceof JsonLineEncoder json) {
        out.append(" serviceName=").append(json.getServiceName());
      }
      out.append('\n');
      for (Level level : List.of(Level.INFO, Level.ERROR)) {
        out.append(indent)
            .append("  writes ")
            .append(new String(encoder.encode(event(level)), StandardCharsets.UTF_8));
      }
      return;
    }
    out.append('\n');
  }

  private static Object field(Object target, String name) throws Exception {
    for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (field.getName().equals(name)) {
          field.setAccessible(true);
          return field.get(target);
        }
      }
    }
    throw new NoSuchFieldException(name);
  }

  /** One event, the same each time: fixed time, thread, fields and a multi-line message. */
  static ILoggingEvent event(Level level) {
    LoggingEvent event = new LoggingEvent();
    event.setLoggerName("io.antbot.Example");
    event.setLevel(level);
    event.setMessage("order {} placed\nsecond line");
    event.setArgumentArray(new Object[] {42});
    event.setThreadName("vert.x-eventloop-thread-1");
    event.setTimeStamp(1_767_225_600_123L);
    event.addKeyValuePair(new KeyValuePair("symbol", "SOL/USDC"));
    event.addKeyValuePair(new KeyValuePair("password", "hunter2"));
    return event;
  }
}
