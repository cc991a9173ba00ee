package io.antbot.security.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import io.antbot.security.RecentlyFound;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.MathType;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.local.ThreadUnsafeBucket;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Token-bucket rate limiting (Bucket4j) per key and named policy, with the per-key buckets held in
 * one bounded, expiring Caffeine cache per policy — so a flood of distinct keys (a million spoofed
 * IPs) costs at most {@link RateLimitOptions#maxKeys()} buckets per policy, and a flood on one
 * policy never evicts another's buckets. An evicted or expired key starts again with a full bucket:
 * memory is bounded at the price of forgetting the least recently and frequently seen keys.
 *
 * <p>Two entry points: {@link #check(String, String, long)} for one key and policy (what {@code
 * antbot.security.ratelimit.check} serves, e.g. a bot spending exchange API weight), and {@link
 * #checkRequest(String, String, String)} for an HTTP request (route class policy, then user, then
 * client IP).
 *
 * <p>Thread-safe. Time comes from an injectable nanosecond clock, so tests need no sleeping.
 */
public final class RateLimiter {

  private final LongSupplier nanoClock;
  private final TimeMeter meter;
  private final Ticker ticker;

  /**
   * The time of the latest check, as the bucket map (for idle expiry) and Bucket4j see it: each
   * would otherwise read the clock itself, and a read costs some 25 ns on this project's virtual
   * machines, as much as the rest of a check. A check reads the clock once ({@link #checkRequest}
   * once for all its checks) and stores the time only when it has moved by a millisecond or more:
   * policies refill over whole seconds and the headers carry whole seconds, so a millisecond is
   * fine enough; Bucket4j redoes its refill arithmetic only when the time has moved; and the event
   * loops checking at once do not write this shared field on every check. Entry points that are not
   * checks ({@link #update}, {@link #keyCount}) refresh it too. Written and read with opaque access
   * (no fence on the hot path); it moves forward but for a race between two checks (both read it
   * before either stores), which can take it back by less than the race's length — Bucket4j ignores
   * a time before a bucket's last refill.
   */
  @SuppressWarnings("unused") // accessed through TIME
  private long timeNanos;

  private static final VarHandle TIME;

  static {
    try {
      TIME = MethodHandles.lookup().findVarHandle(RateLimiter.class, "timeNanos", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Map<String, PolicyBuckets> byPolicy = new ConcurrentHashMap<>();
  private volatile RateLimitOptions options;

  /**
   * How long a bucket found in the cache is used without asking the cache again ({@link
   * RecentlyFound}): well under the shortest idle expiry (1 s, schema).
   */
  private static final long RECENT_NANOS = 200_000_000L;

  /** Keys whose buckets are kept in front of each policy's cache. */
  private static final int RECENT_SLOTS = 4096;

  private static final class PolicyBuckets {
    volatile RateLimitPolicy policy;
    volatile BucketConfiguration configuration;
    final RecentlyFound<Bucket> recent;
    final Cache<String, Bucket> buckets;

    /**
     * Makes a key's bucket on its first check; one instance per policy, so that a check allocates
     * no lambda. Every bucket of a policy shares the policy's configuration (Bucket4j's builder
     * makes one per bucket, 40 bytes: 346 bytes per client against 386 in {@code scaling.sh}). The
     * buckets lock rather than run lock-free: Bucket4j's lock-free bucket copies its state (64
     * bytes) on every consumption to compare-and-set it, while an uncontended lock changes the
     * state in place; a key's bucket is rarely checked by two threads at once. The lock is the
     * bucket's own monitor around Bucket4j's unsynchronized bucket ({@link #consume}, and {@link
     * #update} for a new configuration): Bucket4j's {@code SYNCHRONIZED} strategy gives each bucket
     * a {@code ReentrantLock}, two more objects per key to keep and to read on every check (with
     * them a decision took 63 ns against 57 without, {@code RateLimiterBenchmark}, 3 and 6 forks).
     * A spin lock in a field of the bucket measured the same as the monitor.
     */
    final Function<String, Bucket> newBucket;

    PolicyBuckets(
        RateLimitPolicy policy, RateLimitOptions options, Ticker ticker, TimeMeter meter) {
      this.policy = policy;
      this.configuration = policy.bucketConfiguration();
      this.newBucket =
          key ->
              new ThreadUnsafeBucket(
                  configuration, MathType.INTEGER_64_BITS, meter, BucketListener.NOPE);
      this.recent =
          RecentlyFound.bounded(
              options.maxKeys(), options.idleExpiryS(), ticker, RECENT_SLOTS, RECENT_NANOS);
      this.buckets = recent.cache();
    }
  }

  /**
   * @throws IllegalArgumentException listing every problem when {@code options} do not validate
   */
  public RateLimiter(RateLimitOptions options) {
    this(options, System::nanoTime);
  }

  /** With a nanosecond clock for tests (any origin; only differences count). */
  public RateLimiter(RateLimitOptions options, LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.meter =
        new TimeMeter() {
          /**
           * The time of the latest check ({@link #timeNanos}): it moves by a millisecond or more.
           */
          @Override
          public long currentTimeNanos() {
            return now();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        };
    this.ticker = this::now;
    TIME.setOpaque(this, nanoClock.getAsLong());
    update(options);
  }

  /**
   * Applies new options live: new policies get empty maps, removed ones are dropped, changed ones
   * carry each bucket's tokens over proportionally, and the per-key bound and idle expiry change in
   * place.
   */
  public synchronized void update(RateLimitOptions next) {
    var problems = next.validate();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    advanceTime();
    byPolicy.keySet().retainAll(next.policies().keySet());
    for (RateLimitPolicy policy : next.policies().values()) {
      PolicyBuckets current = byPolicy.get(policy.name());
      if (current == null) {
        byPolicy.put(policy.name(), new PolicyBuckets(policy, next, ticker, meter));
        continue;
      }
      if (!current.policy.equals(policy)) {
        var configuration = policy.bucketConfiguration();
        current.configuration = configuration;
        current.policy = policy;
        current
            .buckets
            .asMap()
            .values()
            .forEach(
                bucket -> {
                  synchronized (bucket) {
                    bucket.replaceConfiguration(
                        configuration, TokensInheritanceStrategy.PROPORTIONALLY);
                  }
                });
      }
      current.recent.resize(next.maxKeys(), next.idleExpiryS());
    }
    this.options = next;
  }

  public RateLimitOptions options() {
    return options;
  }

  public Set<String> policyNames() {
    return Set.copyOf(byPolicy.keySet());
  }

  /**
   * Takes {@code cost} tokens from {@code key}'s bucket under {@code policy}.
   *
   * @throws IllegalArgumentException when the policy is unknown or {@code cost} is not between 1
   *     and the policy's capacity (such a request could never succeed)
   */
  public RateLimitDecision check(String key, String policy, long cost) {
    return check(key, policy, cost, true);
  }

  /**
   * @param readClock whether to read the clock first; {@link #checkRequest} reads it once for its
   *     checks
   */
  private RateLimitDecision check(String key, String policy, long cost, boolean readClock) {
    PolicyBuckets state = byPolicy.get(policy);
    RateLimitPolicy current = checked(state, policy, cost);
    if (!options.enabled()) {
      return new RateLimitDecision(true, current, current.capacity(), 0, 0);
    }
    if (readClock) {
      advanceTime();
    }
    ConsumptionProbe probe = consume(state.recent.get(key, state.newBucket, now()), cost);
    long reset = seconds(probe.getNanosToWaitForReset());
    if (probe.isConsumed()) {
      return new RateLimitDecision(true, current, probe.getRemainingTokens(), 0, reset);
    }
    return new RateLimitDecision(
        false,
        current,
        probe.getRemainingTokens(),
        Math.max(1, seconds(probe.getNanosToWaitForRefill())),
        reset);
  }

  /** Takes {@code cost} tokens from an unsynchronized bucket, under the bucket's monitor. */
  private static ConsumptionProbe consume(Bucket bucket, long cost) {
    synchronized (bucket) {
      return bucket.tryConsumeAndReturnRemaining(cost);
    }
  }

  private long now() {
    return (long) TIME.getOpaque(this);
  }

  /**
   * Reads the clock into {@link #timeNanos} when it has moved by a millisecond or more since the
   * time stored.
   */
  private void advanceTime() {
    long read = nanoClock.getAsLong();
    if (read - (long) TIME.getOpaque(this) >= 1_000_000L) {
      TIME.setOpaque(this, read);
    }
  }

  /** Whether limits are applied at all ({@code security.rate_limits.enabled}). */
  public boolean enabled() {
    return options.enabled();
  }

  /**
   * The policy named {@code policy}, checked with {@code cost}.
   *
   * @throws IllegalArgumentException when the policy is unknown or {@code cost} is not between 1
   *     and the policy's capacity
   */
  public RateLimitPolicy policyFor(String policy, long cost) {
    return checked(byPolicy.get(policy), policy, cost);
  }

  private RateLimitPolicy checked(PolicyBuckets state, String policy, long cost) {
    if (state == null) {
      throw new IllegalArgumentException(
          "policy: unknown rate-limit policy \""
              + policy
              + "\" (known: "
              + String.join(", ", byPolicy.keySet().stream().sorted().toList())
              + ")");
    }
    RateLimitPolicy current = state.policy;
    if (cost < 1 || cost > current.capacity()) {
      throw new IllegalArgumentException(
          "cost: expected 1 to "
              + current.capacity()
              + " (the capacity of policy \""
              + policy
              + "\"), got "
              + cost);
    }
    return current;
  }

  /**
   * The checks of one HTTP request, strictest first: the route class's policy per client IP (e.g.
   * {@code login}), then the user policy per authenticated user, then the IP policy per client IP.
   * Stops at the first refusal and returns it; when all allow, returns the decision with the least
   * quota left (for the response headers). Reads the clock once for all its checks.
   *
   * @param user the authenticated user, or {@code null}
   * @param routeClass the route's class, or {@code null}
   * @return empty when no policy applies
   */
  public Optional<RateLimitDecision> checkRequest(String clientIp, String user, String routeClass) {
    RateLimitOptions current = options;
    advanceTime();
    String routePolicy = routeClass == null ? null : current.routeClasses().get(routeClass);
    RateLimitDecision binding = null;
    if (routePolicy != null && clientIp != null) {
      binding = check(clientIp, routePolicy, 1, false);
      if (!binding.allowed()) {
        return Optional.of(binding);
      }
    }
    if (user != null && !current.userPolicy().isEmpty()) {
      RateLimitDecision decision = check(user, current.userPolicy(), 1, false);
      if (!decision.allowed()) {
        return Optional.of(decision);
      }
      binding = tighter(binding, decision);
    }
    if (clientIp != null && !current.ipPolicy().isEmpty()) {
      RateLimitDecision decision = check(clientIp, current.ipPolicy(), 1, false);
      if (!decision.allowed()) {
        return Optional.of(decision);
      }
      binding = tighter(binding, decision);
    }
    return Optional.ofNullable(binding);
  }

  /** Of two allowing decisions, the one with the smaller share of its quota left. */
  private static RateLimitDecision tighter(RateLimitDecision binding, RateLimitDecision decision) {
    return binding == null
            || decision.remaining() * binding.policy().capacity()
                < binding.remaining() * decision.policy().capacity()
        ? decision
        : binding;
  }

  /** How many keys hold a bucket under {@code policy}, after pending evictions and expiries ran. */
  public long keyCount(String policy) {
    PolicyBuckets state = byPolicy.get(policy);
    if (state == null) {
      return 0;
    }
    advanceTime();
    state.buckets.cleanUp();
    return state.buckets.estimatedSize();
  }

  static long seconds(long nanos) {
    return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
  }
}
