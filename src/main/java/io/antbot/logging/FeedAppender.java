package io.antbot.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.antbot.logging.logback.EventView;

/**
 * Feeds every event that reaches the root logger (in-process SLF4J loggers and bus writes alike) to the logging
 * service: the query buffer and the alert monitors. It runs on the logging thread, so the correlation id is still
 * that of the caller's context.
 */
final class FeedAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

  /** Where the events go; called on the logging thread, so it must be quick and must not block. */
  @FunctionalInterface
  interface Sink {
    void accept(LogEvent event, boolean raisesAlert);
  }

  private final Sink sink;

  FeedAppender(Sink sink) {
    this.sink = sink;
    setName("ANTBOT_FEED");
  }

  @Override
  protected void append(ILoggingEvent event) {
    sink.accept(LogEvent.from(event), EventView.raisesAlert(event));
  }
}
