package io.antbot.security.threat;

import io.antbot.settings.SectionReader;
import io.antbot.settings.Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Settings of the threat scanner, from the config section {@code security.threats}. All of them
 * apply live ({@link ThreatScanner#update(ThreatOptions)}).
 *
 * @param enabled {@code false} makes every scan return "no threat" without looking
 * @param mode {@code block} or {@code detect-only}
 * @param threshold anomaly score from which a request is a threat
 * @param paranoiaLevel rules with a higher paranoia level are off (1 to 4)
 * @param maxDecodePasses rounds of URL/entity/escape decoding (double encoding needs 2)
 * @param maxValueLength characters of a value normalised and scanned at once; a longer value is
 *     read in overlapping pieces of this length
 * @param skipHeaders header names (lower case) never scanned, e.g. credentials
 * @param rules extra rules, same fields as the shipped {@code rules.yaml}
 * @param disabledRules ids of shipped or extra rules to switch off
 * @param uninspectable what a request beyond the scanner's limits gets (refused by default)
 * @param workerThresholdBytes request bodies from this size on are scanned on a worker thread, not
 *     the event loop
 * @param readProblems problems found while reading the section (wrong types); {@link #validate()}
 *     adds the rest
 */
public record ThreatOptions(
    boolean enabled,
    ThreatMode mode,
    int threshold,
    int paranoiaLevel,
    int maxDecodePasses,
    int maxValueLength,
    List<String> skipHeaders,
    List<JsonObject> rules,
    List<String> disabledRules,
    UninspectablePolicy uninspectable,
    int workerThresholdBytes,
    List<String> readProblems) {

  public static final String SECTION = "security.threats";

  /** The options with the schema's default limit policy and worker threshold. */
  public ThreatOptions(
      boolean enabled,
      ThreatMode mode,
      int threshold,
      int paranoiaLevel,
      int maxDecodePasses,
      int maxValueLength,
      List<String> skipHeaders,
      List<JsonObject> rules,
      List<String> disabledRules,
      List<String> readProblems) {
    this(
        enabled,
        mode,
        threshold,
        paranoiaLevel,
        maxDecodePasses,
        maxValueLength,
        skipHeaders,
        rules,
        disabledRules,
        defaults().uninspectable(),
        defaults().workerThresholdBytes(),
        readProblems);
  }

  public ThreatOptions {
    skipHeaders = skipHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    rules = List.copyOf(rules);
    disabledRules = List.copyOf(disabledRules);
    readProblems = List.copyOf(readProblems);
  }

  public static ThreatOptions defaults() {
    return fromJson(new JsonObject());
  }

  /** Reads the {@code security.threats} section; {@code null} or {@code {}} gives the defaults. */
  public static ThreatOptions fromJson(JsonObject section) {
    SectionReader read = Settings.read(SECTION, section);
    read.rejectUnknown();
    return new ThreatOptions(
        read.bool("enabled"),
        read.choice("mode", ThreatMode::fromWireName),
        (int) read.integer("threshold"),
        (int) read.integer("paranoia_level"),
        (int) read.integer("max_decode_passes"),
        (int) read.integer("max_value_length"),
        read.strings("skip_headers"),
        read.objects("rules"),
        read.strings("disabled_rules"),
        read.choice("uninspectable", UninspectablePolicy::fromWireName),
        (int) read.integer("worker_threshold_bytes"),
        read.problems());
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("enabled", enabled)
        .put("mode", mode.wireName())
        .put("threshold", threshold)
        .put("paranoia_level", paranoiaLevel)
        .put("max_decode_passes", maxDecodePasses)
        .put("max_value_length", maxValueLength)
        .put("skip_headers", new JsonArray(skipHeaders))
        .put("rules", new JsonArray(new ArrayList<>(rules)))
        .put("disabled_rules", new JsonArray(disabledRules))
        .put("uninspectable", uninspectable.wireName())
        .put("worker_threshold_bytes", workerThresholdBytes);
  }

  /** Every problem with its dotted path; empty when the options are usable. */
  public List<String> validate() {
    List<String> problems = new ArrayList<>(readProblems);
    if (threshold < 1 || threshold > 1000) {
      problems.add(SECTION + ".threshold: expected an integer from 1 to 1000, got " + threshold);
    }
    if (paranoiaLevel < 1 || paranoiaLevel > 4) {
      problems.add(
          SECTION + ".paranoia_level: expected an integer from 1 to 4, got " + paranoiaLevel);
    }
    if (maxDecodePasses < 1 || maxDecodePasses > 10) {
      problems.add(
          SECTION + ".max_decode_passes: expected an integer from 1 to 10, got " + maxDecodePasses);
    }
    if (maxValueLength < 64) {
      problems.add(SECTION + ".max_value_length: expected at least 64, got " + maxValueLength);
    }
    Set<String> ids = new HashSet<>(ThreatRuleSet.shippedRuleIds());
    for (int i = 0; i < rules.size(); i++) {
      ThreatRule rule = ThreatRule.fromJson(rules.get(i), SECTION + ".rules[" + i + "]", problems);
      if (rule != null && !ids.add(rule.id())) {
        problems.add(SECTION + ".rules[" + i + "].id: \"" + rule.id() + "\" is already taken");
      }
      String backtracking =
          rule == null || rule.pattern() == null
              ? null
              : io.antbot.bus.LinearRegex.problem(rule.pattern());
      if (backtracking != null) {
        problems.add(SECTION + ".rules[" + i + "].pattern: refused: " + backtracking);
      }
    }
    for (String id : disabledRules) {
      if (!ids.contains(id)) {
        problems.add(SECTION + ".disabled_rules: no rule has the id \"" + id + "\"");
      }
    }
    return problems;
  }

  /** The extra rules, parsed; only meaningful when {@link #validate()} is empty. */
  List<ThreatRule> extraRules() {
    List<String> ignored = new ArrayList<>();
    List<ThreatRule> parsed = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      ThreatRule rule = ThreatRule.fromJson(rules.get(i), SECTION + ".rules[" + i + "]", ignored);
      if (rule != null) {
        parsed.add(rule);
      }
    }
    return parsed;
  }
}
