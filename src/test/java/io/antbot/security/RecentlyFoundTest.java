package io.antbot.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Recently found values in front of a bounded, expiring cache")
class RecentlyFoundTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicInteger made = new AtomicInteger();

  private RecentlyFound<int[]> front(int maxKeys) {
    return new RecentlyFound<>(
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfterAccess(Duration.ofSeconds(1))
            .ticker(now::get)
            .executor(Runnable::run),
        16,
        200_000_000L);
  }

  private int[] make(String key) {
    made.incrementAndGet();
    return new int[1];
  }

  @Test
  @DisplayName("a key keeps one value while in use, served by the front and by the cache in turn")
  void oneValuePerKey() {
    RecentlyFound<int[]> front = front(100);
    int[] first = front.get("a", this::make, now.get());
    for (int i = 0; i < 50; i++) {
      now.addAndGet(90_000_000L); // past the front's 200 ms several times, under the 1 s expiry
      assertThat(front.get("a", this::make, now.get())).isSameAs(first);
    }
    assertThat(made.get()).isEqualTo(1);
    // Many keys on 16 slots: each still has its own value.
    for (int i = 0; i < 64; i++) {
      int[] value = front.get("k" + i, this::make, now.get());
      value[0] = i;
    }
    for (int i = 0; i < 64; i++) {
      assertThat(front.get("k" + i, this::make, now.get())[0]).isEqualTo(i);
    }
  }

  @Test
  @DisplayName("a value the cache expired, evicted or dropped is never served from the front")
  void followsTheCache() {
    RecentlyFound<int[]> front = front(100);
    int[] expired = front.get("a", this::make, now.get());
    now.addAndGet(1_100_000_000L);
    front.cache().cleanUp();
    assertThat(front.get("a", this::make, now.get())).isNotSameAs(expired);

    int[] dropped = front.get("b", this::make, now.get());
    front.invalidate("b");
    assertThat(front.get("b", this::make, now.get())).isNotSameAs(dropped);

    // The bound shrinks at this very instant: whichever keys the cache evicts get new values,
    // though the front found them a moment ago.
    java.util.Map<String, int[]> before = new java.util.HashMap<>();
    for (int i = 0; i < 10; i++) {
      before.put("c" + i, front.get("c" + i, this::make, now.get()));
    }
    front.cache().policy().eviction().orElseThrow().setMaximum(1);
    long kept = before.keySet().stream().filter(front.cache().asMap()::containsKey).count();
    long same =
        before.entrySet().stream()
            .filter(e -> front.get(e.getKey(), this::make, now.get()) == e.getValue())
            .count();
    assertThat(same).isLessThanOrEqualTo(kept).isLessThanOrEqualTo(1);
  }

  @Test
  @DisplayName("the front's size must be a power of two")
  void slots() {
    assertThatThrownBy(() -> new RecentlyFound<>(Caffeine.newBuilder(), 12, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName(
      "addresses that differ in their last characters spread over the front: 1,024 of them on"
          + " 4,096 slots go back to the cache less than 3 % of the time")
  void similarKeysSpread() {
    RecentlyFound<int[]> front =
        new RecentlyFound<>(
            Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterAccess(Duration.ofSeconds(60))
                .ticker(now::get)
                .executor(Runnable::run)
                .recordStats(),
            4096,
            200_000_000L);
    String[] keys = new String[1024];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "198.51." + (i >>> 8) + "." + (i & 255);
      front.get(keys[i], this::make, now.get());
    }
    long before = front.cache().stats().requestCount();
    for (int round = 0; round < 10; round++) {
      for (String key : keys) {
        front.get(key, this::make, now.get());
      }
    }
    long cacheReads = front.cache().stats().requestCount() - before;
    // With the hash's high half folded into its low one (before), 66 of these keys found no slot of
    // their own and went to the cache on each lookup: 6.4 %.
    assertThat(cacheReads).isLessThan(keys.length * 10 * 3 / 100);
    assertThat(made.get()).isEqualTo(keys.length);
  }
}
