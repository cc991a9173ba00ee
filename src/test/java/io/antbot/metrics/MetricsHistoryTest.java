package io.antbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Metrics history: the last hour in a bounded ring")
class MetricsHistoryTest {

  private static TreeMap<Double, Double> histogram(Map<Double, Double> counts) {
    return new TreeMap<>(counts);
  }

  @Test
  @DisplayName("p95 is interpolated inside the bucket where 95% of the new observations fall")
  void p95() {
    TreeMap<Double, Double> before =
        histogram(Map.of(10.0, 0.0, 100.0, 0.0, Double.POSITIVE_INFINITY, 0.0));
    TreeMap<Double, Double> now =
        histogram(Map.of(10.0, 50.0, 100.0, 100.0, Double.POSITIVE_INFINITY, 100.0));
    // 95 of 100: 45 into the 50 observations between 10 and 100 ms.
    assertThat(MetricsHistory.p95(before, now)).isCloseTo(10 + 90 * 45.0 / 50, within(1e-9));
    assertThat(MetricsHistory.p95(now, now)).as("nothing new").isNull();
    TreeMap<Double, Double> slow =
        histogram(Map.of(10.0, 50.0, 100.0, 100.0, Double.POSITIVE_INFINITY, 200.0));
    assertThat(MetricsHistory.p95(now, slow)).as("beyond the last bound").isEqualTo(100.0);
  }

  @Test
  @DisplayName("the ring keeps one hour of points and drops the oldest; limit returns the newest")
  void bounded() {
    MetricsHistory history = new MetricsHistory(new SimpleMeterRegistry(), () -> null);
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < MetricsHistory.CAPACITY + 10; i++) {
      history.sample(start.plusSeconds(i * (long) MetricsHistory.INTERVAL_S));
    }
    assertThat(history.size()).isEqualTo(MetricsHistory.CAPACITY);
    JsonObject last = history.toJson(2);
    assertThat(last.getJsonArray("points")).hasSize(2);
    assertThat(last.getJsonArray("points").getJsonObject(1).getString("at"))
        .isEqualTo(
            start
                .plusSeconds((MetricsHistory.CAPACITY + 9) * (long) MetricsHistory.INTERVAL_S)
                .toString());
    JsonObject point = last.getJsonArray("points").getJsonObject(0);
    assertThat(point.getDouble("trades")).isZero();
    assertThat(point.getValue("process_cpu")).as("no system sample yet").isNull();
    assertThat(point.getValue("latency_p95_ms")).isNull();
  }
}
