package io.antbot.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Bounds the label values a metric may take, so a caller sending order ids as labels cannot exhaust
 * memory.
 *
 * <p>Each label of each metric has a budget of distinct values (the schema's {@code
 * metrics.cardinality.default_budget} until configured, per metric configurable). Values already
 * admitted stay admitted; once the budget is spent, every new value is folded into {@value #OTHER}
 * and the fold is reported to the listener (which counts it in {@code
 * antbot_metrics_dropped_series_total}). A metric with several guarded labels thus has at most the
 * product of their budgets as series.
 *
 * <p>Thread-safe; a lowered budget applies to values not yet admitted.
 */
public final class CardinalityGuard {

  /** The value that stands for every value beyond the budget. */
  public static final String OTHER = "other";

  private final Map<String, Set<String>> admitted = new ConcurrentHashMap<>();
  private final Consumer<String> folded;
  private volatile int defaultBudget = MetricsOptions.defaults().defaultBudget();
  private volatile Map<String, Integer> budgets = Map.of();

  /**
   * @param folded called with the metric's Prometheus name each time a value is folded
   */
  public CardinalityGuard(Consumer<String> folded) {
    this.folded = folded;
  }

  /** Sets the default budget and the budgets of named metrics (by Prometheus name). */
  public void configure(int defaultBudget, Map<String, Integer> budgets) {
    this.defaultBudget = defaultBudget;
    this.budgets = Map.copyOf(budgets);
  }

  public int budget(String metric) {
    return budgets.getOrDefault(metric, defaultBudget);
  }

  /** {@code value} if it is admitted (or fits the budget), else {@value #OTHER}. */
  public String admit(String metric, String label, String value) {
    Set<String> values =
        admitted.computeIfAbsent(metric + '\u0000' + label, k -> ConcurrentHashMap.newKeySet());
    if (values.contains(value) || OTHER.equals(value)) {
      return value;
    }
    synchronized (values) {
      if (values.contains(value)) {
        return value;
      }
      if (values.size() < budget(metric)) {
        values.add(value);
        return value;
      }
    }
    folded.accept(metric);
    return OTHER;
  }

  /** How many distinct values {@code label} of {@code metric} has admitted. */
  public int admitted(String metric, String label) {
    Set<String> values = admitted.get(metric + '\u0000' + label);
    return values == null ? 0 : values.size();
  }
}
