package io.antbot.settings;

import io.antbot.bus.LinearRegex;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The validation rules of {@code conf/schema.yaml}: one entry per dotted path ({@code *} any map
 * key, {@code []} the items of a list), read into {@link SchemaRule}s and looked up by concrete
 * path.
 */
public final class ConfigSchema {

  /** A schema without rules: nothing is checked and every key is unknown. */
  public static final ConfigSchema EMPTY = new ConfigSchema(List.of());

  private static final Set<String> ATTRIBUTES =
      Set.of(
          "type",
          "required",
          "min",
          "max",
          "enum",
          "pattern",
          "format",
          "secret",
          "live",
          "override",
          "default",
          "description");

  private final List<SchemaRule> rules;
  private final Map<String, SchemaRule> exact = new HashMap<>();
  private final List<SchemaRule> wildcard = new ArrayList<>();
  private final Set<String> open = new java.util.HashSet<>();
  private final List<String> candidates;

  public ConfigSchema(List<SchemaRule> rules) {
    this.rules = List.copyOf(rules);
    for (SchemaRule rule : this.rules) {
      if (rule.wildcards() == 0) {
        exact.put(rule.path(), rule);
      } else {
        wildcard.add(rule);
      }
    }
    for (SchemaRule rule : this.rules) {
      if (rule.type() == ValueType.OBJECT
          && this.rules.stream().noneMatch(other -> isBelow(other.segments(), rule.segments()))) {
        open.add(rule.path());
      }
    }
    Set<String> names = new LinkedHashSet<>();
    for (SchemaRule rule : this.rules) {
      for (int i = 1; i <= rule.segments().size(); i++) {
        names.add(SchemaRule.join(rule.segments().subList(0, i)));
      }
    }
    candidates = List.copyOf(names);
  }

  /**
   * Reads {@code schema.yaml} from {@code confDir}; a missing schema is an empty one (nothing is
   * checked). The configuration service and {@code config check} use {@link #readOrShipped}.
   */
  public static ConfigSchema read(Path confDir) throws ConfigException {
    try {
      return parse(YamlDocument.read(confDir.resolve("schema.yaml")));
    } catch (NoSuchFileException e) {
      return EMPTY;
    }
  }

  /** Reads {@code schema.yaml} from {@code confDir}; without one, the packaged schema. */
  public static ConfigSchema readOrShipped(Path confDir) throws ConfigException {
    try {
      return parse(YamlDocument.read(confDir.resolve("schema.yaml")));
    } catch (NoSuchFileException e) {
      return Settings.shipped();
    }
  }

  /** Parses a schema document; a malformed rule is an error naming its line. */
  public static ConfigSchema parse(YamlDocument document) throws ConfigException {
    List<SchemaRule> rules = new ArrayList<>();
    for (Map.Entry<String, Object> entry : document.content()) {
      String where = document.locate(entry.getKey());
      if (!(entry.getValue() instanceof JsonObject body)) {
        throw new ConfigException(
            where + ": " + entry.getKey() + ": expected a mapping of rule attributes");
      }
      rules.add(rule(entry.getKey(), body, where));
    }
    return new ConfigSchema(rules);
  }

  private static SchemaRule rule(String path, JsonObject body, String where)
      throws ConfigException {
    for (String name : body.fieldNames()) {
      if (!ATTRIBUTES.contains(name)) {
        throw new ConfigException(
            where
                + ": "
                + path
                + ": unknown rule attribute '"
                + name
                + "' (expected one of "
                + String.join(", ", ATTRIBUTES.stream().sorted().toList())
                + ")");
      }
    }
    ValueType type = null;
    if (body.getValue("type") != null) {
      type = ValueType.of(String.valueOf(body.getValue("type")));
      if (type == null) {
        throw new ConfigException(
            where
                + ": "
                + path
                + ": unknown type '"
                + body.getValue("type")
                + "' (expected string, number, integer, boolean, object or list)");
      }
    }
    Double min = bound(body, "min", path, where);
    Double max = bound(body, "max", path, where);
    if (min != null && max != null && min > max) {
      throw new ConfigException(where + ": " + path + ": min is greater than max");
    }
    List<Object> allowed = null;
    if (body.getValue("enum") != null) {
      if (!(body.getValue("enum") instanceof JsonArray values) || values.isEmpty()) {
        throw new ConfigException(where + ": " + path + ": enum must be a non-empty list");
      }
      allowed = new ArrayList<>();
      values.forEach(allowed::add);
    }
    Pattern pattern = null;
    if (body.getValue("pattern") != null) {
      try {
        pattern = Pattern.compile(String.valueOf(body.getValue("pattern")));
      } catch (PatternSyntaxException e) {
        throw new ConfigException(
            where
                + ": "
                + path
                + ": pattern is not a valid regular expression: "
                + e.getDescription());
      }
    }
    Object format = body.getValue("format");
    if (format != null && !LinearRegex.FORMAT.equals(format)) {
      throw new ConfigException(
          where + ": " + path + ": format must be " + LinearRegex.FORMAT + ", got " + format);
    }
    return new SchemaRule(
        path,
        SchemaRule.split(path),
        type,
        flag(body, "required", path, where),
        min,
        max,
        allowed,
        pattern,
        body.getValue("secret") == null ? null : flag(body, "secret", path, where),
        flag(body, "live", path, where),
        body.getValue("override") == null || flag(body, "override", path, where),
        body.getValue("default"),
        body.getValue("description") == null ? null : String.valueOf(body.getValue("description")),
        where,
        (String) format);
  }

  private static Double bound(JsonObject body, String name, String path, String where)
      throws ConfigException {
    Object value = body.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number)) {
      throw new ConfigException(where + ": " + path + ": " + name + " must be a number");
    }
    return number.doubleValue();
  }

  private static boolean flag(JsonObject body, String name, String path, String where)
      throws ConfigException {
    Object value = body.getValue(name);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean bool)) {
      throw new ConfigException(where + ": " + path + ": " + name + " must be true or false");
    }
    return bool;
  }

  public List<SchemaRule> rules() {
    return rules;
  }

  /** The most specific rule for a concrete path (fewest {@code *}), or {@code null}. */
  public SchemaRule ruleFor(List<String> path) {
    SchemaRule found = exact.get(SchemaRule.join(path));
    if (found != null) {
      return found;
    }
    for (SchemaRule rule : wildcard) {
      if (rule.matches(path) && (found == null || rule.wildcards() < found.wildcards())) {
        found = rule;
      }
    }
    return found;
  }

  /**
   * The rule that forbids runtime overrides of the concrete key {@code path}: its own or that of a
   * key above it with {@code override: false}; {@code null} when overrides of it are allowed.
   */
  public SchemaRule fixedAtStart(List<String> path) {
    for (int i = path.size(); i > 0; i--) {
      SchemaRule rule = ruleFor(path.subList(0, i));
      if (rule != null && !rule.override()) {
        return rule;
      }
    }
    return null;
  }

  /**
   * Whether some rule describes a key below {@code path}, which is then an intermediate object or
   * list.
   */
  public boolean hasRulesBelow(List<String> path) {
    for (SchemaRule rule : rules) {
      List<String> segments = rule.segments();
      if (segments.size() > path.size()
          && SchemaRule.matches(segments.subList(0, path.size()), path)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code rule} is an object whose content the schema leaves free (no rule below it). */
  public boolean isOpen(SchemaRule rule) {
    return open.contains(rule.path());
  }

  /**
   * Whether the schema knows {@code path}: a rule, an intermediate node, or inside a free-form
   * object.
   */
  public boolean isKnown(List<String> path) {
    for (int i = 1; i < path.size(); i++) {
      SchemaRule rule = ruleFor(path.subList(0, i));
      if (rule != null && isOpen(rule)) {
        return true;
      }
    }
    return ruleFor(path) != null || hasRulesBelow(path);
  }

  /**
   * The known key closest to {@code path} by edit distance, {@code *} in rules standing for the key
   * at the same place in {@code path}; {@code null} when the schema is empty.
   */
  public String nearest(List<String> path) {
    String wanted = SchemaRule.join(path);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      List<String> segments = new ArrayList<>(SchemaRule.split(candidate));
      for (int i = 0; i < segments.size() && i < path.size(); i++) {
        if (SchemaRule.ANY_KEY.equals(segments.get(i)) && !SchemaRule.ITEM.equals(path.get(i))) {
          segments.set(i, path.get(i));
        }
      }
      String text = SchemaRule.join(segments);
      int distance = EditDistance.between(wanted, text);
      if (distance < bestDistance) {
        best = text;
        bestDistance = distance;
      }
    }
    return best;
  }

  private static boolean isBelow(List<String> candidate, List<String> parent) {
    if (candidate.size() <= parent.size()) {
      return false;
    }
    for (int i = 0; i < parent.size(); i++) {
      String a = candidate.get(i);
      String b = parent.get(i);
      if (!a.equals(b) && !SchemaRule.ANY_KEY.equals(a) && !SchemaRule.ANY_KEY.equals(b)) {
        return false;
      }
    }
    return true;
  }
}
