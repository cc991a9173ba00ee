package io.antbot.logging.logback;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %correlationId}: the event's correlation id, or {@code -} outside any correlated work. */
public class CorrelationIdConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    String id = EventView.correlationId(event);
    return id == null ? "-" : LogSafety.escapeLine(id);
  }
}
