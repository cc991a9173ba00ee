package io.antbot.security.threat;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.security.threat.InputNormalizer.Normalized;
import io.antbot.security.threat.ThreatRuleSet.CompiledRule;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Aho–Corasick prefilter only saves work: on a sample of every corpus, the rules the scanner
 * reports are exactly the rules that match when every rule is tried on every value (which would
 * catch an anchor a pattern does not really need).
 */
class PrefilterEquivalenceTest {

  @Test
  @DisplayName("skipping rules without an anchor in the value never changes which rules match")
  void prefilterIsExact() throws IOException, URISyntaxException {
    ThreatScanner scanner =
        new ThreatScanner(
            new ThreatOptions(
                true, ThreatMode.BLOCK, 5, 4, 3, 8192, List.of(), List.of(), List.of(), List.of()));
    List<String> values = new ArrayList<>();
    Path vectors = Path.of(getClass().getResource("/vectors").toURI());
    try (Stream<Path> files = Files.walk(vectors)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
        List<String> lines =
            new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < lines.size(); i += 4) {
          values.add(lines.get(i));
        }
      }
    }
    for (ThreatRule rule : scanner.rules()) {
      values.addAll(rule.examples());
    }
    int checked = 0;
    for (String value : values) {
      TreeSet<String> reported = new TreeSet<>();
      scanner.scan(value).matches().forEach(match -> reported.add(match.rule()));
      Normalized normalized = scanner.normalizer().normalize(value);
      boolean twoForms = !normalized.decoded().equals(normalized.canonical());
      TreeSet<String> everyRule = new TreeSet<>();
      for (CompiledRule rule : scanner.ruleSet().rules) {
        if (ThreatScanner.matches(rule, normalized, twoForms)) {
          everyRule.add(rule.rule().id());
        }
      }
      assertThat(reported).as(value).isEqualTo(everyRule);
      checked++;
    }
    assertThat(checked).isGreaterThan(3000);
  }
}
