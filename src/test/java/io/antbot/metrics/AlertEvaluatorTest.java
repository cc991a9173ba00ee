package io.antbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.antbot.bus.AlertEvent;
import io.antbot.bus.AlertRuleSpec;
import io.antbot.bus.BusException;
import io.antbot.bus.FailureCode;
import io.antbot.testing.MutableClock;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertEvaluatorTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final AlertEvaluator evaluator = new AlertEvaluator(clock, "metrics");

  private static AlertRuleSpec rule(
      String comparator, double threshold, double forS, double hysteresis) {
    return AlertRuleSpec.fromJson(
        new JsonObject()
            .put("name", "cpu_high")
            .put("metric", "cpu_ratio")
            .put("comparator", comparator)
            .put("threshold", threshold)
            .put("for_s", forS)
            .put("hysteresis", hysteresis)
            .put("severity", "critical"));
  }

  private List<AlertEvent> at(double value) {
    return evaluator.evaluate(rule -> OptionalDouble.of(value));
  }

  @Test
  @DisplayName("a rule fires only once its condition has held for the whole for-duration")
  void firesAfterForDuration() {
    evaluator.add(rule(">", 0.9, 60, 0.05));

    assertThat(at(0.95)).isEmpty();
    assertThat(evaluator.state("cpu_high")).isEqualTo(AlertEvaluator.State.PENDING);
    clock.advance(Duration.ofSeconds(30));
    assertThat(at(0.97)).isEmpty();
    clock.advance(Duration.ofSeconds(29));
    assertThat(at(0.93)).isEmpty();
    clock.advance(Duration.ofSeconds(1));

    List<AlertEvent> events = at(0.96);
    assertThat(events).hasSize(1);
    AlertEvent firing = events.get(0);
    assertThat(firing.state()).isEqualTo(AlertEvent.FIRING);
    assertThat(firing.source()).isEqualTo("metrics");
    assertThat(firing.name()).isEqualTo("cpu_high");
    assertThat(firing.severity()).isEqualTo("critical");
    assertThat(firing.at()).isEqualTo(Instant.parse("2025-01-01T00:01:00Z"));
    assertThat(firing.message()).contains("cpu_ratio is 0.96, > 0.9 for 60 s");
    assertThat(firing.details().getDouble("value")).isEqualTo(0.96);
    assertThat(evaluator.state("cpu_high")).isEqualTo(AlertEvaluator.State.FIRING);
    assertThat(evaluator.firing())
        .extracting(AlertEvaluator.Firing::name)
        .containsExactly("cpu_high");
  }

  @Test
  @DisplayName("a pending rule whose condition breaks starts its for-duration again")
  void pendingResets() {
    evaluator.add(rule(">", 0.9, 60, 0));
    at(0.95);
    clock.advance(Duration.ofSeconds(50));
    assertThat(at(0.5)).isEmpty();
    assertThat(evaluator.state("cpu_high")).isEqualTo(AlertEvaluator.State.INACTIVE);
    clock.advance(Duration.ofSeconds(20));
    assertThat(at(0.95)).isEmpty();
    clock.advance(Duration.ofSeconds(59));
    assertThat(at(0.95)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(at(0.95)).extracting(AlertEvent::state).containsExactly(AlertEvent.FIRING);
  }

  @Test
  @DisplayName(
      "a firing rule resolves only once the value is back past the threshold by the hysteresis")
  void resolvesWithHysteresis() {
    evaluator.add(rule(">", 0.9, 0, 0.05));
    List<AlertEvent> fired = at(0.95);
    assertThat(fired).extracting(AlertEvent::state).containsExactly(AlertEvent.FIRING);

    assertThat(at(0.89)).as("below the threshold, within the hysteresis").isEmpty();
    assertThat(at(0.86)).isEmpty();
    assertThat(at(0.91)).as("above again: still the same episode").isEmpty();
    assertThat(evaluator.state("cpu_high")).isEqualTo(AlertEvaluator.State.FIRING);

    List<AlertEvent> resolved = at(0.85);
    assertThat(resolved).hasSize(1);
    assertThat(resolved.get(0).state()).isEqualTo(AlertEvent.RESOLVED);
    assertThat(resolved.get(0).id())
        .as("the resolved event closes the firing one")
        .isEqualTo(fired.get(0).id());
    assertThat(resolved.get(0).message()).contains("back to 0.85 (threshold 0.9, hysteresis 0.05)");
    assertThat(evaluator.state("cpu_high")).isEqualTo(AlertEvaluator.State.INACTIVE);

    assertThat(at(0.95)).extracting(AlertEvent::state).containsExactly(AlertEvent.FIRING);
    assertThat(evaluator.firing()).hasSize(1);
  }

  @ParameterizedTest(name = "{0} {1}: holds at {2} = {3}, clears at {4} with hysteresis {5} = {6}")
  @CsvSource({
    ">,  10, 11, true,  9.5, 0.5, true",
    ">,  10, 10, false, 9.6, 0.5, false",
    ">=, 10, 10, true,  9.5, 0.5, false",
    ">=, 10, 9,  false, 9.4, 0.5, true",
    "<,  10, 9,  true,  10.5, 0.5, true",
    "<,  10, 10, false, 10.4, 0.5, false",
    "<=, 10, 10, true,  10.5, 0.5, false",
    "<=, 10, 11, false, 10.6, 0.5, true",
    "==, 10, 10, true,  10.5, 0.5, false",
    "==, 10, 11, false, 10.6, 0.5, true",
  })
  @DisplayName("each comparator holds and clears as documented")
  void comparators(
      String symbol,
      double threshold,
      double value,
      boolean holds,
      double back,
      double hysteresis,
      boolean clears) {
    AlertRuleSpec.Comparator comparator = AlertRuleSpec.Comparator.of("comparator", symbol);
    assertThat(comparator.holds(value, threshold)).isEqualTo(holds);
    assertThat(comparator.clears(back, threshold, hysteresis)).isEqualTo(clears);
  }

  @Test
  @DisplayName("a rule without data keeps its state")
  void noDataKeepsState() {
    evaluator.add(rule(">", 0.9, 0, 0));
    at(0.95);
    assertThat(evaluator.evaluate(rule -> OptionalDouble.empty())).isEmpty();
    assertThat(evaluator.state("cpu_high")).isEqualTo(AlertEvaluator.State.FIRING);
  }

  @Test
  @DisplayName("removing a firing rule resolves it; names are unique; unknown names are 404")
  void addAndRemove() {
    evaluator.add(rule(">", 0.9, 0, 0));
    assertThatThrownBy(() -> evaluator.add(rule("<", 1, 0, 0)))
        .isInstanceOfSatisfying(
            BusException.class,
            e -> {
              assertThat(e.code()).isEqualTo(FailureCode.CONFLICT);
              assertThat(e.getMessage()).isEqualTo("name: an alert rule named cpu_high exists");
            });
    at(0.95);
    List<AlertEvent> events = evaluator.remove("cpu_high");
    assertThat(events).extracting(AlertEvent::state).containsExactly(AlertEvent.RESOLVED);
    assertThat(events.get(0).message()).isEqualTo("cpu_high: resolved, rule removed");
    assertThatThrownBy(() -> evaluator.remove("cpu_high"))
        .isInstanceOfSatisfying(
            BusException.class,
            e -> {
              assertThat(e.code()).isEqualTo(FailureCode.NOT_FOUND);
              assertThat(e.getMessage()).isEqualTo("name: no alert rule named cpu_high");
            });
  }

  @Test
  @DisplayName("a new configuration keeps the state of unchanged rules and resolves changed ones")
  void reconfigure() {
    AlertRuleSpec cpu = rule(">", 0.9, 0, 0);
    AlertRuleSpec memory =
        AlertRuleSpec.fromJson(
            new JsonObject()
                .put("name", "memory_high")
                .put("metric", "mem")
                .put("comparator", ">")
                .put("threshold", 0.5));
    evaluator.configure(List.of(cpu, memory));
    at(0.95);
    assertThat(evaluator.firing()).hasSize(2);

    assertThat(evaluator.configure(List.of(cpu, memory))).isEmpty();
    assertThat(evaluator.firing()).hasSize(2);

    List<AlertEvent> events = evaluator.configure(List.of(cpu));
    assertThat(events)
        .extracting(AlertEvent::name, AlertEvent::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("memory_high", AlertEvent.RESOLVED));
    assertThat(evaluator.state("cpu_high")).isEqualTo(AlertEvaluator.State.FIRING);
    assertThat(evaluator.list()).hasSize(1);
    assertThat(evaluator.list().getJsonObject(0).getString("origin")).isEqualTo("config");
  }
}
