package io.antbot.security.threat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ThreatOptionsTest {

  @Test
  @DisplayName("an empty section gives the documented defaults")
  void defaults() {
    ThreatOptions options = ThreatOptions.fromJson(new JsonObject());
    assertThat(options).isEqualTo(ThreatOptions.defaults());
    assertThat(options.validate()).isEmpty();
    assertThat(options.mode()).isEqualTo(ThreatMode.BLOCK);
    assertThat(options.threshold()).isEqualTo(5);
  }

  @Test
  @DisplayName("validate lists every problem with its path")
  void everyProblem() {
    JsonObject section =
        new JsonObject()
            .put("threshold", "high")
            .put("paranoia_level", 9)
            .put("colour", "red")
            .put("disabled_rules", List.of("no-such-rule"))
            .put(
                "rules",
                List.of(
                    Map.of(
                        "id",
                        "sqli-token-shape",
                        "category",
                        "sqli",
                        "score",
                        5,
                        "detector",
                        "sql-tokens")));
    assertThat(ThreatOptions.fromJson(section).validate())
        .containsExactly(
            "security.threats.colour: unknown key (did you mean security.threats.mode?)",
            "security.threats.threshold: expected an integer from 1 to 1000, got \"high\"",
            "security.threats.paranoia_level: expected an integer from 1 to 4, got 9",
            "security.threats.rules[0].id: \"sqli-token-shape\" is already taken",
            "security.threats.disabled_rules: no rule has the id \"no-such-rule\"");
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName(
      "configured rules that need backtracking are refused, naming the rule; plain ones pass")
  void backtrackingRulesRefused() {
    java.util.function.Function<String, java.util.List<String>> problems =
        pattern ->
            ThreatOptions.fromJson(
                    new io.vertx.core.json.JsonObject()
                        .put(
                            "rules",
                            new io.vertx.core.json.JsonArray()
                                .add(
                                    new io.vertx.core.json.JsonObject()
                                        .put("id", "custom.one")
                                        .put("category", "sqli")
                                        .put("score", 5)
                                        .put("pattern", pattern))))
                .validate();
    org.assertj.core.api.Assertions.assertThat(problems.apply("(a)\\1"))
        .singleElement()
        .asString()
        .startsWith(
            "security.threats.rules[0].pattern: refused: it uses a feature that needs backtracking");
    org.assertj.core.api.Assertions.assertThat(problems.apply("foo(?=bar)"))
        .singleElement()
        .asString()
        .contains("needs backtracking");
    org.assertj.core.api.Assertions.assertThat(problems.apply("^(\\w+\\s?)+$"))
        .singleElement()
        .asString()
        .endsWith(
            "a repeated group contains a repetition (like (a+)+), which can take exponential time to fail");
    org.assertj.core.api.Assertions.assertThat(problems.apply("(?i)union\\s+select")).isEmpty();
  }
}
