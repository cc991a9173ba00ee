package io.antbot.logging;

import java.util.Arrays;

/**
 * A steadier companion to {@link LoggingBenchmark#componentLogger_ours}: writes the same events
 * through each pipeline in a plain loop, alternating the two several times in one JVM, and times
 * each run until the last event is on disk (the context is stopped, which drains the queues).
 * Prints one markdown row: the median events per second written, ours and plain Logback.
 *
 * <p>Run by {@code scripts/bench.d/logging.sh}; arguments: events per run (default 200000), runs
 * (default 5).
 */
public final class LoggingLoopBench {

  private LoggingLoopBench() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    double[] ours = new double[runs];
    double[] baseline = new double[runs];
    for (int run = -1; run < runs; run++) {
      LoggingBenchmark.Ours our = new LoggingBenchmark.Ours();
      our.setUp();
      double ourRate = rate(events, our.logger, our.context);
      our.tearDown();
      LoggingBenchmark.Baseline plain = new LoggingBenchmark.Baseline();
      plain.setUp();
      double plainRate = rate(events, plain.logger, plain.context);
      plain.tearDown();
      if (run >= 0) {
        ours[run] = ourRate;
        baseline[run] = plainRate;
      }
    }
    double ourMedian = median(ours);
    double plainMedian = median(baseline);
    System.out.printf(
        "| LoggingLoopBench.componentLogger (median of %d runs of %d events) | %.4g | %.4g | events/s | %.2f |%n",
        runs, events, ourMedian, plainMedian, ourMedian / plainMedian);
  }

  private static double rate(
      int events, org.slf4j.Logger logger, ch.qos.logback.classic.LoggerContext context) {
    long start = System.nanoTime();
    for (int i = 0; i < events; i++) {
      logger
          .atInfo()
          .addKeyValue("symbol", "SOL/USDC")
          .addKeyValue("amount", 2.5)
          .log("Trade executed");
    }
    context.stop();
    return events / ((System.nanoTime() - start) / 1e9);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
