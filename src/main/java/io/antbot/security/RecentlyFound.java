package io.antbot.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.function.Function;

/**
 * A bounded, expiring map of per-key state (a Caffeine cache: W-TinyLFU eviction, idle expiry)
 * with, in front of it, the values of recently looked-up keys, direct-mapped by the key's hash.
 *
 * <p>Why the front: the edge looks up per-client state several times per request (rate-limit
 * buckets per IP and per user, the spike detector's rate, the token's usage), and a Caffeine read
 * is correct but not free — each read is recorded for the eviction and expiry policies and replayed
 * in batches, a third of a rate-limit decision's cost ({@code RateLimiterBenchmark}). A key found
 * in the cache is served from the front for {@code freshNanos}, then goes through the cache again,
 * so the cache still sees every active key often enough to keep it (its access time and its
 * frequency are refreshed at least that often: keep {@code freshNanos} well under the idle expiry).
 * A value the cache evicts or expires is dropped from the front at once (the cache's eviction
 * listener, which runs on the evicting thread: maintenance runs on the caller), so a key never
 * keeps a value the cache has replaced beyond a lookup already under way. Caffeine has no such
 * front of its own; this is the small part written by hand.
 *
 * <p>Each key has two slots side by side (its hash's and the neighbour) so that two keys whose
 * hashes meet do not push each other out on every lookup. Slots are read and written without locks:
 * each holds one immutable entry, and a lost write only costs a later cache read. Thread-safe.
 */
public final class RecentlyFound<V> {

  private record Entry<V>(String key, V value, long foundNanos) {}

  private final Cache<String, V> cache;
  private final Entry<V>[] slots;
  private final int shift;
  private final long freshNanos;

  /**
   * @param builder the cache's settings (size bound, expiry, ticker); its eviction listener is set
   *     here
   * @param slots the front's size, a power of two
   * @param freshNanos how long a value found in the cache is served from the front
   */
  @SuppressWarnings("unchecked")
  public RecentlyFound(Caffeine<Object, Object> builder, int slots, long freshNanos) {
    if (Integer.bitCount(slots) != 1 || slots < 2) {
      throw new IllegalArgumentException("slots: expected a power of two, got " + slots);
    }
    this.slots = (Entry<V>[]) new Entry<?>[slots];
    this.shift = Integer.numberOfLeadingZeros(slots) + 1;
    this.freshNanos = freshNanos;
    this.cache =
        builder.evictionListener((String key, V value, RemovalCause cause) -> forget(key)).build();
  }

  /**
   * Per-key state bounded to {@code maxKeys} keys, each dropped after {@code idleExpiryS} seconds
   * unused, with time from {@code ticker} (nanoseconds). Cache maintenance (eviction, expiry) runs
   * on the calling thread: amortised O(1), the bound kept exactly without a shared pool, and an
   * evicted value cleared from the front at once.
   */
  public static <V> RecentlyFound<V> bounded(
      long maxKeys, long idleExpiryS, Ticker ticker, int slots, long freshNanos) {
    return new RecentlyFound<>(
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfterAccess(Duration.ofSeconds(idleExpiryS))
            .ticker(ticker)
            .executor(Runnable::run),
        slots,
        freshNanos);
  }

  /** Changes the bound and the idle expiry of a cache made by {@link #bounded}, in place. */
  public void resize(long maxKeys, long idleExpiryS) {
    cache.policy().eviction().ifPresent(eviction -> eviction.setMaximum(maxKeys));
    cache
        .policy()
        .expireAfterAccess()
        .ifPresent(expiry -> expiry.setExpiresAfter(Duration.ofSeconds(idleExpiryS)));
  }

  /** The cache behind the front, for its policy (bound, expiry) and maintenance. */
  public Cache<String, V> cache() {
    return cache;
  }

  /**
   * The value of {@code key}, made with {@code make} when the cache has none.
   *
   * @param now the time in the cache ticker's nanoseconds
   */
  public V get(String key, Function<String, V> make, long now) {
    int slot = slot(key);
    Entry<V> first = slots[slot];
    if (first != null && now - first.foundNanos() < freshNanos && first.key().equals(key)) {
      return first.value();
    }
    Entry<V> second = slots[slot ^ 1];
    if (second != null && now - second.foundNanos() < freshNanos && second.key().equals(key)) {
      return second.value();
    }
    V value = cache.get(key, make);
    boolean firstTaken =
        first != null && now - first.foundNanos() < freshNanos && !first.key().equals(key);
    slots[firstTaken ? slot ^ 1 : slot] = new Entry<>(key, value, now);
    return value;
  }

  /** Drops {@code key}'s value from the cache and the front. */
  public void invalidate(String key) {
    forget(key);
    cache.invalidate(key);
    forget(key);
  }

  /**
   * The slot of {@code key}: Fibonacci hashing (the hash times 2^32 divided by the golden ratio,
   * top bits kept). Keys of the edge differ in their last characters ({@code 198.51.0.17}, {@code
   * user-42}), where {@code String.hashCode} varies only its low bits. With the high half folded
   * into the low one, 66 of 1,024 such addresses found both slots of their pair taken (each then a
   * cache read on every lookup); with the multiplication 10 (random addresses: 31 either way).
   */
  private int slot(String key) {
    return (key.hashCode() * 0x9E3779B9) >>> shift;
  }

  private void forget(String key) {
    int slot = slot(key);
    clear(slot, key);
    clear(slot ^ 1, key);
  }

  private void clear(int slot, String key) {
    Entry<V> held = slots[slot];
    if (held != null && held.key().equals(key)) {
      slots[slot] = null;
    }
  }
}
