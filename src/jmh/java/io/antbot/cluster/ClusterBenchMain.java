package io.antbot.cluster;

import io.antbot.client.ConfigClient;
import io.antbot.client.ConfigView;
import io.antbot.security.ratelimit.ClusterRateLimits;
import io.antbot.security.ratelimit.RateLimitOptions;
import io.antbot.security.ratelimit.RateLimitPolicy;
import io.antbot.security.ratelimit.RateLimiter;
import io.antbot.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The cluster benchmarks, run in their own JVM as a bots node joined to a core node that {@code
 * scripts/bench.d/cluster.sh} started:
 *
 * <ol>
 *   <li>request/reply from this node to the core node: {@code ConfigClient.get} against a bare
 *       consumer on the same core node ({@link EchoBot}), 16 requests in flight, rounds by turns;
 *   <li>propagation: a {@code PUT /api/v1/config/...} on the core node until this node's {@link
 *       ConfigView} has the value, p50 and p95 of 200 changes once the JVMs are warm (after 1,000
 *       changes), and of changes 21 to 220 after the start (cold);
 *   <li>a rate-limit decision on the cluster's buckets ({@link ClusterRateLimits}, Bucket4j's
 *       Hazelcast backend, the map shared by this JVM and the core node) against the local one
 *       ({@link RateLimiter}, what a node decides alone): decisions per second and the p99 latency
 *       of one decision, rounds by turns.
 * </ol>
 *
 * <p>Arguments: {@code <core hazelcast port> <own hazelcast port> <http port> <token> <secret>}.
 * Prints markdown rows.
 */
public final class ClusterBenchMain {

  private static final int IN_FLIGHT = 16;
  private static final int ROUNDS = 7;
  private static final long ROUND_MS = 3_000;

  private ClusterBenchMain() {}

  public static void main(String[] args) throws Exception {
    // As the runtime's Main does: Hazelcast's async callbacks on a pool, not a thread each.
    AsyncCompletions.ensurePool();
    int corePort = Integer.parseInt(args[0]);
    int ownPort = Integer.parseInt(args[1]);
    int httpPort = Integer.parseInt(args[2]);
    String token = args[3];
    String secret = args[4];
    ClusterOptions options =
        ClusterOptions.fromJson(
            new JsonObject()
                .put("enabled", true)
                .put("secret", secret)
                .put("members", new io.vertx.core.json.JsonArray().add("127.0.0.1:" + corePort))
                .put("port", ownPort)
                .put("node_name", "bench")
                .put("role", "bots"),
            "bench");
    long joinStarted = System.nanoTime();
    Vertx vertx =
        Vertx.builder()
            .with(HazelcastSetup.eventBus(new io.vertx.core.VertxOptions(), options))
            .withClusterManager(
                new HazelcastClusterManager(HazelcastSetup.hazelcast(options, Instant.now())))
            .buildClustered()
            .await();
    double joinMs = (System.nanoTime() - joinStarted) / 1e6;
    try {
      ConfigClient client = new ConfigClient(vertx, 5_000);
      Set<String> sections = sections(System.getenv("CLUSTER_BENCH"));
      if (sections.contains("rpc")) {
        requestReply(vertx, client);
      }
      if (sections.contains("propagation")) {
        propagation(vertx, client, httpPort, token);
      }
      if (sections.contains("ratelimit")) {
        rateLimits(vertx);
      }
      if (sections.contains("join")) {
        System.out.printf(
            "| a bots node joining a one-member cluster (Hazelcast TCP-IP on loopback, clustered Vert.x built) | %.0f | | ms | |%n",
            joinMs);
      }
    } finally {
      vertx.close().await();
    }
  }

  /**
   * The sections {@code CLUSTER_BENCH} names (comma-separated among rpc, propagation, ratelimit,
   * join, and forming, which {@code cluster.sh} runs), all of them when it is not set: to run one
   * row while working on it.
   */
  private static Set<String> sections(String names) {
    Set<String> all = Set.of("rpc", "propagation", "ratelimit", "join", "forming");
    if (names == null || names.isBlank()) {
      return all;
    }
    Set<String> chosen = Set.of(names.split(","));
    if (!all.containsAll(chosen)) {
      throw new IllegalArgumentException(
          "CLUSTER_BENCH: expected some of " + all + ", got " + names);
    }
    return chosen;
  }

  private static void requestReply(Vertx vertx, ConfigClient client) throws Exception {
    DeliveryOptions timeout = new DeliveryOptions().setSendTimeout(5_000);
    Supplier<Future<?>> ours = () -> client.get("trading.max_position_size");
    Supplier<Future<?>> bare =
        () ->
            vertx
                .eventBus()
                .request(
                    "bench.echo",
                    new JsonObject().put("key", "trading.max_position_size"),
                    timeout);
    // warm-up
    rate(vertx, ours, 3_000);
    rate(vertx, bare, 3_000);
    double[] o = new double[ROUNDS];
    double[] b = new double[ROUNDS];
    double[] r = new double[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      o[i] = rate(vertx, ours, ROUND_MS);
      b[i] = rate(vertx, bare, ROUND_MS);
      r[i] = o[i] / b[i];
    }
    System.out.printf(
        "| typed client `ConfigClient.get` from a bots node to a core node vs a bare clustered echo consumer on the same core node (two JVMs, %d in flight, %d rounds of %d s by turns; medians, ratio = median of per-round ratios) | %.0f | %.0f | req/s | %.2f |%n",
        IN_FLIGHT, ROUNDS, ROUND_MS / 1000, median(o), median(b), median(r));
  }

  private static void propagation(Vertx vertx, ConfigClient client, int httpPort, String token)
      throws Exception {
    ConfigView view = ConfigView.open(vertx, client).await();
    HttpClient http = HttpClient.newHttpClient();
    List<Double> latencies = new ArrayList<>();
    List<Double> replies = new ArrayList<>();
    List<Double> cold = new ArrayList<>();
    for (int i = 0; i < WARM_FROM + CHANGES; i++) {
      double value = 0.2 + (i % 500) / 10_000.0 + (i % 2) * 0.05;
      // The clock stops when the view has the value (the propagation), which is usually before
      // the writer's reply (the writing node keeps its disk copy and history first): the reply's
      // own latency is the second row.
      CompletableFuture<Long> seen = new CompletableFuture<>();
      Runnable stop =
          view.onChange(
              "trading.max_position_size",
              changes -> {
                if (Double.valueOf(value).equals(view.getDouble("trading.max_position_size", -1))) {
                  seen.complete(System.nanoTime());
                }
              });
      long started = System.nanoTime();
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + httpPort
                              + "/api/v1/config/trading.max_position_size"))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .PUT(
                      HttpRequest.BodyPublishers.ofString(
                          new JsonObject().put("value", value).encode()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long answered = System.nanoTime();
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "PUT answered " + response.statusCode() + ": " + response.body());
      }
      long seenAt = seen.get(10, TimeUnit.SECONDS);
      stop.run();
      if (i >= COLD_FROM && i < COLD_FROM + CHANGES) {
        cold.add((seenAt - started) / 1e6);
      }
      if (i >= WARM_FROM) {
        latencies.add((seenAt - started) / 1e6);
        replies.add((answered - started) / 1e6);
      }
    }
    double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] reply = replies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] coldSorted = cold.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(
        "| config change propagation: `PUT /api/v1/config/{key}` sent to a core node → `ConfigView` updated on a bots node, p50 / p95 of %d changes after %,d warm-up changes (anchor: Spring Cloud Bus, refreshes of 30–50 s reported under load) | %.1f / %.1f | 30000 / 50000 | ms | %.0f / %.0f |%n",
        CHANGES, WARM_FROM, p50(sorted), p95(sorted), 30_000 / p50(sorted), 50_000 / p95(sorted));
    System.out.printf(
        "| the same, cold: changes %d to %d after the nodes started | %.1f / %.1f | 30000 / 50000 | ms | %.0f / %.0f |%n",
        COLD_FROM + 1,
        COLD_FROM + CHANGES,
        p50(coldSorted),
        p95(coldSorted),
        30_000 / p50(coldSorted),
        50_000 / p95(coldSorted));
    System.out.printf(
        "| the warm PUTs' replies to the writer (after the cluster write, the broadcast, the node's fsynced disk copy and history), p50 / p95 | %.1f / %.1f | | ms | |%n",
        p50(reply), p95(reply));
  }

  /** Changes measured in each window. */
  private static final int CHANGES = 200;

  /** The cold window starts here (the first changes load classes). */
  private static final int COLD_FROM = 20;

  /**
   * The warm window starts here: until then the JIT compilers of both JVMs are busy with the
   * change's path, and on two cores they take the CPU the change needs (a runtime that has been up
   * for a while is past this).
   */
  private static final int WARM_FROM = 1_000;

  private static double p50(double[] sorted) {
    return sorted[sorted.length / 2];
  }

  private static double p95(double[] sorted) {
    return sorted[(int) Math.ceil(sorted.length * 0.95) - 1];
  }

  /** Keys the rate-limit rounds go through: spread over the partitions of both members. */
  private static final int RATE_LIMIT_KEYS = 64;

  private static final int RATE_LIMIT_ROUNDS = 5;
  private static final long RATE_LIMIT_ROUND_MS = 2_000;

  /**
   * The cluster-wide rate-limit decision against the local one, on a policy no key exhausts (the
   * decision's cost, not refusals): the cluster's with {@value #IN_FLIGHT} in flight from an event
   * loop, as the security service takes them; the local one on one thread, as the service decides
   * it inline. Each decision timed; rounds by turns; medians.
   */
  private static void rateLimits(Vertx vertx) throws Exception {
    RateLimitOptions options =
        RateLimitOptions.fromJson(
            new JsonObject()
                .put(
                    "policies",
                    new JsonObject()
                        .put(
                            "bench",
                            new JsonObject()
                                .put("capacity", 1_000_000_000)
                                .put("refill", 1_000_000_000)
                                .put("period_s", 1)))
                .put("ip_policy", "")
                .put("user_policy", "")
                .put("route_classes", new JsonObject())
                .put("default_policy", "bench"));
    RateLimiter local = new RateLimiter(options);
    RateLimitPolicy policy = local.policyFor("bench", 1);
    ClusterRateLimits shared = new ClusterRateLimits(VertxInternals.hazelcast(vertx));
    String[] keys = new String[RATE_LIMIT_KEYS];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "bench-" + i;
    }
    Context context = vertx.getOrCreateContext();
    AtomicLong next = new AtomicLong();
    Supplier<Future<?>> clusterCheck =
        () -> shared.check(context, keys[(int) (next.incrementAndGet() % keys.length)], policy, 1);
    // warm-up
    timedCluster(vertx, clusterCheck, 3_000);
    timedLocal(local, keys, 3_000);
    double[] clusterRate = new double[RATE_LIMIT_ROUNDS];
    double[] localRate = new double[RATE_LIMIT_ROUNDS];
    double[] ratio = new double[RATE_LIMIT_ROUNDS];
    double[] clusterP99 = new double[RATE_LIMIT_ROUNDS];
    double[] localP99 = new double[RATE_LIMIT_ROUNDS];
    for (int i = 0; i < RATE_LIMIT_ROUNDS; i++) {
      Timed cluster = timedCluster(vertx, clusterCheck, RATE_LIMIT_ROUND_MS);
      Timed alone = timedLocal(local, keys, RATE_LIMIT_ROUND_MS);
      clusterRate[i] = cluster.perSecond();
      localRate[i] = alone.perSecond();
      ratio[i] = clusterRate[i] / localRate[i];
      clusterP99[i] = cluster.p99Micros();
      localP99[i] = alone.p99Micros();
    }
    System.out.printf(
        "| rate-limit decision on the cluster's buckets (`ClusterRateLimits`, Bucket4j Hazelcast backend, 2-member cluster, %d keys over both members' partitions, %d in flight) vs the local decision (`RateLimiter.check`, one thread); %d rounds of %d s by turns, medians, ratio = median of per-round ratios | %.0f | %.0f | decisions/s | %.4f |%n",
        RATE_LIMIT_KEYS,
        IN_FLIGHT,
        RATE_LIMIT_ROUNDS,
        RATE_LIMIT_ROUND_MS / 1000,
        median(clusterRate),
        median(localRate),
        median(ratio));
    System.out.printf(
        "| rate-limit decision p99 latency: cluster (as above, %d in flight) vs local | %.1f | %.2f | µs | %.4f |%n",
        IN_FLIGHT, median(clusterP99), median(localP99), median(localP99) / median(clusterP99));
  }

  /** Decisions completed per second and the latency of each, in nanoseconds. */
  private record Timed(double perSecond, long[] nanos, int count) {
    double p99Micros() {
      long[] sorted = Arrays.copyOf(nanos, count);
      Arrays.sort(sorted);
      return sorted[Math.max(0, (int) Math.ceil(count * 0.99) - 1)] / 1e3;
    }
  }

  private static Timed timedLocal(RateLimiter local, String[] keys, long ms) {
    long[] nanos = new long[1 << 20];
    int count = 0;
    long started = System.nanoTime();
    long deadline = started + ms * 1_000_000;
    long done = 0;
    long now = started;
    while (now < deadline) {
      long before = System.nanoTime();
      if (!local.check(keys[(int) (done % keys.length)], "bench", 1).allowed()) {
        throw new IllegalStateException("the bench policy refused a decision");
      }
      now = System.nanoTime();
      if (count < nanos.length) {
        nanos[count++] = now - before;
      }
      done++;
    }
    return new Timed(done / ((now - started) / 1e9), nanos, count);
  }

  private static Timed timedCluster(Vertx vertx, Supplier<Future<?>> check, long ms)
      throws Exception {
    long[] nanos = new long[1 << 20];
    java.util.concurrent.atomic.AtomicInteger count =
        new java.util.concurrent.atomic.AtomicInteger();
    Supplier<Future<?>> timed =
        () -> {
          long before = System.nanoTime();
          return check
              .get()
              .onSuccess(
                  decision -> {
                    int i = count.getAndIncrement();
                    if (i < nanos.length) {
                      nanos[i] = System.nanoTime() - before;
                    }
                  });
        };
    double perSecond = rate(vertx, timed, ms);
    return new Timed(perSecond, nanos, Math.min(count.get(), nanos.length));
  }

  /** Requests per second with {@value #IN_FLIGHT} in flight for {@code ms}. */
  private static double rate(Vertx vertx, Supplier<Future<?>> request, long ms) throws Exception {
    AtomicLong done = new AtomicLong();
    long deadline = System.nanoTime() + ms * 1_000_000;
    Promise<Void> finished = Promise.promise();
    AtomicLong active = new AtomicLong(IN_FLIGHT);
    vertx.runOnContext(
        v -> {
          for (int i = 0; i < IN_FLIGHT; i++) {
            loop(request, done, deadline, active, finished);
          }
        });
    long started = System.nanoTime();
    finished.future().await();
    return done.get() / ((System.nanoTime() - started) / 1e9);
  }

  private static void loop(
      Supplier<Future<?>> request,
      AtomicLong done,
      long deadline,
      AtomicLong active,
      Promise<Void> finished) {
    if (System.nanoTime() >= deadline) {
      if (active.decrementAndGet() == 0) {
        finished.tryComplete();
      }
      return;
    }
    request
        .get()
        .onComplete(
            result -> {
              if (result.succeeded()) {
                done.incrementAndGet();
              }
              loop(request, done, deadline, active, finished);
            });
  }

  private static double median(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy[copy.length / 2];
  }
}
