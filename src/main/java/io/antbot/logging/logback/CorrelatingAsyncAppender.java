package io.antbot.logging.logback;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.concurrent.atomic.LongAdder;

/**
 * Logback's {@link AsyncAppender} that keeps the correlation id and counts what it drops.
 *
 * <p>The event is written on the appender's own thread, where the Vert.x context of the caller is
 * gone, so the correlation id is recorded on the event ({@link EventView#stamp}) on the calling
 * thread, before the hand-off.
 *
 * <p>Overload: when the queue is more than 80 % full (Logback's {@code discardingThreshold}),
 * TRACE, DEBUG and INFO events are dropped and counted ({@link #droppedCount()}); WARN and ERROR
 * are never dropped — with {@code neverBlock=false} (the default, and what {@code conf/logback.xml}
 * uses) the caller waits for room instead.
 */
public class CorrelatingAsyncAppender extends AsyncAppender {

  private final LongAdder dropped = new LongAdder();

  @Override
  protected void preprocess(ILoggingEvent event) {
    EventView.stamp(event);
    super.preprocess(event);
  }

  /**
   * Called by Logback only when the queue is above the discarding threshold: a {@code true} answer
   * drops the event.
   */
  @Override
  protected boolean isDiscardable(ILoggingEvent event) {
    boolean discard = super.isDiscardable(event);
    if (discard) {
      dropped.increment();
    }
    return discard;
  }

  /** How many events this appender dropped under overload since it started. */
  public long droppedCount() {
    return dropped.sum();
  }
}
