package io.antbot.metrics;

/**
 * A rolling baseline for one series: an exponentially weighted mean and variance, a warm-up, and a
 * z-score test.
 *
 * <p>The first {@code warmup} values build the baseline (plain mean and variance) and are never
 * anomalous. After that, a value is anomalous when {@code |value - mean| / stddev > zThreshold}.
 * Anomalous values do not enter the baseline, so one spike does not mask the next; but after
 * {@value #REBASELINE_AFTER} anomalies in a row the series is taken to have moved, and the baseline
 * starts again from the warm-up. Normal values update the baseline with weight {@code alpha}:
 * {@code mean += alpha * d; variance = (1 - alpha) * (variance + alpha * d * d)}.
 *
 * <p>Not thread-safe.
 */
public final class AnomalyDetector {

  /** Consecutive anomalies after which the baseline is rebuilt. */
  public static final int REBASELINE_AFTER = 20;

  /** What one value was found to be. */
  public record Observation(
      double value, boolean anomalous, boolean warm, double mean, double stddev, double zScore) {}

  private final double alpha;
  private final int warmup;
  private final double zThreshold;
  private long seen;
  private double mean;
  private double variance;
  private double m2;
  private int anomaliesInRow;

  /**
   * @param alpha weight of a new value in the baseline, in (0, 1]
   * @param warmup values taken before any verdict, at least 2
   * @param zThreshold how many standard deviations away a value must be to be anomalous, above 0
   */
  public AnomalyDetector(double alpha, int warmup, double zThreshold) {
    if (!(alpha > 0 && alpha <= 1) || warmup < 2 || !(zThreshold > 0)) {
      throw new IllegalArgumentException(
          "alpha in (0, 1], warmup >= 2 and zThreshold > 0 expected");
    }
    this.alpha = alpha;
    this.warmup = warmup;
    this.zThreshold = zThreshold;
  }

  /**
   * Tests {@code value} against the baseline, then updates the baseline when the value is normal.
   */
  public Observation observe(double value) {
    if (seen < warmup) {
      seen++;
      double delta = value - mean;
      mean += delta / seen;
      m2 += delta * (value - mean);
      variance = seen > 1 ? m2 / (seen - 1) : 0;
      return new Observation(value, false, false, mean, Math.sqrt(variance), 0);
    }
    double stddev = Math.max(Math.sqrt(variance), 1e-9 * Math.max(1, Math.abs(mean)));
    double z = (value - mean) / stddev;
    boolean anomalous = Math.abs(z) > zThreshold;
    Observation observation = new Observation(value, anomalous, true, mean, stddev, z);
    if (anomalous) {
      if (++anomaliesInRow >= REBASELINE_AFTER) {
        reset();
      }
    } else {
      anomaliesInRow = 0;
      double delta = value - mean;
      mean += alpha * delta;
      variance = (1 - alpha) * (variance + alpha * delta * delta);
    }
    return observation;
  }

  /** Forgets the baseline; the next values warm it up again. */
  public void reset() {
    seen = 0;
    mean = 0;
    variance = 0;
    m2 = 0;
    anomaliesInRow = 0;
  }

  public boolean warm() {
    return seen >= warmup;
  }
}
