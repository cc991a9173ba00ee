package io.antbot.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import io.antbot.logging.logback.CorrelatingAsyncAppender;
import io.antbot.logging.logback.ShippedConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Loads a Logback configuration file into a {@link LoggerContext}, and puts the built-in one back.
 * Blocking (file I/O): call it off the event loop.
 */
final class LogbackSetup {

  /**
   * The logger of {@code antbot.log.performance} timings; {@code conf/logback.xml} gives it its own
   * file.
   */
  static final String PERFORMANCE_LOGGER = "antbot.performance";

  private LogbackSetup() {}

  /** The process's Logback context. */
  static LoggerContext processContext() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      throw new IllegalStateException(
          "SLF4J is not bound to Logback but to " + factory.getClass().getName());
    }
    return context;
  }

  /**
   * Replaces the configuration of {@code context} with {@code file}, the {@code properties} set
   * first so that the file can use them as {@code ${NAME}}. The shipped {@code conf/logback.xml},
   * unchanged, is applied from code ({@link ShippedConfiguration}), without Logback's XML reader.
   *
   * @throws IllegalStateException naming the file and the first error Logback reported; the context
   *     is then left with whatever part of the file it could apply
   */
  static void configure(LoggerContext context, Path file, Map<String, String> properties) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(file + ": no such file");
    }
    long since = System.currentTimeMillis();
    boolean shipped = ShippedConfiguration.isShipped(file);
    context.reset();
    properties.forEach(context::putProperty);
    if (shipped) {
      try {
        ShippedConfiguration.apply(context);
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new IllegalStateException(file + ": " + e.getMessage(), e);
      }
    } else {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      try {
        configurator.doConfigure(file.toFile());
      } catch (JoranException e) {
        throw new IllegalStateException(file + ": " + e.getMessage(), e);
      }
    }
    for (Status status : context.getStatusManager().getCopyOfStatusList()) {
      if (status.getLevel() == Status.ERROR && status.getTimestamp() >= since) {
        throw new IllegalStateException(file + ": " + status.getMessage());
      }
    }
  }

  /**
   * Puts back the configuration Logback finds by itself: the built-in console ({@link
   * io.antbot.logging.logback.BuiltInConfigurator}), or the file named by {@code
   * logback.configurationFile}, {@code logback-test.xml} or {@code logback.xml} when there is one.
   */
  static void restoreDefault(LoggerContext context) {
    context.reset();
    try {
      new ContextInitializer(context).autoConfig();
    } catch (JoranException e) {
      throw new IllegalStateException(
          "cannot restore the built-in logging configuration: " + e.getMessage(), e);
    }
  }

  /**
   * Attaches {@code appender} to the root logger and to the performance logger (which does not pass
   * events up).
   */
  static void attach(LoggerContext context, Appender<ILoggingEvent> appender) {
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    context.getLogger(PERFORMANCE_LOGGER).addAppender(appender);
  }

  static void detach(LoggerContext context, Appender<ILoggingEvent> appender) {
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    context.getLogger(PERFORMANCE_LOGGER).detachAppender(appender);
  }

  /** Events dropped under overload by every {@link CorrelatingAsyncAppender} of {@code context}. */
  static long droppedEvents(LoggerContext context) {
    long dropped = 0;
    for (Logger logger : context.getLoggerList()) {
      for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof CorrelatingAsyncAppender async) {
          dropped += async.droppedCount();
        }
      }
    }
    return dropped;
  }
}
