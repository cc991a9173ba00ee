package io.antbot.metrics;

import io.antbot.local.LocalServices;
import io.antbot.local.PrometheusScraper;
import java.util.Arrays;
import java.util.Locale;

/**
 * The {@link MetricsBench} scrape pair, interleaved: the same set-up and the same two methods,
 * called by turns in one JVM (the order swapped every round), so both sides see the same load. JMH
 * runs the two methods in separate forks one after the other; on a machine shared with other work
 * the load changes between them, and that change swamps the difference being measured.
 *
 * <p>Prints markdown rows {@code | name | ours | baseline | unit | ratio |}: the mean and the
 * median time per scrape, ratio = baseline / ours (the share of the bare registry's throughput
 * reached; the goal is at least 0.67). Rounds: {@code -Drounds=3000} measured after {@code
 * -Dwarmup=1500}. With {@code -Dvia=bus} the local scraper is withdrawn first, so the route takes
 * its bus fallback: the figure of the route before the local scraper existed.
 */
public final class ScrapeInterleavedBench {

  private ScrapeInterleavedBench() {}

  public static void main(String[] args) throws Exception {
    // The rows go to stdout, as does the console log: keep the log to errors.
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    int warmup = Integer.getInteger("warmup", 1500);
    int rounds = Integer.getInteger("rounds", 3000);
    MetricsBench bench = new MetricsBench();
    bench.start();
    String via = System.getProperty("via", "local");
    if (via.equals("bus")) {
      LocalServices.lookup(bench.vertx, LocalServices.METRICS_SCRAPER, PrometheusScraper.class)
          .ifPresent(
              local -> LocalServices.withdraw(bench.vertx, LocalServices.METRICS_SCRAPER, local));
    }
    try {
      long[] ours = new long[rounds];
      long[] baseline = new long[rounds];
      for (int round = -warmup; round < rounds; round++) {
        long oursNanos;
        long baselineNanos;
        if ((round & 1) == 0) {
          oursNanos = timeOurs(bench);
          baselineNanos = timeBaseline(bench);
        } else {
          baselineNanos = timeBaseline(bench);
          oursNanos = timeOurs(bench);
        }
        if (round >= 0) {
          ours[round] = oursNanos;
          baseline[round] = baselineNanos;
        }
      }
      row("MetricsBench.scrape interleaved (" + via + "), mean", mean(ours), mean(baseline));
      row("MetricsBench.scrape interleaved (" + via + "), median", median(ours), median(baseline));
    } finally {
      bench.stop();
    }
  }

  private static long timeOurs(MetricsBench bench) throws Exception {
    long start = System.nanoTime();
    bench.scrape_ours();
    return System.nanoTime() - start;
  }

  private static long timeBaseline(MetricsBench bench) {
    long start = System.nanoTime();
    bench.scrape_baseline();
    return System.nanoTime() - start;
  }

  private static double mean(long[] nanos) {
    return Arrays.stream(nanos).average().orElseThrow() / 1000;
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1000.0;
  }

  private static void row(String name, double oursMicros, double baselineMicros) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %.4g | %.4g | us/scrape | %.2f |%n",
        name,
        oursMicros,
        baselineMicros,
        baselineMicros / oursMicros);
  }
}
