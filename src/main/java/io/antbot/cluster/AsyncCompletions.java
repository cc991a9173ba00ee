package io.antbot.cluster;

import java.util.concurrent.ForkJoinPool;

/**
 * Makes sure Hazelcast's asynchronous calls complete on a pool rather than on a new thread each.
 *
 * <p>Hazelcast runs the callbacks of every asynchronous map call (the cluster's rate-limit buckets,
 * refresh families, bucket reads) on the JDK's common fork-join pool — unless that pool has a
 * parallelism below 2, which is the JDK's default on a machine with 2 processors: then, as {@link
 * java.util.concurrent.CompletableFuture} does, it starts a new thread per callback. Measured here
 * on 2 cores, 16 map writes in flight between two members: about 2,000 per second with a p99 of 30
 * ms that way, 8,000–19,000 with a p99 of 2–11 ms with a parallelism of 2. The pool reads its
 * parallelism once, when first used, so this runs first thing in {@code main}; an operator's own
 * {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism} is kept.
 */
public final class AsyncCompletions {

  static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private AsyncCompletions() {}

  /**
   * Sets the common pool's parallelism to 2 when nobody set it and the JDK would choose less.
   *
   * @return whether the common pool now runs callbacks on at least 2 threads
   */
  public static boolean ensurePool() {
    if (System.getProperty(PARALLELISM) == null
        && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(PARALLELISM, "2");
    }
    return ForkJoinPool.getCommonPoolParallelism() >= 2;
  }
}
