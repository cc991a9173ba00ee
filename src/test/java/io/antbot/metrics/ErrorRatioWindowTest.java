package io.antbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ErrorRatioWindowTest {

  @Test
  @DisplayName("the ratio counts the failures of the last window only")
  void slidingWindow() {
    ErrorRatioWindow window = new ErrorRatioWindow(10);
    assertThat(window.ratio(0)).isZero();
    for (int i = 0; i < 8; i++) {
      window.record(1_000, true);
    }
    window.record(1_500, false);
    window.record(1_900, false);
    assertThat(window.ratio(2_000)).isCloseTo(0.2, within(1e-9));
    assertThat(window.total(2_000)).isEqualTo(10);

    window.record(9_000, false);
    assertThat(window.ratio(9_000)).isCloseTo(3.0 / 11, within(1e-9));

    // At 11.0 s the bucket of second 1 has left the 10-second window.
    assertThat(window.ratio(11_000)).isEqualTo(1.0);
    assertThat(window.ratio(30_000)).isZero();
    assertThat(window.total(30_000)).isZero();
  }
}
