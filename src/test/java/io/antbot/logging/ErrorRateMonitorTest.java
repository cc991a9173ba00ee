package io.antbot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.logging.ErrorRateMonitor.Transition;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ErrorRateMonitorTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final ErrorRateMonitor monitor =
      new ErrorRateMonitor(new ErrorRateMonitor.Settings(0.10, 10_000, 20), now::get);

  private void record(int events, int errors) {
    for (int i = 0; i < events; i++) {
      monitor.record(i < errors);
    }
  }

  @Test
  @DisplayName(
      "fires once when more than 10 % of at least 20 events are errors, then stays quiet while firing")
  void firesOnceAboveThreshold() {
    record(20, 3);
    ErrorRateMonitor.Evaluation first = monitor.evaluate();
    assertThat(first.transition()).isEqualTo(Transition.FIRED);
    assertThat(first.events()).isEqualTo(20);
    assertThat(first.errors()).isEqualTo(3);
    assertThat(first.rate()).isEqualTo(0.15);
    record(10, 5);
    assertThat(monitor.evaluate().transition()).isEqualTo(Transition.NONE);
    assertThat(monitor.firing()).isTrue();
  }

  @Test
  @DisplayName("does not judge a window holding fewer events than the minimum sample")
  void needsMinimumSample() {
    record(19, 19);
    ErrorRateMonitor.Evaluation evaluation = monitor.evaluate();
    assertThat(evaluation.transition()).isEqualTo(Transition.NONE);
    assertThat(evaluation.rate()).isEqualTo(1.0);
    assertThat(monitor.firing()).isFalse();
  }

  @Test
  @DisplayName("exactly the threshold does not fire")
  void thresholdIsExclusive() {
    record(20, 2);
    assertThat(monitor.evaluate().transition()).isEqualTo(Transition.NONE);
  }

  @Test
  @DisplayName("resolves once when healthy events bring the rate back to the threshold")
  void resolvesWhenRateFalls() {
    record(20, 10);
    assertThat(monitor.evaluate().transition()).isEqualTo(Transition.FIRED);
    record(80, 0);
    ErrorRateMonitor.Evaluation evaluation = monitor.evaluate();
    assertThat(evaluation.transition()).isEqualTo(Transition.RESOLVED);
    assertThat(evaluation.rate()).isEqualTo(0.10);
    assertThat(monitor.evaluate().transition()).isEqualTo(Transition.NONE);
  }

  @Test
  @DisplayName(
      "old events leave the sliding window, so an error burst resolves once the window has passed it")
  void windowSlides() {
    record(30, 30);
    assertThat(monitor.evaluate().transition()).isEqualTo(Transition.FIRED);
    now.addAndGet(5_000);
    assertThat(monitor.evaluate().events()).isEqualTo(30);
    now.addAndGet(5_000);
    ErrorRateMonitor.Evaluation evaluation = monitor.evaluate();
    assertThat(evaluation.events()).isZero();
    assertThat(evaluation.transition()).isEqualTo(Transition.RESOLVED);
  }

  @Test
  @DisplayName(
      "a new window length starts an empty window but keeps a firing alert until it is evaluated")
  void reconfigure() {
    record(30, 30);
    monitor.evaluate();
    monitor.reconfigure(new ErrorRateMonitor.Settings(0.5, 2_000, 5));
    assertThat(monitor.firing()).isTrue();
    ErrorRateMonitor.Evaluation evaluation = monitor.evaluate();
    assertThat(evaluation.events()).isZero();
    assertThat(evaluation.transition()).isEqualTo(Transition.RESOLVED);
  }
}
