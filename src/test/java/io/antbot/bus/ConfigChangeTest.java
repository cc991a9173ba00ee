package io.antbot.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfigChangeTest {

  @Test
  @DisplayName(
      "the diff lists changed, added and removed leaves with old and new values, sorted by key")
  void leafDiff() {
    JsonObject before =
        new JsonObject(
            """
      {"trading": {"max_position_size": 0.1, "risk_tolerance": 0.02, "symbols": ["A", "B"]}, "gone": {"x": 1}}
      """);
    JsonObject after =
        new JsonObject(
            """
      {"trading": {"max_position_size": 0.2, "risk_tolerance": 0.02, "symbols": ["A"], "dry_run": true}}
      """);
    assertThat(ConfigChange.diff(before, after))
        .containsExactly(
            new ConfigChange("gone.x", 1, null),
            new ConfigChange("trading.dry_run", null, true),
            new ConfigChange("trading.max_position_size", 0.1, 0.2),
            new ConfigChange(
                "trading.symbols", new JsonArray().add("A").add("B"), new JsonArray().add("A")));
  }

  @Test
  @DisplayName("1 and 1.0 are the same value, so re-typing a number is not a change")
  void numericEquality() {
    assertThat(
            ConfigChange.diff(
                new JsonObject().put("a", 1).put("l", new JsonArray().add(2)),
                new JsonObject().put("a", 1.0).put("l", new JsonArray().add(2L))))
        .isEmpty();
  }

  @Test
  @DisplayName(
      "applying a diff turns the old configuration into the new one, whatever changed shape")
  void applyRoundTrip() {
    JsonObject before =
        new JsonObject(
            """
      {"a": {"b": 1, "c": {"d": 2}}, "e": {"f": {"g": 3}}, "h": 4, "m": {"n": {"o": 1}}}
      """);
    JsonObject after =
        new JsonObject(
            """
      {"a": {"b": {"x": 1}, "c": 5}, "h": {"i": [1, 2]}, "j": {}, "m": {}}
      """);
    JsonObject copy = before.copy();
    ConfigChange.apply(copy, ConfigChange.diff(before, after));
    assertThat(copy).isEqualTo(after);
  }

  @Test
  @DisplayName("a change concerns its key, the keys below a prefix, and prefixes below it")
  void isUnder() {
    ConfigChange change = new ConfigChange("trading.max_position_size", 0.1, 0.2);
    assertThat(change.isUnder("")).isTrue();
    assertThat(change.isUnder("trading")).isTrue();
    assertThat(change.isUnder("trading.max_position_size")).isTrue();
    assertThat(change.isUnder("trad")).isFalse();
    assertThat(change.isUnder("compounding")).isFalse();
  }
}
