package io.antbot.logging;

import ch.qos.logback.classic.LoggerContext;
import io.antbot.bus.LogLevel;
import io.antbot.bus.LogPerformanceRequest;
import io.antbot.bus.LogWriteRequest;
import io.antbot.logging.logback.EventView;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Turns bus messages into Logback events, so that they take the same path as in-process SLF4J
 * calls.
 *
 * <p>A component is a logger of its own name, so {@code logging.levels.TradingEngine} applies both
 * to the bus writes of {@code TradingEngine} and to an in-process {@code
 * LoggerFactory.getLogger("TradingEngine")}. Logback keeps its loggers forever, so at most {@value
 * #MAX_COMPONENT_LOGGERS} component names get one; beyond that a write goes to the logger {@value
 * #OVERFLOW_LOGGER}, still with its {@code component} field.
 */
final class EventWriter {

  static final int MAX_COMPONENT_LOGGERS = 4096;
  static final String OVERFLOW_LOGGER = "antbot.components";
  static final Marker CRITICAL = MarkerFactory.getMarker(EventView.CRITICAL_MARKER);

  private final LoggerContext context;
  private final RuleTurboFilter filter;
  private final Set<String> components = ConcurrentHashMap.newKeySet();

  EventWriter(LoggerContext context, RuleTurboFilter filter) {
    this.context = context;
    this.filter = filter;
  }

  /**
   * Writes one {@code antbot.log.write}; returns {@code false} when the component's level or a
   * filter rule dropped it.
   */
  boolean write(LogWriteRequest write) {
    return write(write, false);
  }

  /**
   * As {@link #write(LogWriteRequest)}, for a line logged outside any correlated work: its {@code
   * correlation_id} is {@code null} whatever the current context's (unless its fields name one).
   */
  boolean writeUncorrelated(LogWriteRequest write) {
    return write(write, true);
  }

  private boolean write(LogWriteRequest write, boolean uncorrelated) {
    Logger logger = componentLogger(write.component());
    Level level = slf4jLevel(write.level());
    if (!logger.isEnabledForLevel(level)
        || filter.drops(logger.getName(), level.toInt(), write.message())) {
      return false;
    }
    LoggingEventBuilder event = logger.makeLoggingEventBuilder(level);
    if (write.level() == LogLevel.CRITICAL) {
      event.addMarker(CRITICAL);
    }
    event.addKeyValue(EventView.COMPONENT, write.component());
    if (uncorrelated && !write.fields().containsKey(LogWriteRequest.CORRELATION_FIELD)) {
      // Stamped null: the event's stamp would otherwise take the current context's id.
      event.addKeyValue(EventView.CORRELATION_ID, (Object) null);
    }
    for (Map.Entry<String, Object> field : write.fields()) {
      event.addKeyValue(field.getKey(), field.getValue());
    }
    event.setMessage(write.message()).log();
    return true;
  }

  /** Writes one timing to the performance logger. */
  void performance(LogPerformanceRequest timing) {
    context
        .getLogger(LogbackSetup.PERFORMANCE_LOGGER)
        .atInfo()
        .addKeyValue(EventView.COMPONENT, timing.component())
        .addKeyValue(EventView.EVENT_TYPE, "performance")
        .addKeyValue("operation", timing.operation())
        .addKeyValue("duration_ms", timing.durationMs())
        .addKeyValue("success", timing.success())
        .setMessage(
            timing.operation()
                + (timing.success() ? " took " : " failed after ")
                + timing.durationMs()
                + " ms")
        .log();
  }

  /** Writes the line that announces a new correlation id, under that id. */
  void correlationStarted(String correlationId, String operation) {
    context
        .getLogger("antbot.correlation")
        .atInfo()
        .addKeyValue(EventView.CORRELATION_ID, correlationId)
        .addKeyValue(EventView.EVENT_TYPE, "correlation_start")
        .addKeyValue("operation", operation)
        .setMessage("correlation started for " + operation)
        .log();
  }

  private Logger componentLogger(String component) {
    if (components.contains(component)
        || components.size() < MAX_COMPONENT_LOGGERS && components.add(component)) {
      return context.getLogger(component);
    }
    return context.getLogger(OVERFLOW_LOGGER);
  }

  private static Level slf4jLevel(LogLevel level) {
    return switch (level) {
      case TRACE -> Level.TRACE;
      case DEBUG -> Level.DEBUG;
      case INFO -> Level.INFO;
      case WARN -> Level.WARN;
      case ERROR, CRITICAL -> Level.ERROR;
    };
  }
}
