package io.antbot.security.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AuditAggregatorTest {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  @DisplayName(
      "the first event per subject and interval is written, repeats are counted into one summary")
  void foldsRepeats() {
    AuditAggregator aggregator = new AuditAggregator(Duration.ofSeconds(10));
    assertThat(aggregator.record("rate_limited", "ip:a", T0).writeNow()).isTrue();
    for (int i = 1; i <= 99; i++) {
      assertThat(aggregator.record("rate_limited", "ip:a", T0.plusMillis(i * 10L)).writeNow())
          .isFalse();
    }
    assertThat(aggregator.record("rate_limited", "ip:b", T0.plusSeconds(1)).writeNow()).isTrue();
    assertThat(aggregator.record("ip_denied", "ip:a", T0.plusSeconds(1)).writeNow()).isTrue();
    assertThat(aggregator.flush(T0.plusSeconds(5))).isEmpty();

    AuditAggregator.Decision next = aggregator.record("rate_limited", "ip:a", T0.plusSeconds(10));
    assertThat(next.writeNow()).isTrue();
    assertThat(next.summaries())
        .singleElement()
        .satisfies(
            summary -> {
              assertThat(summary.type()).isEqualTo("rate_limited_repeated");
              assertThat(summary.fields().getLong("count")).isEqualTo(99);
              assertThat(summary.fields().getString("subject")).isEqualTo("ip:a");
              assertThat(summary.fields().getString("to")).isEqualTo(T0.plusMillis(990).toString());
            });
    assertThat(aggregator.flush(T0.plusSeconds(30))).isEmpty();
  }

  @Test
  @DisplayName(
      "the number of open windows is bounded: a flood from many subjects closes them all first")
  void boundedWindows() {
    AuditAggregator aggregator = new AuditAggregator(Duration.ofSeconds(10));
    aggregator.record("rate_limited", "ip:first", T0);
    aggregator.record("rate_limited", "ip:first", T0);
    int summaries = 0;
    for (int i = 0; i < AuditAggregator.MAX_WINDOWS + 5; i++) {
      summaries += aggregator.record("rate_limited", "ip:" + i, T0).summaries().size();
    }
    assertThat(summaries).isEqualTo(1);
  }
}
