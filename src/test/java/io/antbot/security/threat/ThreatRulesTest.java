package io.antbot.security.threat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The shipped rules file: loads, ids are unique, and every rule matches its examples and not its
 * benign inputs.
 */
class ThreatRulesTest {

  /** Paranoia 4 so that every shipped rule is in force. */
  private static final ThreatScanner ALL_RULES =
      new ThreatScanner(
          new ThreatOptions(
              true, ThreatMode.BLOCK, 5, 4, 3, 8192, List.of(), List.of(), List.of(), List.of()));

  @Test
  @DisplayName("the shipped rules cover every attack category, with unique ids")
  void shippedRules() {
    List<ThreatRule> rules = ThreatRuleSet.shipped();
    assertThat(rules).extracting(ThreatRule::id).doesNotHaveDuplicates();
    assertThat(rules).extracting(ThreatRule::category).contains(ThreatCategory.values());
    assertThat(rules)
        .allSatisfy(rule -> assertThat(rule.examples()).as(rule.id() + " examples").isNotEmpty());
  }

  @TestFactory
  @DisplayName("each rule matches its examples")
  Stream<DynamicTest> examplesMatch() {
    return ThreatRuleSet.shipped().stream()
        .flatMap(
            rule ->
                rule.examples().stream()
                    .map(
                        example ->
                            DynamicTest.dynamicTest(
                                rule.id() + " <- " + example,
                                () ->
                                    assertThat(ALL_RULES.scan(example).matches())
                                        .extracting(ScanResult.Match::rule)
                                        .contains(rule.id()))));
  }

  @TestFactory
  @DisplayName("each rule leaves its benign inputs alone")
  Stream<DynamicTest> benignDoNotMatch() {
    return ThreatRuleSet.shipped().stream()
        .flatMap(
            rule ->
                rule.benign().stream()
                    .map(
                        benign ->
                            DynamicTest.dynamicTest(
                                rule.id() + " !<- " + benign,
                                () ->
                                    assertThat(ALL_RULES.scan(benign).matches())
                                        .extracting(ScanResult.Match::rule)
                                        .doesNotContain(rule.id()))));
  }

  @Test
  @DisplayName("a bad rule definition is reported field by field")
  void badRule() {
    List<String> problems = new java.util.ArrayList<>();
    ThreatRule rule =
        ThreatRule.fromJson(
            new JsonObject()
                .put("id", "Bad Id")
                .put("category", "nope")
                .put("score", 0)
                .put("pattern", "(")
                .put("anchors", List.of("UPPER"))
                .put("colour", "red"),
            "r",
            problems);
    assertThat(rule).isNull();
    assertThat(problems)
        .containsExactlyInAnyOrder(
            "r.colour: unknown field",
            "r.id: expected a lower-case identifier ([a-z0-9._-], at most 64), got \"Bad Id\"",
            "r.category: expected one of [sqli, xss, path_traversal, command_injection, ldap_injection, xxe, ssrf, "
                + "template_injection, jndi, nosql_injection, php_injection, code_injection, evasion], got \"nope\"",
            "r.score: expected an integer from 1 to 100, got 0",
            "r.pattern: not a valid regular expression: Unclosed group",
            "r.anchors: \"UPPER\" must be non-empty lower-case ASCII");
  }
}
