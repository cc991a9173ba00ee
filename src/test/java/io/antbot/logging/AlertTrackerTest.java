package io.antbot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AlertTrackerTest {

  private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
  private final AlertTracker tracker = new AlertTracker("logging", 60_000, now::get);

  @Test
  @DisplayName("the first occurrence fires; repeats within the cooldown only count")
  void deduplicates() {
    Optional<Alert> first = tracker.fire("critical:Bot", "critical_event", "critical", "boom");
    assertThat(first)
        .get()
        .satisfies(
            alert -> {
              assertThat(alert.id()).isEqualTo("logging:critical:Bot");
              assertThat(alert.source()).isEqualTo("logging");
              assertThat(alert.state()).isEqualTo(Alert.FIRING);
              assertThat(alert.count()).isEqualTo(1);
              assertThat(alert.toJson().fieldNames())
                  .containsExactlyInAnyOrder(
                      "id",
                      "source",
                      "name",
                      "severity",
                      "state",
                      "message",
                      "at",
                      "first_seen",
                      "last_seen",
                      "count");
            });
    now.addAndGet(10_000);
    assertThat(tracker.fire("critical:Bot", "critical_event", "critical", "boom again")).isEmpty();
    assertThat(tracker.firing()).containsExactly("critical:Bot");
  }

  @Test
  @DisplayName(
      "a repeat after the cooldown publishes a reminder with the count and first/last seen")
  void remindsAfterCooldown() {
    Instant start = Instant.ofEpochMilli(now.get());
    tracker.fire("error_rate", "error_rate_high", "warning", "high");
    now.addAndGet(30_000);
    tracker.fire("error_rate", "error_rate_high", "warning", "high");
    now.addAndGet(30_000);
    Optional<Alert> reminder =
        tracker.fire("error_rate", "error_rate_high", "warning", "still high");
    assertThat(reminder)
        .get()
        .satisfies(
            alert -> {
              assertThat(alert.count()).isEqualTo(3);
              assertThat(alert.firstSeen()).isEqualTo(start);
              assertThat(alert.lastSeen()).isEqualTo(start.plusSeconds(60));
              assertThat(alert.message()).isEqualTo("still high");
            });
  }

  @Test
  @DisplayName(
      "resolving publishes once; resolving a condition that is not firing publishes nothing")
  void resolves() {
    tracker.fire("error_rate", "error_rate_high", "warning", "high");
    assertThat(tracker.resolve("error_rate", "back"))
        .get()
        .satisfies(alert -> assertThat(alert.state()).isEqualTo(Alert.RESOLVED));
    assertThat(tracker.resolve("error_rate", "back")).isEmpty();
    assertThat(tracker.fire("error_rate", "error_rate_high", "warning", "high again")).isPresent();
  }

  @Test
  @DisplayName("quiet conditions resolve after a cooldown without a new occurrence")
  void resolvesQuiet() {
    tracker.fire("critical:A", "critical_event", "critical", "a");
    now.addAndGet(50_000);
    tracker.fire("critical:B", "critical_event", "critical", "b");
    tracker.fire("error_rate", "error_rate_high", "warning", "high");
    now.addAndGet(10_000);
    assertThat(tracker.resolveQuiet(key -> key.startsWith("critical:"), "quiet"))
        .extracting(Alert::id)
        .containsExactly("logging:critical:A");
    assertThat(tracker.firing()).containsExactly("critical:B", "error_rate");
  }
}
