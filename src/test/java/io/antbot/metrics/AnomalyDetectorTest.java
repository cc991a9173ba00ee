package io.antbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.antbot.bus.AlertEvent;
import io.antbot.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AnomalyDetectorTest {

  private static final double ALPHA = MetricsOptions.defaults().anomaly().alpha();
  private static final int WARMUP = MetricsOptions.defaults().anomaly().warmup();
  private static final double Z = MetricsOptions.defaults().anomaly().zThreshold();

  /**
   * Gaussian noise around a slowly drifting level, with spikes of 8 to 12 standard deviations every
   * 250 values.
   */
  private record Series(double[] values, Set<Integer> spikes) {}

  private static Series synthetic(long seed, int length, double sigma) {
    Random random = new Random(seed);
    double[] values = new double[length];
    Set<Integer> spikes = new TreeSet<>();
    for (int i = 0; i < length; i++) {
      double level = 100 + 10 * Math.sin(2 * Math.PI * i / 5000.0);
      values[i] = level + sigma * random.nextGaussian();
      if (i >= 100 && i % 250 == 0) {
        double size = (8 + 4 * random.nextDouble()) * sigma;
        values[i] = level + (random.nextBoolean() ? size : -size);
        spikes.add(i);
      }
    }
    return new Series(values, spikes);
  }

  @Test
  @DisplayName(
      "every injected spike is found, with at most 1% false alarms on the noise around them")
  void findsEverySpike() {
    for (long seed : new long[] {1, 42, 2025}) {
      Series series = synthetic(seed, 20_000, 5.0);
      AnomalyDetector detector = new AnomalyDetector(ALPHA, WARMUP, Z);
      Set<Integer> flagged = new TreeSet<>();
      for (int i = 0; i < series.values().length; i++) {
        if (detector.observe(series.values()[i]).anomalous()) {
          flagged.add(i);
        }
      }
      assertThat(flagged).as("seed %d: spikes found", seed).containsAll(series.spikes());
      List<Integer> falseAlarms = new ArrayList<>(flagged);
      falseAlarms.removeAll(series.spikes());
      int noise = series.values().length - WARMUP - series.spikes().size();
      assertThat((double) falseAlarms.size() / noise)
          .as("seed %d: false alarm rate", seed)
          .isLessThanOrEqualTo(0.01);
    }
  }

  @Test
  @DisplayName(
      "nothing is anomalous during the warm-up, and the baseline reports the mean and deviation seen")
  void warmUp() {
    AnomalyDetector detector = new AnomalyDetector(ALPHA, 5, Z);
    double[] values = {10, 12, 8, 1000, 10};
    for (double value : values) {
      assertThat(detector.observe(value).anomalous()).isFalse();
    }
    assertThat(detector.warm()).isTrue();
    AnomalyDetector.Observation next = detector.observe(10);
    assertThat(next.mean()).isCloseTo(208, within(1e-9));
    assertThat(next.warm()).isTrue();
  }

  @Test
  @DisplayName(
      "a spike does not enter the baseline, so the next one is found too; a lasting shift is re-learned")
  void spikesStayOutOfBaseline() {
    AnomalyDetector detector = new AnomalyDetector(ALPHA, WARMUP, Z);
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      detector.observe(50 + random.nextGaussian());
    }
    AnomalyDetector.Observation spike = detector.observe(70);
    assertThat(spike.anomalous()).isTrue();
    assertThat(spike.zScore()).isGreaterThan(Z);
    assertThat(detector.observe(69).anomalous()).isTrue();
    assertThat(detector.observe(50).anomalous()).isFalse();

    int anomalies = 0;
    for (int i = 0; i < 200; i++) {
      if (detector.observe(80 + random.nextGaussian()).anomalous()) {
        anomalies++;
      }
    }
    assertThat(anomalies)
        .as("a shift is anomalous only until the baseline is rebuilt")
        .isLessThanOrEqualTo(AnomalyDetector.REBASELINE_AFTER + 5);
  }

  @Test
  @DisplayName(
      "the monitor raises one alert per anomaly with its baseline and observed value, and resolves it")
  void monitorEvents() {
    MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    List<String> counted = new ArrayList<>();
    AnomalyMonitor monitor =
        new AnomalyMonitor(clock, "metrics", MetricsOptions.defaults().anomaly(), counted::add);
    Random random = new Random(3);
    for (int i = 0; i < 100; i++) {
      assertThat(monitor.observe(AnomalyMonitor.TRADE_PNL, "all", random.nextGaussian())).isEmpty();
    }
    Optional<AlertEvent> firing = monitor.observe(AnomalyMonitor.TRADE_PNL, "all", -25);
    assertThat(firing).isPresent();
    AlertEvent event = firing.get();
    assertThat(event.name()).isEqualTo("trade_pnl_anomaly");
    assertThat(event.state()).isEqualTo(AlertEvent.FIRING);
    assertThat(event.source()).isEqualTo("metrics");
    assertThat(event.details().getDouble("observed")).isEqualTo(-25.0);
    assertThat(event.details().getDouble("baseline")).isCloseTo(0, within(0.5));
    assertThat(event.details().getDouble("z_score")).isLessThan(-Z);
    assertThat(monitor.active()).hasSize(1);

    assertThat(monitor.observe(AnomalyMonitor.TRADE_PNL, "all", -30)).as("same episode").isEmpty();
    Optional<AlertEvent> resolved = monitor.observe(AnomalyMonitor.TRADE_PNL, "all", 0.1);
    assertThat(resolved)
        .get()
        .extracting(AlertEvent::state, AlertEvent::id)
        .containsExactly(AlertEvent.RESOLVED, event.id());
    assertThat(counted).containsExactly(AnomalyMonitor.TRADE_PNL, AnomalyMonitor.TRADE_PNL);
    assertThat(monitor.active()).isEmpty();
  }

  @Test
  @DisplayName("metrics not configured are not watched")
  void onlyConfiguredMetrics() {
    MetricsOptions options =
        MetricsOptions.fromJson(
            new io.vertx.core.json.JsonObject()
                .put(
                    "anomaly",
                    new io.vertx.core.json.JsonObject()
                        .put("metrics", new io.vertx.core.json.JsonArray().add("error_rate"))));
    AnomalyMonitor monitor =
        new AnomalyMonitor(new MutableClock(Instant.EPOCH), "metrics", options.anomaly(), m -> {});
    for (int i = 0; i < 100; i++) {
      monitor.observe(AnomalyMonitor.TRADE_PNL, "all", i % 2);
    }
    assertThat(monitor.observe(AnomalyMonitor.TRADE_PNL, "all", 1e6)).isEmpty();
  }
}
