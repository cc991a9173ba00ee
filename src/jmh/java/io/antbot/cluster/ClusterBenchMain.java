package io.antbot.cluster;

import io.antbot.client.ConfigClient;
import io.antbot.client.ConfigView;
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
 *       ConfigView} has the value, 200 times, p50 and p95.
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

      ConfigView view = ConfigView.open(vertx, client).await();
      HttpClient http = HttpClient.newHttpClient();
      List<Double> latencies = new ArrayList<>();
      for (int i = 0; i < 220; i++) {
        double value = 0.2 + (i % 500) / 10_000.0 + (i % 2) * 0.05;
        CompletableFuture<Void> seen = new CompletableFuture<>();
        Runnable stop =
            view.onChange(
                "trading.max_position_size",
                changes -> {
                  if (Double.valueOf(value)
                      .equals(view.getDouble("trading.max_position_size", -1))) {
                    seen.complete(null);
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
        if (response.statusCode() != 200) {
          throw new IllegalStateException(
              "PUT answered " + response.statusCode() + ": " + response.body());
        }
        seen.get(10, TimeUnit.SECONDS);
        double ms = (System.nanoTime() - started) / 1e6;
        stop.run();
        if (i >= 20) {
          latencies.add(ms);
        }
      }
      double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf(
          "| config change propagation: `PUT /api/v1/config/{key}` on a core node → `ConfigView` updated on a bots node, p50 / p95 of 200 changes (anchor: Spring Cloud Bus, refreshes of 30–50 s reported under load) | %.1f / %.1f | 30000 / 50000 | ms | %.0f / %.0f |%n",
          sorted[sorted.length / 2],
          sorted[(int) Math.ceil(sorted.length * 0.95) - 1],
          30_000 / sorted[sorted.length / 2],
          50_000 / sorted[(int) Math.ceil(sorted.length * 0.95) - 1]);
      System.out.printf(
          "| a bots node joining a one-member cluster (Hazelcast TCP-IP on loopback, clustered Vert.x built) | %.0f | | ms | |%n",
          joinMs);
    } finally {
      vertx.close().await();
    }
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
