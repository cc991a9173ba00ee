package io.antbot.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.antbot.bus.LogQueryRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The last N events, in memory, behind {@code antbot.log.query}. Thread-safe: every logging thread
 * adds to it.
 *
 * <p>Adding a Logback event only stores the reference, so the thread that logs pays next to
 * nothing; the event is turned into a {@link LogEvent} the first time a query looks at it (the
 * event must have been stamped with its correlation id and had its message formatted on the logging
 * thread). A query walks the buffer from the newest event and stops at its limit.
 */
public final class LogEventRing {

  private ILoggingEvent[] raw;
  private LogEvent[] converted;
  private int next;
  private int size;

  public LogEventRing(int capacity) {
    raw = new ILoggingEvent[checked(capacity)];
    converted = new LogEvent[capacity];
  }

  public synchronized void add(ILoggingEvent event) {
    raw[next] = event;
    converted[next] = null;
    advance();
  }

  public synchronized void add(LogEvent event) {
    raw[next] = null;
    converted[next] = event;
    advance();
  }

  private void advance() {
    next = (next + 1) % raw.length;
    if (size < raw.length) {
      size++;
    }
  }

  /** Changes the capacity, keeping the newest events that fit. */
  public synchronized void resize(int capacity) {
    if (checked(capacity) == raw.length) {
      return;
    }
    int count = Math.min(size, capacity);
    ILoggingEvent[] newRaw = new ILoggingEvent[capacity];
    LogEvent[] newConverted = new LogEvent[capacity];
    for (int i = 0; i < count; i++) {
      int from = index(i);
      newRaw[count - 1 - i] = raw[from];
      newConverted[count - 1 - i] = converted[from];
    }
    raw = newRaw;
    converted = newConverted;
    size = count;
    next = count % capacity;
  }

  /** The events that match {@code query}, newest first, at most {@code query.limit()}. */
  public synchronized List<LogEvent> query(LogQueryRequest query) {
    List<LogEvent> found = new ArrayList<>(Math.min(query.limit(), size));
    for (int i = 0; i < size && found.size() < query.limit(); i++) {
      int at = index(i);
      if (converted[at] == null) {
        converted[at] = LogEvent.from(raw[at]);
        raw[at] = null;
      }
      if (converted[at].matches(query)) {
        found.add(converted[at]);
      }
    }
    return found;
  }

  public synchronized int size() {
    return size;
  }

  public synchronized int capacity() {
    return raw.length;
  }

  /** The array index of the i-th newest event. */
  private int index(int i) {
    return Math.floorMod(next - 1 - i, raw.length);
  }

  private static int checked(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity: expected at least 1, got " + capacity);
    }
    return capacity;
  }
}
