package io.antbot.logging;

import io.antbot.bus.LogQueryRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The last N events, in memory, behind {@code antbot.log.query}. Thread-safe: every logging thread adds to it.
 *
 * <p>Adding is O(1); a query walks the buffer from the newest event and stops at its limit.
 */
public final class LogEventRing {

  /** Default capacity: {@code logging.buffer_size}. */
  public static final int DEFAULT_CAPACITY = 1000;

  private LogEvent[] events;
  private int next;
  private int size;

  public LogEventRing(int capacity) {
    events = new LogEvent[checked(capacity)];
  }

  public synchronized void add(LogEvent event) {
    events[next] = event;
    next = (next + 1) % events.length;
    if (size < events.length) {
      size++;
    }
  }

  /** Changes the capacity, keeping the newest events that fit. */
  public synchronized void resize(int capacity) {
    if (checked(capacity) == events.length) {
      return;
    }
    List<LogEvent> newestFirst = newest(Math.min(size, capacity));
    LogEvent[] resized = new LogEvent[capacity];
    int count = newestFirst.size();
    for (int i = 0; i < count; i++) {
      resized[i] = newestFirst.get(count - 1 - i);
    }
    events = resized;
    size = count;
    next = count % capacity;
  }

  /** The events that match {@code query}, newest first, at most {@code query.limit()}. */
  public synchronized List<LogEvent> query(LogQueryRequest query) {
    List<LogEvent> found = new ArrayList<>(Math.min(query.limit(), size));
    for (int i = 0; i < size && found.size() < query.limit(); i++) {
      LogEvent event = events[index(i)];
      if (event.matches(query)) {
        found.add(event);
      }
    }
    return found;
  }

  public synchronized int size() {
    return size;
  }

  public synchronized int capacity() {
    return events.length;
  }

  private List<LogEvent> newest(int count) {
    List<LogEvent> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(events[index(i)]);
    }
    return list;
  }

  /** The array index of the i-th newest event. */
  private int index(int i) {
    return Math.floorMod(next - 1 - i, events.length);
  }

  private static int checked(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity: expected at least 1, got " + capacity);
    }
    return capacity;
  }
}
