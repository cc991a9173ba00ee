package io.antbot.security.threat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The rules in force, compiled: regular expressions, and one Aho–Corasick automaton over every
 * rule's anchors that says, in one pass over a value, which rules are worth trying on it.
 */
final class ThreatRuleSet {

  static final String RESOURCE = "/io/antbot/security/threat/rules.yaml";

  enum Detector {
    SQL_TOKENS,
    HTML_TOKENS,
    ENCODING_LAYERS,
    SHELL_TOKENS,
    PATH_TOKENS,
    RESTRICTED_PATH,
    PHP_TOKENS,
    CODE_TOKENS,
    SCRIPT_CONTEXT,
    SQL_FRAGMENTS
  }

  /**
   * A rule ready to run: its pattern compiled — with {@code java.util.regex} for a shipped
   * (reviewed) rule, with RE2/J for a configured one, so that no configured pattern can make a
   * match take more than linear time on the event loop — or its detector resolved.
   */
  record CompiledRule(
      ThreatRule rule, Pattern pattern, com.google.re2j.Pattern linear, Detector detector) {}

  private static final List<ThreatRule> SHIPPED = loadShipped();

  final CompiledRule[] rules;
  final AhoCorasick anchors;

  /** Indices of rules without anchors: tried on every value. */
  final int[] unanchored;

  final int words;

  private ThreatRuleSet(List<ThreatRule> enabled, Set<String> configured) {
    rules = new CompiledRule[enabled.size()];
    List<String> literals = new ArrayList<>();
    List<Integer> tags = new ArrayList<>();
    List<Integer> always = new ArrayList<>();
    for (int i = 0; i < enabled.size(); i++) {
      ThreatRule rule = enabled.get(i);
      boolean linear = configured.contains(rule.id());
      rules[i] =
          new CompiledRule(
              rule,
              rule.pattern() == null || linear ? null : Pattern.compile(rule.pattern()),
              rule.pattern() == null || !linear
                  ? null
                  : com.google.re2j.Pattern.compile(rule.pattern()),
              rule.detector() == null
                  ? null
                  : Detector.valueOf(
                      rule.detector().toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
      if (rule.anchors().isEmpty()) {
        always.add(i);
      }
      for (String anchor : rule.anchors()) {
        literals.add(anchor);
        tags.add(i);
      }
    }
    anchors = new AhoCorasick(literals, tags.stream().mapToInt(Integer::intValue).toArray());
    unanchored = always.stream().mapToInt(Integer::intValue).toArray();
    words = (rules.length + 63) / 64;
  }

  /**
   * The shipped rules plus the extra ones of {@code options}, minus the disabled ones and those
   * above paranoia.
   */
  static ThreatRuleSet of(ThreatOptions options) {
    Map<String, ThreatRule> byId = new LinkedHashMap<>();
    for (ThreatRule rule : SHIPPED) {
      byId.put(rule.id(), rule);
    }
    Set<String> configured = new HashSet<>();
    for (ThreatRule rule : options.extraRules()) {
      if (byId.putIfAbsent(rule.id(), rule) == null) {
        configured.add(rule.id());
      }
    }
    Set<String> disabled = new HashSet<>(options.disabledRules());
    List<ThreatRule> enabled =
        byId.values().stream()
            .filter(
                rule -> !disabled.contains(rule.id()) && rule.paranoia() <= options.paranoiaLevel())
            .toList();
    return new ThreatRuleSet(enabled, configured);
  }

  static List<ThreatRule> shipped() {
    return SHIPPED;
  }

  static Set<String> shippedRuleIds() {
    Set<String> ids = new HashSet<>();
    SHIPPED.forEach(rule -> ids.add(rule.id()));
    return ids;
  }

  private static List<ThreatRule> loadShipped() {
    try (InputStream in = ThreatRuleSet.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      @SuppressWarnings("unchecked")
      JsonObject root = new JsonObject((Map<String, Object>) document);
      JsonArray list = root.getJsonArray("rules");
      List<ThreatRule> rules = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        ThreatRule rule =
            ThreatRule.fromJson(list.getJsonObject(i), "rules.yaml rules[" + i + "]", problems);
        if (rule != null && !ids.add(rule.id())) {
          problems.add("rules.yaml rules[" + i + "].id: duplicate \"" + rule.id() + "\"");
        }
        if (rule != null) {
          rules.add(rule);
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalStateException(
            "invalid shipped threat rules: " + String.join("; ", problems));
      }
      return List.copyOf(rules);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
