package io.antbot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.antbot.bus.LogLevel;
import io.antbot.bus.LogQueryRequest;
import io.antbot.logging.logback.EventView;
import io.antbot.logging.logback.LogSafety;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * One event as the in-memory buffer keeps it and {@code antbot.log.query} returns it: the content
 * already made safe (message cut, secrets masked).
 *
 * @param timestamp when it was written
 * @param level TRACE to CRITICAL
 * @param component the component (its {@code component} field, else the logger's last name segment)
 * @param logger the full logger name
 * @param message the formatted message, cut at the configured length
 * @param correlationId the correlation id it was written under, or {@code null}
 * @param eventType {@code log} unless the event says otherwise
 * @param fields the event's own fields, secrets masked; never {@code null}
 * @param error {@code <exception class>: <message>} when the event carries an exception, else
 *     {@code null}
 */
public record LogEvent(
    Instant timestamp,
    LogLevel level,
    String component,
    String logger,
    String message,
    String correlationId,
    String eventType,
    Map<String, Object> fields,
    String error) {

  /**
   * Reads a Logback event. Its correlation id is the one stamped on it ({@link EventView#stamp},
   * done on the thread that logged): this may run later, on any thread.
   */
  public static LogEvent from(ILoggingEvent event) {
    Map<String, Object> fields = Map.of();
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null && !pairs.isEmpty()) {
      fields = new LinkedHashMap<>();
      for (KeyValuePair pair : pairs) {
        if (pair.key != null && EventView.isOwnField(pair.key)) {
          fields.put(pair.key, LogSafety.mask(pair.key, pair.value));
        }
      }
      fields = Collections.unmodifiableMap(fields);
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    return new LogEvent(
        event.getInstant(),
        level(event),
        EventView.component(event),
        event.getLoggerName(),
        LogSafety.truncate(event.getFormattedMessage()),
        EventView.stampedCorrelationId(event),
        EventView.eventType(event),
        fields,
        thrown == null ? null : thrown.getClassName() + ": " + thrown.getMessage());
  }

  /** The level of a Logback event, CRITICAL for an ERROR with the CRITICAL marker. */
  public static LogLevel level(ILoggingEvent event) {
    if (EventView.isCritical(event)) {
      return LogLevel.CRITICAL;
    }
    Level level = event.getLevel();
    return switch (level.toInt()) {
      case Level.ERROR_INT -> LogLevel.ERROR;
      case Level.WARN_INT -> LogLevel.WARN;
      case Level.INFO_INT -> LogLevel.INFO;
      case Level.DEBUG_INT -> LogLevel.DEBUG;
      default -> LogLevel.TRACE;
    };
  }

  /** Whether this event passes every filter of {@code query} (the limit aside). */
  public boolean matches(LogQueryRequest query) {
    return (query.level() == null || level.atLeast(query.level()))
        && (query.component() == null || query.component().equals(component))
        && (query.correlationId() == null || query.correlationId().equals(correlationId))
        && (query.since() == null || !timestamp.isBefore(query.since()))
        && (query.until() == null || timestamp.isBefore(query.until()))
        && (query.text() == null || containsIgnoreCase(message, query.text()));
  }

  /**
   * Compared in place: a text search reads every event of the buffer, and lower-casing each message
   * first made every query allocate a copy of every message.
   */
  private static boolean containsIgnoreCase(String text, String part) {
    if (text == null) {
      return false;
    }
    int length = part.length();
    for (int start = 0, last = text.length() - length; start <= last; start++) {
      if (text.regionMatches(true, start, part, 0, length)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code {timestamp, level, component, logger, message, correlation_id, event_type, fields,
   * error?}}.
   */
  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("timestamp", timestamp.toString())
            .put("level", level.name())
            .put("component", component)
            .put("logger", logger)
            .put("message", message)
            .put("correlation_id", correlationId)
            .put("event_type", eventType)
            .put("fields", new JsonObject(new LinkedHashMap<>(fields)));
    if (error != null) {
      json.put("error", error);
    }
    return json;
  }
}
