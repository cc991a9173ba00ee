package io.antbot.launcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;

/**
 * Gives back to the operating system the heap the start used and no longer needs ({@code
 * core.compact_after_start}).
 *
 * <p>A start allocates far more than it keeps: configuration parsing and validation, class
 * initialisation, key loading, the threat rules' compilation and the first samples leave about 17
 * MB in use but pass through several young generations. With the JVM's default initial heap (1/64
 * of the machine's memory) G1 keeps the regions it used committed and resident, so an idle runtime
 * would carry the start's peak for as long as it runs. One full collection once the runtime has
 * started compacts what is live and lets G1 shrink the heap to its free-ratio bounds, which
 * uncommits the rest. Measured on the shipped configuration (2 cores, 24 GiB): committed heap 388 →
 * 80 MB, resident memory 1 s after ready about 130 → 118 MB; the collection stops the world once,
 * for 35–75 ms, right after the start. It is asked for from a worker thread, never an event loop.
 * Under load the heap grows back as G1 decides, as it would have anyway. {@code
 * -XX:+DisableExplicitGC} makes it a no-op; {@code core.compact_after_start: false} turns it off.
 */
final class StartMemory {

  /**
   * What one release did: the heap in use and the heap the JVM held committed, before and after,
   * and how long the collection took.
   */
  record Released(
      long usedBefore, long usedAfter, long committedBefore, long committedAfter, long tookMs) {

    String describe() {
      return "heap used "
          + mib(usedBefore)
          + " MB -> "
          + mib(usedAfter)
          + " MB, committed "
          + mib(committedBefore)
          + " MB -> "
          + mib(committedAfter)
          + " MB (collection "
          + tookMs
          + " ms)";
    }

    private static long mib(long bytes) {
      return Math.round(bytes / (1024.0 * 1024.0));
    }
  }

  private StartMemory() {}

  /** One full collection on a worker thread of {@code vertx}. */
  static Future<Released> release(Vertx vertx) {
    return vertx.executeBlocking(StartMemory::collect, false);
  }

  private static Released collect() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    MemoryUsage before = memory.getHeapMemoryUsage();
    long start = System.nanoTime();
    // The one explicit collection of the runtime; see the class comment for why.
    System.gc();
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    MemoryUsage after = memory.getHeapMemoryUsage();
    return new Released(
        before.getUsed(), after.getUsed(), before.getCommitted(), after.getCommitted(), tookMs);
  }
}
