package io.antbot.bus;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The levels of a log event written over the bus, from the least to the most severe.
 *
 * <p>{@link #CRITICAL} has no SLF4J counterpart: it is written as {@code ERROR} with the {@code
 * CRITICAL} marker, shown as {@code CRITICAL} in every output, and raises an alert at once.
 */
public enum LogLevel {
  TRACE,
  DEBUG,
  INFO,
  WARN,
  ERROR,
  CRITICAL;

  private static final String NAMES =
      Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));

  /**
   * The level named by {@code value} (case-insensitive), or a 400 naming {@code field} and the
   * accepted names.
   */
  public static LogLevel parse(String field, Object value) {
    if (value instanceof String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // fall through to the common error text
      }
    }
    throw BusException.badRequest(
        field + ": expected one of " + NAMES + ", got " + JsonFields.describe(value));
  }

  /** Whether an event at this level passes a minimum of {@code minimum}. */
  public boolean atLeast(LogLevel minimum) {
    return compareTo(minimum) >= 0;
  }
}
