package io.antbot.config;

import io.antbot.bus.Addresses;
import io.antbot.testing.TestConf;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reload latency: from the write of {@code application.yaml} to the moment a listener has the new
 * configuration.
 *
 * <p>Ours: the config service's directory watcher, until a bus consumer (a bot) receives {@code
 * antbot.config.changed}. Baseline: a vertx-config {@link ConfigRetriever} on the same file with
 * its default scan period (5 s), until its {@code listen} handler runs. Both watch the same file
 * during the whole run; each side measures only its own phase. Before each baseline write the
 * program waits a random part of the scan period, so writes fall at random points of the scan cycle
 * as they would in real use.
 *
 * <p>Prints markdown rows {@code | name | ours | baseline | unit | ratio |}, ratio = baseline /
 * ours (above 1: faster). Samples: {@code -Dsamples=60} for ours, {@code -Dbaseline.samples=10} for
 * the baseline.
 */
public final class ReloadLatencyBench {

  private ReloadLatencyBench() {}

  public static void main(String[] args) throws Exception {
    // The rows go to stdout, as does the console log: keep the log to errors.
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    int samples = Integer.getInteger("samples", 60);
    int baselineSamples = Integer.getInteger("baseline.samples", 10);
    Vertx vertx = Vertx.vertx();
    Path root = Files.createTempDirectory("antbot-reload-bench");
    try {
      Path conf = Files.createDirectories(root.resolve("conf"));
      TestConf.copyShipped(conf);
      Path file = conf.resolve("application.yaml");
      String original = Files.readString(file, StandardCharsets.UTF_8);
      TestConf.deployConfig(
              vertx,
              conf,
              "production",
              new JsonObject()
                  .put("core", new JsonObject().put("state_dir", root.resolve("state").toString())))
          .await(10, TimeUnit.SECONDS);

      AtomicReference<CompletableFuture<Long>> ours =
          new AtomicReference<>(new CompletableFuture<>());
      vertx
          .eventBus()
          .consumer(Addresses.CONFIG_CHANGED, message -> ours.get().complete(System.nanoTime()))
          .completion()
          .await(10, TimeUnit.SECONDS);

      ConfigRetriever retriever =
          ConfigRetriever.create(
              vertx,
              new ConfigRetrieverOptions()
                  .addStore(
                      new ConfigStoreOptions()
                          .setType("file")
                          .setFormat("yaml")
                          .setConfig(new JsonObject().put("path", file.toString()))));
      long scanPeriod = new ConfigRetrieverOptions().getScanPeriod();
      retriever.getConfig().await(10, TimeUnit.SECONDS);
      AtomicReference<CompletableFuture<Long>> theirs =
          new AtomicReference<>(new CompletableFuture<>());
      retriever.listen(change -> theirs.get().complete(System.nanoTime()));

      List<Double> ourLatencies = new ArrayList<>();
      int value = 0;
      for (int i = 0; i < samples + 5; i++) {
        ours.set(new CompletableFuture<>());
        long start = System.nanoTime();
        write(file, original, ++value);
        long end = ours.get().get(10, TimeUnit.SECONDS);
        if (i >= 5) {
          ourLatencies.add((end - start) / 1e6);
        }
      }

      Random random = new Random(42);
      List<Double> baseline = new ArrayList<>();
      Thread.sleep(scanPeriod + 200);
      theirs.set(new CompletableFuture<>());
      for (int i = 0; i < baselineSamples; i++) {
        Thread.sleep(random.nextInt((int) scanPeriod));
        theirs.set(new CompletableFuture<>());
        long start = System.nanoTime();
        write(file, original, ++value);
        long end = theirs.get().get(3 * scanPeriod, TimeUnit.MILLISECONDS);
        baseline.add((end - start) / 1e6);
      }
      retriever.close();

      row(
          "config.reload p50 (write -> change seen)",
          percentile(ourLatencies, 50),
          percentile(baseline, 50));
      row(
          "config.reload p95 (write -> change seen)",
          percentile(ourLatencies, 95),
          percentile(baseline, 95));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      try (var files = Files.walk(root)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  /** Writes the file with a new value of a live key, as an editor's plain save would. */
  private static void write(Path file, String original, int value) throws Exception {
    String text =
        original.replace(
            "max_position_size: 0.1",
            String.format(
                Locale.ROOT, "max_position_size: %.4f", 0.1 + (value % 500) / 10_000.0 + 0.0001));
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static double percentile(List<Double> values, int percentile) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static void row(String name, double ours, double baseline) {
    System.out.printf(
        Locale.ROOT, "| %s | %.1f | %.1f | ms | %.2f |%n", name, ours, baseline, baseline / ours);
  }
}
