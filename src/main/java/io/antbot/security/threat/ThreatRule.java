package io.antbot.security.threat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One detection rule, as written in the shipped {@code rules.yaml} or in {@code
 * security.threats.rules}.
 *
 * <p>A rule is either a regular expression ({@code pattern}) over the canonical form of a value
 * (decoded, NFKC, lower case, SQL block comments replaced, white space collapsed — see {@link
 * InputNormalizer}), guarded by {@code anchors}: literal strings of which at least one must occur
 * in the value for the expression to be tried; or a built-in {@code detector} ({@code sql-tokens},
 * {@code html-tokens}, {@code encoding-layers}). Matching rules add their {@code score} to the
 * request's anomaly score; rules above the configured paranoia level are off.
 *
 * @param id unique, lower case ({@code sqli-union-select})
 * @param score added to the anomaly score when the rule matches (5 critical, 4 error, 3 warning, 2
 *     notice)
 * @param paranoia 1 (default, few false positives) to 4 (most aggressive)
 * @param pattern the regular expression, or {@code null} for a detector rule
 * @param detector the built-in detector's name, or {@code null} for a pattern rule
 * @param anchors lower-case ASCII literals; empty means "try on every value"
 * @param targets where the rule applies; all by default
 * @param examples inputs the rule must match (checked by the tests)
 * @param benign inputs the rule must not match (checked by the tests)
 */
public record ThreatRule(
    String id,
    ThreatCategory category,
    int score,
    int paranoia,
    String description,
    String pattern,
    String detector,
    List<String> anchors,
    Set<ScanTarget> targets,
    List<String> examples,
    List<String> benign) {

  public static final Set<String> DETECTORS =
      Set.of(
          "sql-tokens",
          "html-tokens",
          "encoding-layers",
          "shell-tokens",
          "path-tokens",
          "restricted-path",
          "php-tokens",
          "code-tokens",
          "script-context",
          "sql-fragments");

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "category",
          "score",
          "paranoia",
          "description",
          "pattern",
          "detector",
          "anchors",
          "targets",
          "examples",
          "benign");

  public ThreatRule {
    anchors = List.copyOf(anchors);
    targets = targets.isEmpty() ? Set.of() : Set.copyOf(targets);
    examples = List.copyOf(examples);
    benign = List.copyOf(benign);
  }

  /** Whether the rule applies to values from {@code target}. */
  public boolean appliesTo(ScanTarget target) {
    return target == ScanTarget.VALUE || targets.isEmpty() || targets.contains(target);
  }

  /**
   * Reads a rule, adding one text per problem (prefixed with {@code path}) to {@code problems};
   * returns {@code null} when the rule is unusable.
   */
  public static ThreatRule fromJson(JsonObject json, String path, List<String> problems) {
    int before = problems.size();
    for (String field : json.fieldNames()) {
      if (!FIELDS.contains(field)) {
        problems.add(path + "." + field + ": unknown field");
      }
    }
    String id = json.getValue("id") instanceof String s ? s : null;
    if (id == null || !ID.matcher(id).matches()) {
      problems.add(
          path
              + ".id: expected a lower-case identifier ([a-z0-9._-], at most 64), got "
              + describe(json.getValue("id")));
    }
    ThreatCategory category =
        json.getValue("category") instanceof String s
            ? ThreatCategory.fromWireName(s).orElse(null)
            : null;
    if (category == null) {
      problems.add(
          path
              + ".category: expected one of "
              + categories()
              + ", got "
              + describe(json.getValue("category")));
    }
    int score = integer(json, "score", -1, 1, 100, path, problems);
    int paranoia = integer(json, "paranoia", 1, 1, 4, path, problems);
    String description = json.getValue("description") instanceof String s ? s : "";
    String pattern = json.getValue("pattern") instanceof String s ? s : null;
    String detector = json.getValue("detector") instanceof String s ? s : null;
    if ((pattern == null) == (detector == null)) {
      problems.add(path + ": needs exactly one of pattern or detector");
    }
    if (pattern != null) {
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        problems.add(path + ".pattern: not a valid regular expression: " + e.getDescription());
      }
    }
    if (detector != null && !DETECTORS.contains(detector)) {
      problems.add(
          path
              + ".detector: expected one of "
              + DETECTORS.stream().sorted().toList()
              + ", got \""
              + detector
              + "\"");
    }
    List<String> anchors = strings(json, "anchors", path, problems);
    for (String anchor : anchors) {
      if (anchor.isEmpty()
          || !anchor.chars().allMatch(c -> c < 128)
          || !anchor.equals(anchor.toLowerCase(Locale.ROOT))) {
        problems.add(path + ".anchors: \"" + anchor + "\" must be non-empty lower-case ASCII");
      }
    }
    EnumSet<ScanTarget> targets = EnumSet.noneOf(ScanTarget.class);
    for (String target : strings(json, "targets", path, problems)) {
      ScanTarget parsed =
          ScanTarget.fromWireName(target).filter(t -> t != ScanTarget.VALUE).orElse(null);
      if (parsed == null) {
        problems.add(
            path
                + ".targets: expected path, query, header, cookie or body, got \""
                + target
                + "\"");
      } else {
        targets.add(parsed);
      }
    }
    List<String> examples = strings(json, "examples", path, problems);
    List<String> benign = strings(json, "benign", path, problems);
    if (problems.size() > before) {
      return null;
    }
    return new ThreatRule(
        id,
        category,
        score,
        paranoia,
        description,
        pattern,
        detector,
        anchors,
        targets,
        examples,
        benign);
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("id", id)
            .put("category", category.wireName())
            .put("score", score)
            .put("paranoia", paranoia);
    if (!description.isEmpty()) {
      json.put("description", description);
    }
    if (pattern != null) {
      json.put("pattern", pattern);
    } else {
      json.put("detector", detector);
    }
    if (!anchors.isEmpty()) {
      json.put("anchors", new JsonArray(anchors));
    }
    if (!targets.isEmpty()) {
      json.put(
          "targets", new JsonArray(targets.stream().map(ScanTarget::wireName).sorted().toList()));
    }
    return json;
  }

  private static int integer(
      JsonObject json,
      String field,
      int fallback,
      int min,
      int max,
      String path,
      List<String> problems) {
    Object value = json.getValue(field);
    if (value == null && fallback >= 0) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long)
        || ((Number) value).longValue() < min
        || ((Number) value).longValue() > max) {
      problems.add(
          path
              + "."
              + field
              + ": expected an integer from "
              + min
              + " to "
              + max
              + ", got "
              + describe(value));
      return fallback;
    }
    return ((Number) value).intValue();
  }

  private static List<String> strings(
      JsonObject json, String field, String path, List<String> problems) {
    Object value = json.getValue(field);
    if (value == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (!(value instanceof JsonArray array)) {
      problems.add(path + "." + field + ": expected a list of strings, got " + describe(value));
      return out;
    }
    for (Object item : array) {
      if (item instanceof String s) {
        out.add(s);
      } else {
        problems.add(
            path + "." + field + ": expected a list of strings, got an item " + describe(item));
      }
    }
    return out;
  }

  private static List<String> categories() {
    return java.util.Arrays.stream(ThreatCategory.values()).map(ThreatCategory::wireName).toList();
  }

  private static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
