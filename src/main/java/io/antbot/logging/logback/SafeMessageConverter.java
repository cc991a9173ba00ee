package io.antbot.logging.logback;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %safeMessage}: the message cut at the length limit, with line breaks and control
 * characters escaped so that a message can never print as more than one line.
 */
public class SafeMessageConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return LogSafety.escapeLine(LogSafety.truncate(event.getFormattedMessage()));
  }
}
