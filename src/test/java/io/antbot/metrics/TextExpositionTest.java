package io.antbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The hand-written text exposition writes exactly what the client library's writer writes. */
class TextExpositionTest {

  /** Label values and help texts a writer must escape or encode. */
  private static final List<String> AWKWARD =
      List.of(
          "plain",
          "back\\slash",
          "quote\"d",
          "new\nline",
          "café",
          "日本",
          "emoji 😀",
          "lone \uD800 surrogate",
          "",
          "trailing\\");

  @Test
  @DisplayName(
      "every kind of Micrometer meter, awkward labels and help, special values: what registry.scrape() gives")
  void sameAsMicrometer() {
    PrometheusMeterRegistry registry = MetricsBackend.newRegistry();
    for (String value : AWKWARD) {
      Counter.builder("test.events")
          .description("events\\ with \"help\"\nsecond line é")
          .tag("kind", value)
          .register(registry)
          .increment(3);
      Gauge.builder("test.level", () -> 1.5).tag("kind", value).register(registry);
    }
    AtomicLong zero = new AtomicLong();
    Gauge.builder("test.special", () -> Double.NaN).tag("v", "nan").register(registry);
    Gauge.builder("test.special", () -> Double.POSITIVE_INFINITY)
        .tag("v", "inf")
        .register(registry);
    Gauge.builder("test.special", () -> Double.NEGATIVE_INFINITY)
        .tag("v", "-inf")
        .register(registry);
    Gauge.builder("test.special", () -> -0.0).tag("v", "negzero").register(registry);
    Gauge.builder("test.special", () -> 1e300).tag("v", "huge").register(registry);
    Gauge.builder("test.special", () -> 4.9e-324).tag("v", "tiny").register(registry);
    Gauge.builder("test.special", zero, AtomicLong::get).tag("v", "zero").register(registry);
    Timer histogram =
        Timer.builder("test.latency")
            .description("latency")
            .tag("op", "order")
            .serviceLevelObjectives(
                Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100))
            .register(registry);
    histogram.record(5, TimeUnit.MILLISECONDS);
    histogram.record(50, TimeUnit.MILLISECONDS);
    histogram.record(5, TimeUnit.SECONDS);
    Timer.builder("test.plain").register(registry).record(2, TimeUnit.MILLISECONDS);
    DistributionSummary quantiles =
        DistributionSummary.builder("test.size")
            .baseUnit("bytes")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    quantiles.record(100);
    quantiles.record(1000);
    DistributionSummary.builder("test.empty").register(registry);
    LongTaskTimer.builder("test.long.tasks").register(registry);
    FunctionCounter.builder("test.function", zero, z -> 42).register(registry);
    FunctionTimer.builder("test.function.timer", zero, z -> 7, z -> 350, TimeUnit.MILLISECONDS)
        .register(registry);
    TimeGauge.builder("test.time.gauge", zero, TimeUnit.MILLISECONDS, z -> 1500).register(registry);
    Meter.builder(
            "test.custom", Meter.Type.OTHER, List.of(new Measurement(() -> 9.0, Statistic.VALUE)))
        .register(registry);
    Meter.builder(
            "test.custom.total",
            Meter.Type.OTHER,
            List.of(new Measurement(() -> 2.0, Statistic.TOTAL)))
        .register(registry);

    String ours = text(TextExposition.write(registry.getPrometheusRegistry().scrape(), 16));
    assertThat(ours).isEqualTo(registry.scrape());
    assertThat(ours)
        .contains(
            "kind=\"new\\nline\"",
            "kind=\"quote\\\"d\"",
            "+Inf",
            "-Inf",
            "NaN",
            "quantile=\"0.99\"",
            "le=\"0.01\"",
            "# TYPE test_custom_sum_total counter");
  }

  @Test
  @DisplayName(
      "the runtime's registry with JVM metrics: the same bytes as the library's writer on the same snapshot")
  void sameAsLibraryWriter() throws IOException {
    PrometheusMeterRegistry registry = MetricsBackend.newRegistry();
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    MetricSnapshots snapshots = registry.getPrometheusRegistry().scrape();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(expected, snapshots);
    Buffer ours = TextExposition.write(snapshots, 1024);
    assertThat(ours.getBytes()).isEqualTo(expected.toByteArray());
    assertThat(ours.length()).isGreaterThan(1000);
    assertThat(ours.toString()).contains("# TYPE jvm_info gauge", "jvm_info{");
  }

  @Test
  @DisplayName(
      "untyped metrics and a histogram without classic buckets: the same bytes as the library's writer")
  void builtSnapshots() throws IOException {
    MetricSnapshots snapshots =
        MetricSnapshots.of(
            UnknownSnapshot.builder()
                .name("outside_reading")
                .help("from \\ elsewhere")
                .dataPoint(
                    UnknownSnapshot.UnknownDataPointSnapshot.builder()
                        .value(-3.25)
                        .labels(Labels.of("a", "x\"y"))
                        .build())
                .dataPoint(UnknownSnapshot.UnknownDataPointSnapshot.builder().value(7).build())
                .build(),
            HistogramSnapshot.builder()
                .name("native_only")
                .dataPoint(
                    HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .sum(2.5)
                        .nativeSchema(0)
                        .nativeZeroCount(1)
                        .nativeBucketsForPositiveValues(
                            NativeHistogramBuckets.builder().bucket(1, 3).build())
                        .build())
                .build());
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(expected, snapshots);
    assertThat(text(TextExposition.write(snapshots, 16)))
        .isEqualTo(expected.toString(StandardCharsets.UTF_8))
        .contains("# TYPE outside_reading untyped", "native_only_bucket{le=\"+Inf\"} 4");
  }

  @Test
  @DisplayName("a kind of metric it does not write (a state set) is left to the library")
  void unsupportedKind() {
    MetricSnapshots snapshots =
        MetricSnapshots.of(
            StateSetSnapshot.builder()
                .name("feature")
                .dataPoint(
                    StateSetSnapshot.StateSetDataPointSnapshot.builder()
                        .state("on", true)
                        .state("off", false)
                        .build())
                .build());
    assertThat(TextExposition.write(snapshots, 1024)).isNull();
  }

  private static String text(Buffer buffer) {
    assertThat(buffer).isNotNull();
    return new String(buffer.getBytes(), StandardCharsets.UTF_8);
  }
}
