package io.antbot.logging.logback;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The built-in logging, in effect until the logging service has loaded {@code conf/logback.xml}
 * (and again after it stops, and whenever that file is absent): one readable line per event on
 * standard output, written synchronously so that nothing said during start-up or shutdown is lost.
 * Messages are escaped to one line and cut like in the service's own outputs; the correlation id of
 * the current work is shown in brackets.
 *
 * <p>Built in code rather than read from a {@code logback.xml}: Logback's XML configurator and the
 * JDK's XML parser are some 500 classes that every start would load for these few lines. Found by
 * Logback's {@link Configurator} service; it steps aside, leaving the file to Logback, when a
 * configuration file is named with {@code -Dlogback.configurationFile} (or {@code
 * -Dlogback.scmoFile}) or a {@code logback-test.xml} or {@code logback.xml} is on the class path.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public class BuiltInConfigurator extends ContextAwareBase implements Configurator {

  /** The readable line of the built-in console and of the service's text console. */
  static final String TEXT_PATTERN =
      "%d{HH:mm:ss.SSS} %-8severity %-20.40component [%correlationId] %safeMessage%fields%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (fileConfigured()) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Configures {@code context} (reset) with the built-in console. */
  static void apply(LoggerContext context) {
    registerConversionWords(context);
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("CONSOLE");
    console.setEncoder(textEncoder(context, console));
    console.start();
    quietLibraries(context);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
  }

  private boolean fileConfigured() {
    ClassLoader loader = BuiltInConfigurator.class.getClassLoader();
    return System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null
        || System.getProperty(ClassicConstants.MODEL_CONFIG_FILE_PROPERTY) != null
        || loader.getResource(ClassicConstants.TEST_AUTOCONFIG_FILE) != null
        || loader.getResource(ClassicConstants.AUTOCONFIG_FILE) != null;
  }

  /**
   * The runtime's pattern words ({@code %severity}, {@code %component}, {@code %correlationId},
   * {@code %safeMessage}, {@code %fields}), for the pattern layouts started after this in {@code
   * context}.
   */
  static void registerConversionWords(LoggerContext context) {
    @SuppressWarnings("unchecked")
    Map<String, Supplier<DynamicConverter<?>>> words =
        (Map<String, Supplier<DynamicConverter<?>>>)
            context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
    if (words == null) {
      words = new HashMap<>();
      context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, words);
    }
    words.put("severity", SeverityConverter::new);
    words.put("component", ComponentConverter::new);
    words.put("correlationId", CorrelationIdConverter::new);
    words.put("safeMessage", SafeMessageConverter::new);
    words.put("fields", FieldsConverter::new);
  }

  /** A started encoder of {@link #TEXT_PATTERN} for {@code appender}. */
  static PatternLayoutEncoder textEncoder(LoggerContext context, Appender<ILoggingEvent> appender) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setParent(appender);
    encoder.setPattern(TEXT_PATTERN);
    encoder.start();
    return encoder;
  }

  /**
   * The library loggers' levels. vertx-micrometer-metrics 5.0.10 registers the untagged {@code
   * vertx.eventbus.handlers} gauge again for each consumer after the first, which Micrometer
   * (1.13.9 and later) reports once as "This Gauge has been already registered"; harmless, reported
   * upstream (vert-x3/vertx-micrometer-metrics#259), and seen on every start.
   */
  static void quietLibraries(LoggerContext context) {
    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger("io.vertx").setLevel(Level.INFO);
    context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
  }
}
