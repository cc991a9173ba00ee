package io.antbot.bench;

import java.util.Locale;

/**
 * One row of the scaling table: a cost measured at sizes that grow tenfold, and the growth
 * exponent, the least-squares slope of log(cost) against log(size) over every point of the row (1:
 * linear, 0: constant, 2: quadratic).
 *
 * @param work what was measured and how
 * @param sizes the sizes, as they are shown in the row's size column
 * @param size the sizes as numbers (the exponent's x)
 * @param cost the cost at each size, in {@code unit}
 * @param unit what one figure counts, e.g. "µs per query (median)"
 * @param expected the growth the work should show: "linear" or "constant"
 */
public record Growth(
    String work, String sizes, double[] size, double[] cost, String unit, String expected) {

  /** The columns after the table's first two; rows with three points leave the fourth empty. */
  public static final int POINTS = 4;

  public Growth {
    if (size.length != cost.length || size.length < 2 || size.length > POINTS) {
      throw new IllegalArgumentException("expected 2 to " + POINTS + " sizes, each with a cost");
    }
  }

  /** The slope of the least-squares line through (log size, log cost). */
  public double exponent() {
    int n = size.length;
    double meanX = 0;
    double meanY = 0;
    for (int i = 0; i < n; i++) {
      meanX += Math.log(size[i]) / n;
      meanY += Math.log(cost[i]) / n;
    }
    double covariance = 0;
    double variance = 0;
    for (int i = 0; i < n; i++) {
      double dx = Math.log(size[i]) - meanX;
      covariance += dx * (Math.log(cost[i]) - meanY);
      variance += dx * dx;
    }
    return covariance / variance;
  }

  /** {@code | work | sizes | 1x | 10x | 100x | 1000x | unit | exponent | expected |} */
  public String row() {
    StringBuilder row = new StringBuilder("| ").append(work).append(" | ").append(sizes);
    for (int i = 0; i < POINTS; i++) {
      row.append(" | ").append(i < cost.length ? figure(cost[i]) : "");
    }
    return row.append(" | ")
        .append(unit)
        .append(" | ")
        .append(String.format(Locale.ROOT, "%.2f", exponent()))
        .append(" | ")
        .append(expected)
        .append(" |")
        .toString();
  }

  /** Three significant digits, without an exponent. */
  static String figure(double value) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (value >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    if (value >= 1) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
