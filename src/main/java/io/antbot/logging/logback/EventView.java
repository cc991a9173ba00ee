package io.antbot.logging.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.antbot.service.Correlation;
import java.util.List;
import java.util.Set;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * How the runtime reads a Logback event: its correlation id, component, event type, severity (with
 * CRITICAL) and its own fields, the same way for every output.
 *
 * <p>The event's own fields are its SLF4J 2 key-value pairs ({@code
 * log.atInfo().addKeyValue("symbol", "SOL/USDC")}). Three keys are read specially: {@value
 * #CORRELATION_ID} (stamped by {@link #stamp} when the event is created on a Vert.x context
 * carrying a correlation id), {@value #COMPONENT} (else the last segment of the logger name) and
 * {@value #EVENT_TYPE} (else {@value #DEFAULT_EVENT_TYPE}).
 */
public final class EventView {

  public static final String CORRELATION_ID = "correlation_id";
  public static final String COMPONENT = "component";
  public static final String EVENT_TYPE = "event_type";
  public static final String DEFAULT_EVENT_TYPE = "log";

  /**
   * The marker name that makes an ERROR event CRITICAL ({@code
   * io.antbot.client.LogClient.CRITICAL}).
   */
  public static final String CRITICAL_MARKER = "CRITICAL";

  /** An ERROR event with this field set to {@code true} raises an alert like a CRITICAL one. */
  public static final String CRITICAL_FIELD = "critical";

  /**
   * Names the JSON line uses itself; a field with one of them is written with the prefix {@value
   * #FIELD_PREFIX}.
   */
  static final Set<String> RESERVED =
      Set.of(
          "@timestamp",
          "log.level",
          "message",
          "service.name",
          "logger_name",
          "thread_name",
          "stack_trace");

  static final String FIELD_PREFIX = "field.";

  private EventView() {}

  /**
   * Records the correlation id of the calling thread's Vert.x context on {@code event}, unless the
   * event already has one. Call it on the thread that created the event, before the event is handed
   * to another thread.
   */
  public static void stamp(ILoggingEvent event) {
    if (event instanceof LoggingEvent mutable && !hasKey(event, CORRELATION_ID)) {
      // Stamped even when there is no id (a null value), so outputs on other threads never look for
      // one there.
      mutable.addKeyValuePair(new KeyValuePair(CORRELATION_ID, Correlation.current()));
    }
  }

  /**
   * The correlation id: the one stamped on the event (possibly none), else — for an event never
   * stamped — that of the current Vert.x context, which is right on the thread that created the
   * event, where synchronous outputs run.
   */
  public static String correlationId(ILoggingEvent event) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (int i = 0, n = pairs.size(); i < n; i++) {
        KeyValuePair pair = pairs.get(i);
        if (CORRELATION_ID.equals(pair.key)) {
          return pair.value == null ? null : String.valueOf(pair.value);
        }
      }
    }
    return Correlation.current();
  }

  /**
   * The correlation id stamped on the event, or {@code null}; never looks at the current context.
   */
  public static String stampedCorrelationId(ILoggingEvent event) {
    Object id = keyValue(event, CORRELATION_ID);
    return id == null ? null : String.valueOf(id);
  }

  /** The {@code component} field, else the last segment of the logger name. */
  public static String component(ILoggingEvent event) {
    Object component = keyValue(event, COMPONENT);
    return component != null ? String.valueOf(component) : lastSegment(event.getLoggerName());
  }

  /**
   * {@code TradingEngine} for {@code TradingEngine}, {@code HttpVerticle} for {@code
   * io.antbot.web.HttpVerticle}.
   */
  static String lastSegment(String loggerName) {
    int dot = loggerName.lastIndexOf('.');
    return dot < 0 ? loggerName : loggerName.substring(dot + 1);
  }

  public static String eventType(ILoggingEvent event) {
    Object type = keyValue(event, EVENT_TYPE);
    return type == null ? DEFAULT_EVENT_TYPE : String.valueOf(type);
  }

  /** The level name, {@code CRITICAL} for an ERROR event carrying the CRITICAL marker. */
  public static String severity(ILoggingEvent event) {
    return isCritical(event) ? CRITICAL_MARKER : event.getLevel().levelStr;
  }

  /** Whether the event is CRITICAL: ERROR with the CRITICAL marker. */
  public static boolean isCritical(ILoggingEvent event) {
    if (event.getLevel() != Level.ERROR) {
      return false;
    }
    List<Marker> markers = event.getMarkerList();
    if (markers == null) {
      return false;
    }
    for (Marker marker : markers) {
      if (marker.contains(CRITICAL_MARKER)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the event raises an alert at once: CRITICAL, or ERROR with {@code critical=true}. */
  public static boolean raisesAlert(ILoggingEvent event) {
    return isCritical(event)
        || (event.getLevel() == Level.ERROR
            && Boolean.TRUE.equals(keyValue(event, CRITICAL_FIELD)));
  }

  /** Whether {@code key} is one of the event's own fields (not one of the three read specially). */
  public static boolean isOwnField(String key) {
    return !CORRELATION_ID.equals(key) && !COMPONENT.equals(key) && !EVENT_TYPE.equals(key);
  }

  /**
   * The output name of an own field: as is, or prefixed when it collides with a name of the line.
   */
  public static String fieldName(String key) {
    return RESERVED.contains(key) ? FIELD_PREFIX + key : key;
  }

  private static boolean hasKey(ILoggingEvent event, String key) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (int i = 0, n = pairs.size(); i < n; i++) {
        if (key.equals(pairs.get(i).key)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The value of the first key-value pair named {@code key}, or {@code null}. */
  public static Object keyValue(ILoggingEvent event, String key) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs == null) {
      return null;
    }
    for (int i = 0, n = pairs.size(); i < n; i++) {
      KeyValuePair pair = pairs.get(i);
      if (key.equals(pair.key)) {
        return pair.value;
      }
    }
    return null;
  }
}
