package io.antbot.security.ratelimit;

import io.github.bucket4j.Bucket;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A full rate-limit decision — key lookup in the bounded Caffeine map, Bucket4j consumption,
 * decision with header values — against a bare Bucket4j {@code tryConsume} on one bucket held in a
 * field. Both buckets are large enough that nothing is refused; the decision cycles over 1,024 keys
 * (one IP each).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class RateLimiterBenchmark {

  private RateLimiter limiter;
  private Bucket bucket;
  private String[] keys;
  private int next;

  @Setup
  public void setUp() {
    JsonObject policy = new JsonObject().put("capacity", 1_000_000_000L).put("period_s", 1);
    limiter =
        new RateLimiter(
            RateLimitOptions.fromJson(
                new JsonObject()
                    .put(
                        "policies",
                        new JsonObject()
                            .put("ip", policy)
                            .put("user", policy)
                            .put("login", policy)
                            .put("bot", policy))));
    bucket =
        Bucket.builder()
            .addLimit(
                limit ->
                    limit
                        .capacity(1_000_000_000L)
                        .refillGreedy(1_000_000_000L, Duration.ofSeconds(1)))
            .build();
    keys = new String[1024];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "198.51." + (i >>> 8) + "." + (i & 255);
    }
  }

  @Benchmark
  public boolean decision_ours() {
    String key = keys[next++ & 1023];
    return limiter.check(key, "ip", 1).allowed();
  }

  @Benchmark
  public boolean decision_baseline() {
    return bucket.tryConsume(1);
  }
}
