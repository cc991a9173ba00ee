package io.antbot.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.antbot.logging.logback.EventView;
import java.util.function.Consumer;

/**
 * Feeds every event that reaches the root logger (in-process SLF4J loggers and bus writes alike) to
 * the logging service: the query buffer and the alert monitors. It runs on the thread that logged,
 * so it records the correlation id of the caller's context and the formatted message there, and
 * hands the event on without converting it.
 */
final class FeedAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

  private final Consumer<ILoggingEvent> sink;

  /**
   * @param sink called on the logging thread for every event: it must be quick and must not block
   */
  FeedAppender(Consumer<ILoggingEvent> sink) {
    this.sink = sink;
    setName("ANTBOT_FEED");
  }

  @Override
  protected void append(ILoggingEvent event) {
    EventView.stamp(event);
    event.getFormattedMessage();
    sink.accept(event);
  }
}
