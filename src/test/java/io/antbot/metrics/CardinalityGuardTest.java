package io.antbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CardinalityGuardTest {

  private final List<String> folds = new ArrayList<>();
  private final CardinalityGuard guard = new CardinalityGuard(folds::add);

  @Test
  @DisplayName("the first 100 values of a label pass, the 101st is folded into other and counted")
  void folds101stValue() {
    for (int i = 0; i < 100; i++) {
      assertThat(guard.admit("orders_total", "order_id", "id-" + i)).isEqualTo("id-" + i);
    }
    assertThat(folds).isEmpty();

    assertThat(guard.admit("orders_total", "order_id", "id-100")).isEqualTo(CardinalityGuard.OTHER);
    assertThat(guard.admit("orders_total", "order_id", "id-101")).isEqualTo(CardinalityGuard.OTHER);

    assertThat(folds).containsExactly("orders_total", "orders_total");
    assertThat(guard.admitted("orders_total", "order_id")).isEqualTo(100);
  }

  @Test
  @DisplayName("values already admitted keep passing once the budget is spent")
  void admittedValuesStay() {
    for (int i = 0; i < 100; i++) {
      guard.admit("m", "l", "v" + i);
    }
    assertThat(guard.admit("m", "l", "v0")).isEqualTo("v0");
    assertThat(guard.admit("m", "l", "v99")).isEqualTo("v99");
    assertThat(folds).isEmpty();
  }

  @Test
  @DisplayName(
      "each metric and each label has its own budget, and a metric can be given a different one")
  void budgetsPerMetricAndLabel() {
    guard.configure(2, Map.of("wide", 3));
    assertThat(guard.admit("narrow", "a", "1")).isEqualTo("1");
    assertThat(guard.admit("narrow", "a", "2")).isEqualTo("2");
    assertThat(guard.admit("narrow", "a", "3")).isEqualTo(CardinalityGuard.OTHER);
    assertThat(guard.admit("narrow", "b", "3")).isEqualTo("3");
    assertThat(guard.admit("wide", "a", "1")).isEqualTo("1");
    assertThat(guard.admit("wide", "a", "2")).isEqualTo("2");
    assertThat(guard.admit("wide", "a", "3")).isEqualTo("3");
    assertThat(guard.admit("wide", "a", "4")).isEqualTo(CardinalityGuard.OTHER);
    assertThat(folds).containsExactly("narrow", "wide");
  }

  @Test
  @DisplayName("the value other itself is never counted against the budget")
  void otherIsFree() {
    guard.configure(1, Map.of());
    assertThat(guard.admit("m", "l", CardinalityGuard.OTHER)).isEqualTo(CardinalityGuard.OTHER);
    assertThat(guard.admit("m", "l", "real")).isEqualTo("real");
    assertThat(folds).isEmpty();
  }
}
