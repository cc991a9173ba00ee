package io.antbot.security.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A full rate-limit decision — key lookup in the bounded Caffeine map, Bucket4j consumption,
 * decision with header values — against a bare Bucket4j {@code tryConsume} (default bucket
 * settings). Both sides hold 1,024 buckets and visit them in the same order, one per call: ours by
 * key (one IP each), the baseline by index into an array. (The baseline used to be one bucket in a
 * field, always hot in the CPU cache, against our 1,024.) All buckets are large enough that nothing
 * is refused.
 *
 * <p>A second pair, {@code decisionKeyed}, sets the same decision against Bucket4j behind a keyed
 * map as a keyed limiter built on these two libraries would hold it: a Caffeine cache with the
 * limiter's bound and idle expiry (maintenance on the caller), one default Bucket4j bucket per key,
 * {@code cache.get(key, make).tryConsume(1)}. The first pair's baseline finds its bucket by array
 * index; this one pays for the key's lookup as ours does.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class RateLimiterBenchmark {

  private static final int KEYS = 1024;

  private RateLimiter limiter;
  private Bucket[] buckets;
  private Cache<String, Bucket> keyed;
  private final Function<String, Bucket> newBucket = key -> bucket();
  private String[] keys;
  private int nextKey;
  private int nextBucket;

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
    keys = new String[KEYS];
    buckets = new Bucket[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "198.51." + (i >>> 8) + "." + (i & 255);
      buckets[i] = bucket();
      limiter.check(keys[i], "ip", 1);
    }
    RateLimitOptions options = limiter.options();
    keyed =
        Caffeine.newBuilder()
            .maximumSize(options.maxKeys())
            .expireAfterAccess(Duration.ofSeconds(options.idleExpiryS()))
            .executor(Runnable::run)
            .build();
    for (String key : keys) {
      keyed.get(key, newBucket).tryConsume(1);
    }
  }

  private static Bucket bucket() {
    return Bucket.builder()
        .addLimit(
            limit ->
                limit.capacity(1_000_000_000L).refillGreedy(1_000_000_000L, Duration.ofSeconds(1)))
        .build();
  }

  @Benchmark
  public boolean decision_ours() {
    String key = keys[nextKey++ & (KEYS - 1)];
    return limiter.check(key, "ip", 1).allowed();
  }

  @Benchmark
  public boolean decision_baseline() {
    return buckets[nextBucket++ & (KEYS - 1)].tryConsume(1);
  }

  @Benchmark
  public boolean decisionKeyed_ours() {
    return decision_ours();
  }

  @Benchmark
  public boolean decisionKeyed_baseline() {
    String key = keys[nextKey++ & (KEYS - 1)];
    return keyed.get(key, newBucket).tryConsume(1);
  }
}
