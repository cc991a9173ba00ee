package io.antbot.logging.logback;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %severity}: the level name, {@code CRITICAL} for a CRITICAL event. */
public class SeverityConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return EventView.severity(event);
  }
}
