package io.antbot.security.threat;

import io.antbot.security.threat.InputNormalizer.Normalized;
import io.antbot.security.threat.ThreatRuleSet.CompiledRule;

/**
 * The baseline of the scanner benchmark: the same normalisation and the same rules, but every rule
 * is tried on every value — one {@code java.util.regex} search per pattern rule, every detector run
 * — with no prefilter.
 */
final class NaiveRegexScanner {

  private final CompiledRule[] rules;
  private final InputNormalizer normalizer;

  NaiveRegexScanner(ThreatScanner scanner) {
    this.rules = scanner.ruleSet().rules;
    this.normalizer = scanner.normalizer();
  }

  /** The summed score of the rules matching {@code value}. */
  int score(String value) {
    Normalized normalized = normalizer.normalize(value);
    boolean twoForms = !normalized.decoded().equals(normalized.canonical());
    int score = 0;
    for (CompiledRule rule : rules) {
      if (ThreatScanner.matches(rule, normalized, twoForms)) {
        score += rule.rule().score();
      }
    }
    return score;
  }
}
