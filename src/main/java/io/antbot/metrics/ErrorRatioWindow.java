package io.antbot.metrics;

/**
 * The share of failed operations over the last {@code windowS} seconds, in one-second buckets.
 *
 * <p>Recording is O(1) and allocation-free; the ratio is 0 when no operation was recorded in the
 * window. Thread-safe (each method holds the window's lock for a few array accesses): operations
 * are recorded from the metrics service's event loop and from bots' threads.
 */
final class ErrorRatioWindow {

  private int windowS;
  private long[] seconds;
  private long[] totals;
  private long[] errors;

  ErrorRatioWindow(int windowS) {
    resize(windowS);
  }

  /** Starts afresh with a window of {@code windowS} seconds. */
  synchronized void resize(int windowS) {
    this.windowS = windowS;
    seconds = new long[windowS];
    totals = new long[windowS];
    errors = new long[windowS];
    java.util.Arrays.fill(seconds, Long.MIN_VALUE);
  }

  synchronized int windowS() {
    return windowS;
  }

  synchronized void record(long nowMs, boolean success) {
    long second = Math.floorDiv(nowMs, 1000);
    int slot = (int) Math.floorMod(second, windowS);
    if (seconds[slot] != second) {
      seconds[slot] = second;
      totals[slot] = 0;
      errors[slot] = 0;
    }
    totals[slot]++;
    if (!success) {
      errors[slot]++;
    }
  }

  /** Operations recorded in the window ending at {@code nowMs}. */
  synchronized long total(long nowMs) {
    long oldest = Math.floorDiv(nowMs, 1000) - windowS;
    long total = 0;
    for (int i = 0; i < windowS; i++) {
      if (seconds[i] > oldest) {
        total += totals[i];
      }
    }
    return total;
  }

  /**
   * Failed share of the operations in the window ending at {@code nowMs}; 0 when there were none.
   */
  synchronized double ratio(long nowMs) {
    long oldest = Math.floorDiv(nowMs, 1000) - windowS;
    long total = 0;
    long failed = 0;
    for (int i = 0; i < windowS; i++) {
      if (seconds[i] > oldest) {
        total += totals[i];
        failed += errors[i];
      }
    }
    return total == 0 ? 0.0 : (double) failed / total;
  }
}
