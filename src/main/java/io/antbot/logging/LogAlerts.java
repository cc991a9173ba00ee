package io.antbot.logging;

import io.antbot.bus.LogLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The alerts of the logging service, decided without Vert.x: a CRITICAL event (or an ERROR marked
 * critical) fires {@code critical_event} for its component at once, and resolves after a cooldown
 * without another; an error rate above the threshold fires {@code error_rate_high}, and resolves
 * when the rate falls back. De-duplication is the {@link AlertTracker}'s. Thread-safe.
 */
public final class LogAlerts {

  static final String ERROR_RATE_KEY = "error_rate";
  static final String CRITICAL_KEY = "critical:";

  private final ErrorRateMonitor errorRate;
  private final AlertTracker tracker;
  private volatile LoggingOptions.AlertOptions options;

  public LogAlerts(String source, LoggingOptions.AlertOptions options, LongSupplier clockMs) {
    this.options = options;
    this.errorRate = new ErrorRateMonitor(options.errorRate(), clockMs);
    this.tracker = new AlertTracker(source, options.cooldownMs(), clockMs);
  }

  public void reconfigure(LoggingOptions.AlertOptions options) {
    this.options = options;
    errorRate.reconfigure(options.errorRate());
    tracker.setCooldownMs(options.cooldownMs());
  }

  /**
   * Counts an event for the error rate: events from INFO up count, ERROR and CRITICAL as errors.
   */
  public void count(LogLevel level) {
    if (level.atLeast(LogLevel.INFO)) {
      errorRate.record(level.atLeast(LogLevel.ERROR));
    }
  }

  /**
   * A CRITICAL event (or an ERROR marked critical): the alert to publish, unless one for it is
   * already firing.
   */
  public Optional<Alert> critical(LogEvent event) {
    return tracker.fire(
        CRITICAL_KEY + event.component(),
        "critical_event",
        "critical",
        event.level() + " from " + event.component() + ": " + event.message());
  }

  /** The periodic evaluation: what fired, reminded or resolved since the last one. */
  public List<Alert> check() {
    LoggingOptions.AlertOptions current = options;
    ErrorRateMonitor.Evaluation rate = errorRate.evaluate();
    String summary =
        String.format(
            "%.1f%% errors (%d of %d events) over the last %d ms, threshold %.1f%%",
            rate.rate() * 100,
            rate.errors(),
            rate.events(),
            current.windowMs(),
            current.errorRateThreshold() * 100);
    List<Alert> alerts = new ArrayList<>();
    if (rate.transition() == ErrorRateMonitor.Transition.RESOLVED) {
      tracker.resolve(ERROR_RATE_KEY, "error rate back to " + summary).ifPresent(alerts::add);
    } else if (rate.firing()) {
      tracker
          .fire(ERROR_RATE_KEY, "error_rate_high", "warning", "error rate high: " + summary)
          .ifPresent(alerts::add);
    }
    alerts.addAll(
        tracker.resolveQuiet(
            key -> key.startsWith(CRITICAL_KEY),
            "no CRITICAL event for " + current.cooldownMs() + " ms"));
    return alerts;
  }

  /** The ids of the conditions firing now, without the source prefix. */
  public List<String> firing() {
    return tracker.firing();
  }
}
