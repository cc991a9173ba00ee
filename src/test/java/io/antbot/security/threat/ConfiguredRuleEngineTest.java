package io.antbot.security.threat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Rules added through configuration cannot stall the event loop: they are matched with RE2/J, in
 * time linear in the value, and a pattern that only a backtracking engine can run is refused with
 * its reason.
 */
class ConfiguredRuleEngineTest {

  private static ThreatOptions withRule(String pattern) {
    return ThreatOptions.fromJson(
        new JsonObject()
            .put(
                "rules",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("id", "custom-alternation")
                            .put("category", "sqli")
                            .put("score", 5)
                            .put("pattern", pattern)
                            .put("anchors", new JsonArray().add("a")))));
  }

  @Test
  @DisplayName(
      "a configured (a|aa)+b, exponential for java.util.regex on 64 a's, runs in linear time and still matches")
  void configuredPatternRunsLinear() {
    ThreatScanner scanner = new ThreatScanner(withRule("(a|aa)+b"));
    String hostile = "a".repeat(64) + "c";
    ScanResult clean =
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> scanner.scan(hostile));
    assertThat(clean.matches()).extracting(ScanResult.Match::rule).isEmpty();
    assertThat(scanner.scan("aaab").matches())
        .extracting(ScanResult.Match::rule)
        .contains("custom-alternation");
  }

  @Test
  @DisplayName("a configured backreference is refused with the feature named and the rule's path")
  void backreferenceRefused() {
    List<String> problems = withRule("(a)\\1").validate();
    assertThat(problems)
        .singleElement()
        .asString()
        .startsWith(
            "security.threats.rules[0].pattern: refused: it uses a feature that needs backtracking");
  }
}
