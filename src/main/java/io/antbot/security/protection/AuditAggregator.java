package io.antbot.security.protection;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a flood of repeated edge events into a bounded number of audit entries: within one
 * interval, the first event of a kind for a subject ({@code rate_limited} for {@code
 * ip:203.0.113.9}, say) is audited as it comes, and the repeats are only counted; when the interval
 * has passed, one {@code <type>_repeated} entry says how many were folded ({@code {subject, count,
 * from, to}}). An unauthenticated flood then costs the audit trail two lines per subject and
 * interval instead of one fsync'd line per request.
 *
 * <p>The number of open windows is bounded: past {@link #MAX_WINDOWS}, every window is closed (its
 * summary due) before a new one opens, so memory stays bounded whatever the number of subjects.
 * Thread-safe.
 */
public final class AuditAggregator {

  /** How many subjects are tracked at once. */
  static final int MAX_WINDOWS = 10_000;

  private final Duration interval;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  public AuditAggregator(Duration interval) {
    this.interval = interval;
  }

  /** A summary entry to write: {@code type} and its fields. */
  public record Summary(String type, JsonObject fields) {}

  /**
   * What to do with one event: write it now, or not; and the summaries of closed windows to write.
   */
  public record Decision(boolean writeNow, List<Summary> summaries) {}

  /** Counts one event of {@code type} for {@code subject} at {@code now}. */
  public Decision record(String type, String subject, Instant now) {
    List<Summary> due = new ArrayList<>();
    if (windows.size() >= MAX_WINDOWS) {
      due.addAll(flush(Instant.MAX));
    }
    String key = type + "\u0000" + subject;
    Window[] closed = new Window[1];
    Window window =
        windows.compute(
            key,
            (k, open) -> {
              if (open == null) {
                return new Window(type, subject, now);
              }
              if (!now.isBefore(open.start.plus(interval))) {
                closed[0] = open;
                return new Window(type, subject, now);
              }
              open.count++;
              open.last = now;
              return open;
            });
    if (closed[0] != null && closed[0].count > 1) {
      due.add(closed[0].summary());
    }
    return new Decision(window.count == 1, due);
  }

  /**
   * Closes every window whose interval has passed by {@code now} and returns the summaries of those
   * with repeats.
   */
  public List<Summary> flush(Instant now) {
    List<Summary> due = new ArrayList<>();
    for (Map.Entry<String, Window> entry : windows.entrySet()) {
      Window window = entry.getValue();
      if (now == Instant.MAX || !now.isBefore(window.start.plus(interval))) {
        if (windows.remove(entry.getKey(), window) && window.count > 1) {
          due.add(window.summary());
        }
      }
    }
    return due;
  }

  private static final class Window {
    final String type;
    final String subject;
    final Instant start;
    Instant last;
    long count = 1;

    Window(String type, String subject, Instant start) {
      this.type = type;
      this.subject = subject;
      this.start = start;
      this.last = start;
    }

    Summary summary() {
      // The first event was written on its own; the summary counts the ones folded after it.
      return new Summary(
          type + "_repeated",
          new JsonObject()
              .put("subject", subject)
              .put("count", count - 1)
              .put("from", start.toString())
              .put("to", last.toString()));
    }
  }
}
