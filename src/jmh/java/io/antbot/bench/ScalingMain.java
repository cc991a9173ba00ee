package io.antbot.bench;

import io.antbot.bus.Addresses;
import io.antbot.bus.ConfigSetRequest;
import io.antbot.bus.Services;
import io.antbot.client.MetricsClient;
import io.antbot.logging.LoggingVerticle;
import io.antbot.metrics.MetricsBackend;
import io.antbot.metrics.MetricsVerticle;
import io.antbot.metrics.ScrapeConnection;
import io.antbot.security.audit.HashChainedAuditLog;
import io.antbot.security.cli.SecurityCommands;
import io.antbot.security.ratelimit.RateLimitOptions;
import io.antbot.security.ratelimit.RateLimiter;
import io.antbot.security.threat.RequestDescription;
import io.antbot.security.threat.ThreatOptions;
import io.antbot.security.threat.ThreatScanner;
import io.antbot.testing.TestConf;
import io.antbot.web.HttpVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Cost as the work grows: each measure taken on the real component at sizes ten and a hundred times
 * (for the threat scan a thousand times) a realistic one, printed as {@link Growth} rows. One
 * section per run, so that each starts on a fresh heap: {@code reload}, {@code log-query}, {@code
 * scrape}, {@code rate-limit}, {@code threat-scan}, {@code audit-verify}.
 *
 * <p>Times are means of repeated operations, run for a fixed time after a warm-up (the lowest of
 * three rounds), so a big size runs fewer operations than a small one; a reload is the median of
 * its samples. Set-up (writing the audit trail, recording the series, filling the log buffer) stays
 * outside the measured part.
 */
public final class ScalingMain {

  private ScalingMain() {}

  public static void main(String[] args) throws Exception {
    // The rows go to stdout, as does the console log: keep the log to errors.
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    String section = args.length == 1 ? args[0] : "";
    List<Growth> rows =
        switch (section) {
          case "reload" -> reload();
          case "log-query" -> logQuery();
          case "scrape" -> scrape();
          case "rate-limit" -> rateLimit();
          case "threat-scan" -> threatScan();
          case "audit-verify" -> auditVerify();
          default ->
              throw new IllegalArgumentException(
                  "usage: ScalingMain reload|log-query|scrape|rate-limit|threat-scan|audit-verify");
        };
    rows.forEach(row -> System.out.println(row.row()));
    System.exit(0);
  }

  // --- config reload vs keys -------------------------------------------------------------------

  /**
   * From the write of {@code application.yaml} to {@code antbot.config.changed} received by a bus
   * consumer, as in {@code ReloadLatencyBench}, with feature flags of four keys each added to the
   * shipped file; each write changes one live value. The debounce (25 ms by default) is part of
   * every figure.
   */
  private static List<Growth> reload() throws Exception {
    int[] keys = {100, 1_000, 10_000};
    Vertx vertx = Vertx.vertx();
    Path root = Files.createTempDirectory("antbot-scaling-reload");
    try {
      Path conf = TestConf.copyShipped(Files.createDirectories(root.resolve("conf")));
      Path file = conf.resolve("application.yaml");
      String shipped = Files.readString(file, StandardCharsets.UTF_8);
      if (!shipped.contains("\nfeatures:\n") || !shipped.contains("max_position_size: 0.1\n")) {
        throw new IllegalStateException("conf/application.yaml no longer has the lines edited");
      }
      JsonObject overrides =
          new JsonObject()
              .put("core", new JsonObject().put("state_dir", root.resolve("state").toString()));
      TestConf.deployConfig(vertx, conf, "production", overrides).await(30, TimeUnit.SECONDS);
      AtomicReference<CompletableFuture<Long>> seen = new AtomicReference<>();
      vertx
          .eventBus()
          .consumer(
              Addresses.CONFIG_CHANGED,
              message -> {
                CompletableFuture<Long> waiting = seen.get();
                if (waiting != null) {
                  waiting.complete(System.nanoTime());
                }
              })
          .completion()
          .await(10, TimeUnit.SECONDS);
      double[] millis = new double[keys.length];
      int value = 0;
      for (int k = 0; k < keys.length; k++) {
        String base = shipped.replace("\nfeatures:\n", "\nfeatures:\n" + flags(keys[k] / 4));
        int samples = keys[k] >= 10_000 ? 15 : 30;
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < samples + 5; i++) {
          CompletableFuture<Long> next = new CompletableFuture<>();
          seen.set(next);
          long start = System.nanoTime();
          Files.writeString(file, withPositionSize(base, ++value), StandardCharsets.UTF_8);
          long end = next.get(30, TimeUnit.SECONDS);
          if (i >= 5) {
            latencies.add((end - start) / 1e6);
          }
          // Let the service finish the version (history, state) before the next write.
          Thread.sleep(50);
        }
        millis[k] = median(latencies);
      }
      return List.of(
          new Growth(
              "config reload: write of application.yaml → antbot.config.changed received"
                  + " (keys added to the shipped file as feature flags)",
              "100 / 1,000 / 10,000 keys",
              asDoubles(keys),
              millis,
              "ms per reload (median)",
              "linear"));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      delete(root);
    }
  }

  private static String flags(int count) {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < count; i++) {
      yaml.append(String.format(Locale.ROOT, "  bench_flag_%05d:%n", i))
          .append("    enabled: true\n")
          .append(String.format(Locale.ROOT, "    description: \"Gates strategy %d\"%n", i))
          .append(String.format(Locale.ROOT, "    rollout_percent: %d%n", i % 101))
          .append("    kill_switch: false\n");
    }
    return yaml.toString();
  }

  private static String withPositionSize(String text, int value) {
    return text.replace(
        "max_position_size: 0.1\n",
        String.format(
            Locale.ROOT, "max_position_size: %.4f%n", 0.1 + (value % 500) / 10_000.0 + 0.0001));
  }

  // --- antbot.log.query vs buffer size ---------------------------------------------------------

  /**
   * {@code antbot.log.query} over the bus to the logging service, with its buffer ({@code
   * logging.buffer_size}, set live through {@code antbot.config.set}) full of component log events.
   * Two queries: a text search that ten events match, which reads the whole buffer, and the newest
   * 100 events without a filter, which stops after 100.
   */
  private static List<Growth> logQuery() throws Exception {
    int[] sizes = {1_000, 10_000, 100_000};
    Vertx vertx = Vertx.vertx();
    Path root = scratch("antbot-scaling-log");
    try {
      Path conf = TestConf.copyShipped(Files.createDirectories(root.resolve("conf")));
      JsonObject logging =
          new JsonObject()
              .put("dir", root.resolve("log").toString())
              .put("console", false)
              .put("buffer_size", sizes[0]);
      TestConf.deployConfig(vertx, conf, "production", new JsonObject().put("logging", logging))
          .compose(id -> vertx.deployVerticle(new LoggingVerticle()))
          .await(30, TimeUnit.SECONDS);
      org.slf4j.Logger trading = org.slf4j.LoggerFactory.getLogger("TradingEngine");
      double[] search = new double[sizes.length];
      double[] newest = new double[sizes.length];
      for (int s = 0; s < sizes.length; s++) {
        int size = sizes[s];
        vertx
            .eventBus()
            .request(
                Addresses.CONFIG_SET,
                new ConfigSetRequest("logging.buffer_size", size, "scaling bench", null).toJson())
            .await(10, TimeUnit.SECONDS);
        awaitBuffer(vertx, "capacity", size);
        String marker = "order rejected by the exchange (buffer " + size + ")";
        int step = size / 10;
        for (int i = 0; i < size; i++) {
          if (i % step == step / 2) {
            trading.atWarn().addKeyValue("symbol", "SOL/USDC").log(marker);
          } else {
            trading
                .atInfo()
                .addKeyValue("symbol", "SOL/USDC")
                .addKeyValue("amount", 2.5)
                .log("Trade executed");
          }
        }
        awaitBuffer(vertx, "size", size);
        JsonObject searchQuery = new JsonObject().put("text", marker).put("limit", 100);
        JsonObject newestQuery = new JsonObject().put("limit", 100);
        int found = query(vertx, searchQuery).size();
        if (found != 10) {
          throw new IllegalStateException("the search found " + found + " events, expected 10");
        }
        search[s] = lowestMeanNanos(() -> query(vertx, searchQuery), warmup(s), 2.0, 10) / 1e3;
        newest[s] = lowestMeanNanos(() -> query(vertx, newestQuery), 0.5, 1.5, 10) / 1e3;
      }
      String sizeText = "1,000 / 10,000 / 100,000 events in the buffer";
      return List.of(
          new Growth(
              "antbot.log.query over the bus, text search matching 10 events (reads the whole"
                  + " buffer)",
              sizeText,
              asDoubles(sizes),
              search,
              "µs per query",
              "linear"),
          new Growth(
              "antbot.log.query over the bus, newest 100 events, no filter",
              sizeText,
              asDoubles(sizes),
              newest,
              "µs per query",
              "constant"));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      delete(root);
    }
  }

  private static JsonArray query(Vertx vertx, JsonObject query) throws Exception {
    return vertx
        .eventBus()
        .<JsonObject>request(Addresses.LOG_QUERY, query)
        .await(30, TimeUnit.SECONDS)
        .body()
        .getJsonArray("events");
  }

  /** Waits until the logging service's buffer reports {@code field} (size or capacity) = value. */
  private static void awaitBuffer(Vertx vertx, String field, int value) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      int current =
          vertx
              .eventBus()
              .<JsonObject>request(Addresses.status(Services.LOGGING), new JsonObject())
              .await(10, TimeUnit.SECONDS)
              .body()
              .getJsonObject("details")
              .getJsonObject("buffer")
              .getInteger(field);
      if (current == value) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("log buffer " + field + " " + current + ", not " + value);
      }
      Thread.sleep(20);
    }
  }

  // --- GET /metrics vs series ------------------------------------------------------------------

  /**
   * {@code GET /metrics} on the runtime's HTTP server (route, the metrics service's scraper, the
   * exposition) over a keep-alive socket, as in {@code MetricsBench}, with custom series recorded
   * through {@code antbot.metrics.custom.set} / {@code .increment}: ten metric names (five gauges,
   * five counters), one label whose budget is raised to fit. The size is the number of samples in
   * the exposition, the runtime's own series included.
   */
  private static List<Growth> scrape() throws Exception {
    int[] custom = {500, 5_000, 50_000};
    Vertx vertx =
        Vertx.builder()
            .with(MetricsBackend.vertxOptions())
            .withMetrics(MetricsBackend.metricsFactory())
            .build();
    Path root = scratch("antbot-scaling-scrape");
    ScrapeConnection connection = null;
    try {
      Path conf = TestConf.copyShipped(Files.createDirectories(root.resolve("conf")));
      JsonObject metrics =
          new JsonObject()
              .put("alerts", new JsonArray())
              .put("cardinality", new JsonObject().put("default_budget", 10_000))
              .put("health", new JsonObject().put("services", new JsonArray().add("metrics")));
      JsonObject overrides =
          new JsonObject().put("metrics", metrics).put("http", new JsonObject().put("port", 0));
      TestConf.deployConfig(vertx, conf, "production", overrides)
          .compose(id -> vertx.deployVerticle(new MetricsVerticle()))
          .compose(id -> vertx.deployVerticle(new HttpVerticle()))
          .await(30, TimeUnit.SECONDS);
      int port =
          vertx
              .eventBus()
              .<JsonObject>request(Addresses.HTTP_STATUS, new JsonObject())
              .await(10, TimeUnit.SECONDS)
              .body()
              .getJsonObject("details")
              .getInteger("port");
      connection = new ScrapeConnection("127.0.0.1", port);
      MetricsClient client = new MetricsClient(vertx);
      double[] samples = new double[custom.length];
      double[] micros = new double[custom.length];
      int recorded = 0;
      for (int s = 0; s < custom.length; s++) {
        while (recorded < custom[s]) {
          List<Future<Void>> batch = new ArrayList<>();
          for (int end = Math.min(custom[s], recorded + 1_000); recorded < end; recorded++) {
            int name = recorded % 10;
            Map<String, String> labels = Map.of("slot", "s" + recorded / 10);
            batch.add(
                name < 5
                    ? client.setGauge("bench_gauge_" + name, recorded, labels)
                    : client.increment("bench_events_" + name + "_total", recorded, labels));
          }
          Future.all(batch).await(60, TimeUnit.SECONDS);
        }
        ScrapeConnection scraper = connection;
        samples[s] = sampleLines(scraper.get("/metrics"));
        micros[s] = lowestMeanNanos(() -> scraper.get("/metrics"), warmup(s), 3.0, 10) / 1e3;
      }
      return List.of(
          new Growth(
              "GET /metrics (Prometheus text) on the runtime's HTTP server, with 500 / 5,000 /"
                  + " 50,000 custom series recorded over the bus",
              String.format(
                  Locale.ROOT,
                  "%,.0f / %,.0f / %,.0f samples in the exposition",
                  samples[0],
                  samples[1],
                  samples[2]),
              samples,
              micros,
              "µs per scrape",
              "linear"));
    } finally {
      if (connection != null) {
        connection.close();
      }
      vertx.close().await(10, TimeUnit.SECONDS);
      delete(root);
    }
  }

  private static double sampleLines(byte[] exposition) {
    return new String(exposition, StandardCharsets.UTF_8)
        .lines()
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .count();
  }

  // --- rate limiting vs distinct clients -------------------------------------------------------

  /**
   * The runtime's {@link RateLimiter} with {@code max_keys} raised to a million, so that every
   * client keeps its bucket, and policies too large to refuse: one decision under the {@code ip}
   * policy for a client picked at random among those already seen, and the heap the buckets retain,
   * per client (used heap after a full collection, before and after one decision for each client;
   * the key strings are held by the limiter only).
   */
  private static List<Growth> rateLimit() throws Exception {
    int[] clients = {10_000, 100_000, 1_000_000};
    // Every policy large enough that no decision is a refusal, whatever the number of passes.
    JsonObject policy = new JsonObject().put("capacity", 1_000_000_000L).put("period_s", 1);
    JsonObject policies = new JsonObject();
    List.of("ip", "user", "login", "bot").forEach(name -> policies.put(name, policy));
    RateLimitOptions options =
        RateLimitOptions.fromJson(
            new JsonObject().put("max_keys", 1_000_000).put("policies", policies));
    String[] probes = new String[1 << 14];
    warmUp(new RateLimiter(options));
    double[] nanos = new double[clients.length];
    double[] bytes = new double[clients.length];
    long seed = 42;
    for (int c = 0; c < clients.length; c++) {
      int count = clients[c];
      long before = usedHeapAfterGc();
      RateLimiter limiter = new RateLimiter(options);
      for (int i = 0; i < count; i++) {
        limiter.check(clientKey(i), "ip", 1);
      }
      long after = usedHeapAfterGc();
      if (limiter.keyCount("ip") != count) {
        throw new IllegalStateException("the limiter kept " + limiter.keyCount("ip") + " keys");
      }
      bytes[c] = (double) (after - before) / count;
      for (int i = 0; i < probes.length; i++) {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        probes[i] = clientKey((int) ((seed >>> 33) % count));
      }
      RateLimiter measured = limiter;
      nanos[c] =
          lowestMeanNanos(
                  () -> {
                    int allowed = 0;
                    for (String probe : probes) {
                      allowed += measured.check(probe, "ip", 1).allowed() ? 1 : 0;
                    }
                    return allowed;
                  },
                  0.5,
                  2.0,
                  10)
              / probes.length;
    }
    String sizeText = "10,000 / 100,000 / 1,000,000 distinct clients";
    return List.of(
        new Growth(
            "rate-limit decision (RateLimiter.check, ip policy) for a client picked at random",
            sizeText,
            asDoubles(clients),
            nanos,
            "ns per decision",
            "constant"),
        new Growth(
            "rate-limit state retained (bucket, cache entry, key), heap after GC",
            sizeText,
            asDoubles(clients),
            bytes,
            "bytes per client",
            "constant"));
  }

  /** Runs the decision path until it is compiled, on a limiter dropped before the first figure. */
  private static void warmUp(RateLimiter limiter) {
    for (int i = 0; i < 2_000_000; i++) {
      limiter.check(clientKey(i % 50_000), "ip", 1);
    }
  }

  private static String clientKey(int i) {
    return "10." + ((i >>> 16) & 255) + "." + ((i >>> 8) & 255) + "." + (i & 255);
  }

  private static long usedHeapAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  // --- threat scan vs body size ----------------------------------------------------------------

  /**
   * {@link ThreatScanner#scan(RequestDescription)} with the shipped rules on a JSON order batch
   * (strings and numbers), {@code uninspectable: scan} so that a body past the value-count limit is
   * read in full instead of refused.
   */
  private static List<Growth> threatScan() throws Exception {
    int[] bytes = {1_000, 10_000, 100_000, 1_000_000};
    ThreatScanner scanner =
        new ThreatScanner(ThreatOptions.fromJson(new JsonObject().put("uninspectable", "scan")));
    double[] micros = new double[bytes.length];
    for (int b = 0; b < bytes.length; b++) {
      // Bodies by turns, each with values of its own, so that a scan is not answered from the
      // scanner's memory of values found clean (1,024 of them) more often than real orders would
      // be.
      RequestDescription[] requests = new RequestDescription[Math.max(3, 2_000_000 / bytes[b])];
      for (int r = 0; r < requests.length; r++) {
        requests[r] =
            new RequestDescription(
                "POST",
                "/api/v1/orders",
                "",
                Map.of(),
                orders(bytes[b], r * 1_000_000),
                "application/json");
        if (scanner.scan(requests[r]).threat()) {
          throw new IllegalStateException("the benign body was taken for a threat");
        }
      }
      int[] next = {0};
      micros[b] =
          lowestMeanNanos(
                  () -> scanner.scan(requests[next[0]++ % requests.length]), warmup(b), 2.0, 5)
              / 1e3;
    }
    return List.of(
        new Growth(
            "threat scan (ThreatScanner, shipped rules) of a POST with a JSON order batch",
            "1 KB / 10 KB / 100 KB / 1 MB body",
            asDoubles(bytes),
            micros,
            "µs per request",
            "linear"));
  }

  /**
   * A JSON body of about {@code size} bytes: {@code {"orders": [...]}}, numbered from {@code
   * first}.
   */
  private static String orders(int size, int first) {
    JsonArray orders = new JsonArray();
    int length = 14;
    for (int i = first; length < size; i++) {
      JsonObject order =
          new JsonObject()
              .put("symbol", i % 2 == 0 ? "BTC/USDC" : "ETH-USDT")
              .put("side", i % 3 == 0 ? "sell" : "buy")
              .put("amount", 0.25 + i % 7)
              .put("limit_price", 2_400.5 + i)
              .put("note", "rebalance " + i + ": O'Brien's grid, select the best pairs");
      orders.add(order);
      length += order.encode().length() + 1;
    }
    return new JsonObject().put("orders", orders).encode();
  }

  // --- verify-audit vs entries -----------------------------------------------------------------

  /**
   * {@code verify-audit FILE} (the command line's code path, {@link SecurityCommands#verifyAudit})
   * on a trail written beforehand by the runtime's audit writer ({@link HashChainedAuditLog},
   * without fsync): login, token and configuration entries. The trail grows in place between the
   * sizes; its writing is not timed.
   */
  private static List<Growth> auditVerify() throws Exception {
    int[] entries = {10_000, 100_000, 1_000_000};
    Path root = Files.createTempDirectory("antbot-scaling-audit");
    try {
      Path file = root.resolve("audit").resolve("audit.jsonl");
      SecurityCommands commands = SecurityCommands.system();
      PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
      double[] millis = new double[entries.length];
      int written = 0;
      try (HashChainedAuditLog audit = HashChainedAuditLog.open(file, false, Clock.systemUTC())) {
        for (int e = 0; e < entries.length; e++) {
          for (; written < entries[e]; written++) {
            audit.append(auditType(written), auditFields(written));
          }
          List<String> args = List.of(file.toString());
          if (commands.verifyAudit(args, discard, discard) != 0) {
            throw new IllegalStateException("verify-audit found the trail broken");
          }
          millis[e] =
              lowestMeanNanos(() -> commands.verifyAudit(args, discard, discard), warmup(e), 3.0, 1)
                  / 1e6;
        }
      }
      return List.of(
          new Growth(
              "verify-audit FILE (hash chain of a trail written by HashChainedAuditLog)",
              String.format(
                  Locale.ROOT,
                  "10,000 / 100,000 / 1,000,000 entries (%,d MB at the largest)",
                  Files.size(file) >> 20),
              asDoubles(entries),
              millis,
              "ms per verification",
              "linear"));
    } finally {
      delete(root);
    }
  }

  private static String auditType(int i) {
    return switch (i % 4) {
      case 0, 1 -> "login";
      case 2 -> "token_issued";
      default -> "config_changed";
    };
  }

  private static JsonObject auditFields(int i) {
    JsonObject fields =
        new JsonObject().put("user", "trader" + i % 50).put("source_ip", clientKey(i % 5_000));
    return switch (i % 4) {
      case 0, 1 ->
          fields.put("outcome", i % 17 == 0 ? "failure" : "success").put("user_agent", "curl/8.5");
      case 2 -> fields.put("jti", "t-" + Integer.toHexString(i * 31)).put("ttl_s", 900);
      default ->
          fields.put(
              "changes",
              new JsonArray()
                  .add(
                      new JsonObject()
                          .put("key", "trading.max_position_size")
                          .put("old", 0.1)
                          .put("new", 0.12)));
    };
  }

  // --- helpers ---------------------------------------------------------------------------------

  private interface Operation {
    Object run() throws Exception;
  }

  /**
   * Runs {@code operation} for {@code warmupS} seconds, then in three rounds of {@code measureS /
   * 3} seconds and at least {@code minCalls} calls each; returns the lowest of the three rounds'
   * mean times per call, in ns. A mean, not a median: the garbage collections an operation causes
   * are part of its cost, and a median of short operations would leave them out while a long one
   * always pays them. The lowest round: the machine is shared with other work, and a round that ran
   * while another process took the cores is an outlier.
   */
  private static double lowestMeanNanos(
      Operation operation, double warmupS, double measureS, int minCalls) throws Exception {
    long warmEnd = System.nanoTime() + (long) (warmupS * 1e9);
    while (System.nanoTime() < warmEnd) {
      operation.run();
    }
    double lowest = Double.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      long start = System.nanoTime();
      long end = start + (long) (measureS / 3 * 1e9);
      int calls = 0;
      long now = start;
      while (now < end || calls < minCalls) {
        operation.run();
        calls++;
        now = System.nanoTime();
      }
      lowest = Math.min(lowest, (double) (now - start) / calls);
    }
    return lowest;
  }

  /**
   * Seconds of warm-up before the figure at the size of index {@code size}: long at the first, so
   * that the compiler has done its work before the smallest size (the cheapest operations) is
   * timed, on a machine where the compiler threads share two cores with other work.
   */
  private static double warmup(int size) {
    return size == 0 ? 5.0 : 1.0;
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double[] asDoubles(int[] values) {
    return Arrays.stream(values).asDoubleStream().toArray();
  }

  /** A scratch directory on the RAM file system when there is one, else in the temp directory. */
  private static Path scratch(String prefix) throws IOException {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm)
        ? Files.createTempDirectory(shm, prefix)
        : Files.createTempDirectory(prefix);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
