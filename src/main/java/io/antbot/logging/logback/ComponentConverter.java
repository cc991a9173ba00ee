package io.antbot.logging.logback;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %component}: the event's component (its {@code component} field, else the logger's last
 * name segment).
 */
public class ComponentConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return LogSafety.escapeLine(EventView.component(event));
  }
}
