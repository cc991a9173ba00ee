package io.antbot.security.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final RateLimiter limiter = new RateLimiter(RateLimitOptions.defaults(), now::get);

  private void advanceSeconds(long seconds) {
    now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
  }

  @Test
  @DisplayName(
      "a check reads the clock once, for the key's expiry and its bucket alike; a request's three"
          + " checks read it once")
  void oneClockReadPerCheck() {
    AtomicLong reads = new AtomicLong();
    RateLimiter counted =
        new RateLimiter(
            RateLimitOptions.defaults(),
            () -> {
              reads.incrementAndGet();
              return now.get();
            });
    counted.check("203.0.113.7", "login", 1);
    reads.set(0);
    for (int i = 0; i < 3; i++) {
      assertThat(counted.check("203.0.113.7", "login", 1).allowed()).isTrue();
    }
    assertThat(reads.get()).isEqualTo(3);
    reads.set(0);
    RateLimitDecision request = counted.checkRequest("203.0.113.7", "alice", "login").orElseThrow();
    assertThat(request.allowed()).isTrue();
    assertThat(counted.check("alice", "user", 1).remaining())
        .as("the request took a token from the user's bucket too")
        .isEqualTo(counted.policyFor("user", 1).capacity() - 2);
    assertThat(reads.get()).as("one read for the request, one for the check after it").isEqualTo(2);
  }

  @Test
  @DisplayName(
      "threads racing on one key's bucket take exactly its capacity: not a token more, none lost,"
          + " and each allowed check saw a different remaining count")
  void racingChecksTakeExactlyTheCapacity() throws Exception {
    long capacity = 200_000;
    JsonObject options = RateLimitOptions.defaults().toJson();
    options
        .getJsonObject("policies")
        .put("bot", new JsonObject().put("capacity", capacity).put("period_s", 3600));
    RateLimiter shared = new RateLimiter(RateLimitOptions.fromJson(options), now::get);
    int threads = 4;
    long perThread = capacity / threads + 20_000;
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<List<Long>>> results = new ArrayList<>();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Long> remaining = new ArrayList<>();
                  for (long i = 0; i < perThread; i++) {
                    RateLimitDecision decision = shared.check("203.0.113.9", "bot", 1);
                    if (decision.allowed()) {
                      remaining.add(decision.remaining());
                    }
                  }
                  return remaining;
                }));
      }
      start.countDown();
      java.util.Set<Long> seen = new java.util.HashSet<>();
      long allowed = 0;
      for (java.util.concurrent.Future<List<Long>> result : results) {
        List<Long> remaining = result.get(60, TimeUnit.SECONDS);
        allowed += remaining.size();
        seen.addAll(remaining);
      }
      assertThat(allowed).isEqualTo(capacity);
      assertThat(seen).hasSize((int) capacity);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName(
      "login allows 5 per minute per IP; the sixth gets exact Retry-After and RateLimit headers")
  void loginHeaders() {
    for (int i = 0; i < 5; i++) {
      RateLimitDecision allowed = limiter.check("203.0.113.7", "login", 1);
      assertThat(allowed.allowed()).isTrue();
      assertThat(allowed.remaining()).isEqualTo(4 - i);
    }
    RateLimitDecision refused = limiter.check("203.0.113.7", "login", 1);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterHeader()).isEqualTo("12");
    assertThat(refused.policyHeader()).isEqualTo("\"login\";q=5;w=60");
    assertThat(refused.rateLimitHeader()).isEqualTo("\"login\";r=0;t=60");
    assertThat(refused.toJson())
        .isEqualTo(
            new JsonObject()
                .put("allowed", false)
                .put("remaining", 0)
                .put("retry_after_s", 12)
                .put("policy", "login")
                .put("limit", 5)
                .put("window_s", 60)
                .put("reset_s", 60));

    advanceSeconds(5);
    RateLimitDecision stillRefused = limiter.check("203.0.113.7", "login", 1);
    assertThat(stillRefused.retryAfterHeader()).isEqualTo("7");
    assertThat(stillRefused.rateLimitHeader()).isEqualTo("\"login\";r=0;t=55");
    advanceSeconds(7);
    assertThat(limiter.check("203.0.113.7", "login", 1).allowed()).isTrue();
    assertThat(limiter.check("198.51.100.1", "login", 1).remaining())
        .as("another IP has its own bucket")
        .isEqualTo(4);
  }

  @Test
  @DisplayName(
      "a request is checked against its route class, then the user, then the IP, stopping at a refusal")
  void requestChecks() {
    RateLimitDecision first = limiter.checkRequest("203.0.113.7", "alice", "login").orElseThrow();
    assertThat(first.policy().name())
        .as("the decision with the least quota left")
        .isEqualTo("login");
    for (int i = 0; i < 4; i++) {
      limiter.checkRequest("203.0.113.7", "alice", "login");
    }
    RateLimitDecision refused = limiter.checkRequest("203.0.113.7", "alice", "login").orElseThrow();
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.policy().name()).isEqualTo("login");
    assertThat(limiter.check("203.0.113.7", "ip", 1).remaining())
        .as("refusal stopped before the IP check")
        .isEqualTo(300 - 5 - 1);
    assertThat(limiter.checkRequest("203.0.113.7", null, "orders").orElseThrow().policy().name())
        .isEqualTo("ip");
  }

  @Test
  @DisplayName("one million distinct IPs never hold more buckets than max_keys")
  void boundedUnderDistinctKeys() {
    limiter.update(RateLimitOptions.fromJson(new JsonObject().put("max_keys", 10_000)));
    for (int i = 0; i < 1_000_000; i++) {
      limiter.check(
          (10 + (i >>> 24)) + "." + ((i >>> 16) & 255) + "." + ((i >>> 8) & 255) + "." + (i & 255),
          "ip",
          1);
    }
    assertThat(limiter.keyCount("ip")).isLessThanOrEqualTo(10_000).isGreaterThan(0);
    assertThat(limiter.keyCount("login")).isZero();
  }

  @Test
  @DisplayName(
      "a key's bucket is the cache's: a busy key keeps its bucket, one the cache evicted starts"
          + " full at once, however recently it was checked")
  void recentBucketsFollowTheCache() {
    String busy = "203.0.113.7";
    // login: 5 tokens, 5 a minute. Checks 300 ms apart: the key is found again and again in the
    // cache, always the same bucket.
    for (long left = 4; left >= 0; left--) {
      assertThat(limiter.check(busy, "login", 1).remaining()).isEqualTo(left);
      now.addAndGet(TimeUnit.MILLISECONDS.toNanos(300));
    }
    assertThat(limiter.check(busy, "login", 1).allowed()).isFalse();

    // Ten keys spend 4 of 5 at this instant; the bound shrinks to one key, so the cache evicts
    // nine. An evicted key starts with a full bucket even though it was checked a moment ago.
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      keys.add("198.51.100." + i);
      limiter.check(keys.get(i), "login", 4);
    }
    limiter.update(RateLimitOptions.fromJson(new JsonObject().put("max_keys", 1)));
    assertThat(limiter.keyCount("login")).isEqualTo(1);
    long full =
        keys.stream().filter(key -> limiter.check(key, "login", 1).remaining() == 4).count();
    assertThat(full).isGreaterThanOrEqualTo(9);
  }

  @Test
  @DisplayName("idle keys expire, and an expired key starts with a full bucket")
  void idleExpiry() {
    limiter.check("203.0.113.7", "login", 5);
    assertThat(limiter.keyCount("login")).isEqualTo(1);
    advanceSeconds(RateLimitOptions.defaults().idleExpiryS() + 1);
    assertThat(limiter.keyCount("login")).isZero();
  }

  @Test
  @DisplayName("limits change live and buckets keep their proportion of tokens")
  void liveUpdate() {
    limiter.check("bot-1", "bot", 600);
    JsonObject section =
        new JsonObject()
            .put(
                "policies",
                new JsonObject()
                    .put("bot", new JsonObject().put("capacity", 100).put("period_s", 60))
                    .put("ip", new JsonObject().put("capacity", 1).put("period_s", 1))
                    .put("user", new JsonObject().put("capacity", 1).put("period_s", 1))
                    .put("login", new JsonObject().put("capacity", 1).put("period_s", 60)));
    limiter.update(RateLimitOptions.fromJson(section));
    RateLimitDecision after = limiter.check("bot-1", "bot", 1);
    assertThat(after.remaining()).isEqualTo(49);
    assertThat(after.policyHeader()).isEqualTo("\"bot\";q=100;w=60");
    assertThat(limiter.check("x", "login", 1).allowed()).isTrue();
    assertThat(limiter.check("x", "login", 1).allowed()).isFalse();
  }

  @Test
  @DisplayName("unknown policies and impossible costs are refused with a precise text")
  void badChecks() {
    assertThatThrownBy(() -> limiter.check("k", "exchange", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy: unknown rate-limit policy \"exchange\" (known: bot, ip, login, user)");
    assertThatThrownBy(() -> limiter.check("k", "login", 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cost: expected 1 to 5 (the capacity of policy \"login\"), got 6");
  }

  @Test
  @DisplayName("when disabled everything passes")
  void disabled() {
    limiter.update(RateLimitOptions.fromJson(new JsonObject().put("enabled", false)));
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.check("203.0.113.7", "login", 1).allowed()).isTrue();
    }
  }

  @Test
  @DisplayName("validate lists every problem with its path")
  void validation() {
    JsonObject section =
        new JsonObject()
            .put("max_keys", 0)
            .put("ip_policy", "nope")
            .put(
                "policies",
                new JsonObject().put("ip", new JsonObject().put("capacity", "many")).put("bad", 3))
            .put("route_classes", new JsonObject().put("login", "missing"));
    assertThat(RateLimitOptions.fromJson(section).validate())
        .containsExactly(
            "security.rate_limits.max_keys: expected an integer from 1 to 100000000, got 0",
            "security.rate_limits.policies.ip.capacity: expected an integer from 1 to 1000000000, got \"many\"",
            "security.rate_limits.policies.bad: expected a map with capacity, refill and period_s, got 3",
            "security.rate_limits.ip_policy: no policy named \"nope\" (known: ip)",
            "security.rate_limits.user_policy: no policy named \"user\" (known: ip)",
            "security.rate_limits.default_policy: no policy named \"bot\" (known: ip)",
            "security.rate_limits.route_classes.login: no policy named \"missing\" (known: ip)");
  }
}
