package io.antbot.settings;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one typed reader of a configuration section, for every options record. A key's type, range,
 * allowed values and default come from its schema rule, never from the caller: {@code
 * integer("port")} under {@code http} returns the configured port, or the schema's default when the
 * key is absent.
 *
 * <p>Reading is forgiving: a value of the wrong type or out of range yields the default and one
 * problem naming the full dotted path and the reason, e.g. {@code security.threats.threshold:
 * expected an integer from 1 to 1000, got "high"}, so every problem of a section is reported at
 * once ({@link #problems()}, or {@link #orThrow()} for a caller that stops at the first bad
 * section). Reading a key the schema has no rule for, or with a method of another type, is a
 * programming error ({@link IllegalStateException}), which the options-versus-schema test finds.
 */
public final class SectionReader {

  private final ConfigSchema schema;
  private final String prefix;
  private final String rulePrefix;
  private final JsonObject section;
  private final List<String> problems;

  /**
   * @param prefix the section's dotted path, e.g. {@code security.threats}
   * @param section its value; {@code null} reads as an empty section (every default)
   */
  public SectionReader(ConfigSchema schema, String prefix, JsonObject section) {
    this(schema, prefix, prefix, section, new ArrayList<>());
  }

  private SectionReader(
      ConfigSchema schema,
      String prefix,
      String rulePrefix,
      JsonObject section,
      List<String> problems) {
    this.schema = schema;
    this.prefix = prefix;
    this.rulePrefix = rulePrefix;
    this.section = section == null ? new JsonObject() : section;
    this.problems = problems;
  }

  /** The reader of the sub-section {@code key}; its problems are this reader's. */
  public SectionReader child(String key) {
    Object value = section.getValue(key);
    JsonObject sub = value instanceof JsonObject object ? object : new JsonObject();
    if (value != null && !(value instanceof JsonObject)) {
      problem(key, "expected a map, got " + describe(value));
    }
    return new SectionReader(schema, path(key), rulePath(key), sub, problems);
  }

  /** The reader of item {@code index} of the list {@code key}; its problems are this reader's. */
  public SectionReader item(String key, int index, JsonObject item) {
    return new SectionReader(
        schema, path(key) + "[" + index + "]", rulePath(key) + SchemaRule.ITEM, item, problems);
  }

  public String path(String key) {
    return prefix + "." + key;
  }

  /** The path of {@code key} as the schema spells it: list items as {@code []}. */
  private String rulePath(String key) {
    return rulePrefix + "." + key;
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * Throws when a problem was found.
   *
   * @throws IllegalArgumentException listing every problem, joined by "; "
   */
  public void orThrow() {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** Records a problem of {@code key} found by the caller (a rule across keys). */
  public void problem(String key, String text) {
    problems.add(path(key) + ": " + text);
  }

  /** Reports every key of the section the schema does not know. */
  public void rejectUnknown() {
    for (String key : section.fieldNames()) {
      if (!schema.isKnown(SchemaRule.split(rulePath(key)))) {
        String nearest = schema.nearest(SchemaRule.split(rulePath(key)));
        problem(key, "unknown key" + (nearest == null ? "" : " (did you mean " + nearest + "?)"));
      }
    }
  }

  public boolean bool(String key) {
    SchemaRule rule = rule(key, ValueType.BOOLEAN);
    Object value = valueOrDefault(key, rule);
    if (value instanceof Boolean flag) {
      return flag;
    }
    problem(key, "expected true or false, got " + describe(value));
    return Boolean.TRUE.equals(rule.defaultValue());
  }

  /** An integer within the rule's bounds. */
  public long integer(String key) {
    SchemaRule rule = rule(key, ValueType.INTEGER);
    Object value = valueOrDefault(key, rule);
    if (value instanceof Number number
        && Double.isFinite(number.doubleValue())
        && number.doubleValue() == Math.rint(number.doubleValue())
        && inRange(rule, number.doubleValue())) {
      return number.longValue();
    }
    problem(key, "expected an integer" + range(rule) + ", got " + describe(value));
    return rule.defaultValue() instanceof Number fallback ? fallback.longValue() : 0;
  }

  /**
   * An integer within the rule's bounds, for a key whose rule has no default: {@code null} when the
   * key is absent (the caller decides what absent means, e.g. "required" or "same as another key").
   */
  public Long optionalInteger(String key) {
    SchemaRule rule = schema.ruleFor(SchemaRule.split(rulePath(key)));
    if (rule == null || rule.type() != ValueType.INTEGER) {
      throw new IllegalStateException(path(key) + ": no integer rule in schema.yaml");
    }
    Object value = section.getValue(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Number number
        && Double.isFinite(number.doubleValue())
        && number.doubleValue() == Math.rint(number.doubleValue())
        && inRange(rule, number.doubleValue())) {
      return number.longValue();
    }
    problem(key, "expected an integer" + range(rule) + ", got " + describe(value));
    return null;
  }

  /** A number within the rule's bounds. */
  public double number(String key) {
    SchemaRule rule = rule(key, ValueType.NUMBER);
    Object value = valueOrDefault(key, rule);
    if (value instanceof Number number
        && Double.isFinite(number.doubleValue())
        && inRange(rule, number.doubleValue())) {
      return number.doubleValue();
    }
    problem(key, "expected a number" + range(rule) + ", got " + describe(value));
    return rule.defaultValue() instanceof Number fallback ? fallback.doubleValue() : 0;
  }

  /**
   * A string, one of the rule's {@code enum} values when it has them; {@code null} when the key is
   * absent and the rule has no default.
   */
  public String string(String key) {
    SchemaRule rule = rule(key, ValueType.STRING);
    Object value = valueOrDefault(key, rule);
    if (value == null) {
      return null;
    }
    if (value instanceof String text && (rule.allowed() == null || rule.allowed().contains(text))) {
      if (rule.pattern() == null || rule.pattern().matcher(text).matches()) {
        return text;
      }
      problem(key, mismatch(rule) + ", got " + describe(value));
      return (String) rule.defaultValue();
    }
    problem(
        key,
        (rule.allowed() == null
                ? "expected a string"
                : "expected one of "
                    + String.join(", ", rule.allowed().stream().map(String::valueOf).toList()))
            + ", got "
            + describe(value));
    return (String) rule.defaultValue();
  }

  /** A string parsed into a value; {@code parse} is empty for a string it does not accept. */
  public <E> E choice(String key, Function<String, Optional<E>> parse) {
    SchemaRule rule = rule(key, ValueType.STRING);
    Object value = valueOrDefault(key, rule);
    Optional<E> parsed = value instanceof String text ? parse.apply(text) : Optional.empty();
    if (parsed.isPresent()) {
      return parsed.get();
    }
    String allowed =
        rule.allowed() == null
            ? "an accepted value"
            : "one of " + String.join(", ", rule.allowed().stream().map(String::valueOf).toList());
    problem(key, "expected " + allowed + ", got " + describe(value));
    return parse.apply((String) rule.defaultValue()).orElseThrow();
  }

  /** A list of strings; the rule's default, or empty. */
  public List<String> strings(String key) {
    SchemaRule rule = rule(key, ValueType.LIST);
    Object value = valueOrDefault(key, rule);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      problem(key, "expected a list of strings, got " + describe(value));
      return defaultStrings(rule);
    }
    SchemaRule item = schema.ruleFor(SchemaRule.split(rulePath(key) + SchemaRule.ITEM));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (array.getValue(i) instanceof String text) {
        if (item != null && item.allowed() != null && !item.allowed().contains(text)) {
          problem(
              key + "[" + i + "]",
              "expected one of "
                  + String.join(", ", item.allowed().stream().map(String::valueOf).toList())
                  + ", got "
                  + describe(text));
        } else if (item != null
            && item.pattern() != null
            && !item.pattern().matcher(text).matches()) {
          problem(key + "[" + i + "]", mismatch(item) + ", got " + describe(text));
        } else {
          out.add(text);
        }
      } else {
        problem(key + "[" + i + "]", "expected a string, got " + describe(array.getValue(i)));
      }
    }
    return List.copyOf(out);
  }

  /** A map; the rule's default, or empty. */
  public JsonObject object(String key) {
    SchemaRule rule = rule(key, ValueType.OBJECT);
    Object value = valueOrDefault(key, rule);
    if (value == null) {
      return new JsonObject();
    }
    if (value instanceof JsonObject object) {
      return object;
    }
    problem(key, "expected a map, got " + describe(value));
    return new JsonObject();
  }

  /** A list of maps; empty when absent. */
  public List<JsonObject> objects(String key) {
    SchemaRule rule = rule(key, ValueType.LIST);
    Object value = valueOrDefault(key, rule);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      problem(key, "expected a list of maps, got " + describe(value));
      return List.of();
    }
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (array.getValue(i) instanceof JsonObject object) {
        out.add(object);
      } else {
        problem(key + "[" + i + "]", "expected a map, got " + describe(array.getValue(i)));
      }
    }
    return List.copyOf(out);
  }

  /** The schema rule of {@code key}, which must be of {@code type}. */
  private SchemaRule rule(String key, ValueType type) {
    SchemaRule rule = schema.ruleFor(SchemaRule.split(rulePath(key)));
    if (rule == null) {
      throw new IllegalStateException(path(key) + ": no rule in schema.yaml");
    }
    if (rule.type() != type) {
      throw new IllegalStateException(
          path(key)
              + ": read as "
              + type.schemaName()
              + ", the schema says "
              + rule.type().schemaName());
    }
    return rule;
  }

  private Object valueOrDefault(String key, SchemaRule rule) {
    Object value = section.getValue(key);
    if (value == null) {
      value = rule.defaultValue();
      boolean primitive =
          rule.type() == ValueType.BOOLEAN
              || rule.type() == ValueType.INTEGER
              || rule.type() == ValueType.NUMBER;
      if (value == null && primitive) {
        throw new IllegalStateException(path(key) + ": absent, and the schema gives no default");
      }
      if (value instanceof JsonArray array) {
        return array.copy();
      }
      if (value instanceof JsonObject object) {
        return object.copy();
      }
      if (value instanceof List<?> list) {
        return new JsonArray(new ArrayList<>(list));
      }
      if (value instanceof java.util.Map<?, ?> map) {
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> copy =
            new java.util.LinkedHashMap<>((java.util.Map<String, Object>) map);
        return new JsonObject(copy);
      }
    }
    return value;
  }

  private static List<String> defaultStrings(SchemaRule rule) {
    List<String> out = new ArrayList<>();
    if (rule.defaultValue() instanceof List<?> list) {
      list.forEach(item -> out.add(String.valueOf(item)));
    } else if (rule.defaultValue() instanceof JsonArray array) {
      array.forEach(item -> out.add(String.valueOf(item)));
    }
    return List.copyOf(out);
  }

  /** The reason for a string that fails the rule's pattern, as the config validator words it. */
  private static String mismatch(SchemaRule rule) {
    return "must match " + rule.pattern().pattern();
  }

  private static boolean inRange(SchemaRule rule, double value) {
    return (rule.min() == null || value >= rule.min())
        && (rule.max() == null || value <= rule.max());
  }

  /** {@code " from 1 to 1000"}, {@code " of at least 0"}, or nothing. */
  private static String range(SchemaRule rule) {
    if (rule.min() != null && rule.max() != null) {
      return " from " + bound(rule.min()) + " to " + bound(rule.max());
    }
    if (rule.min() != null) {
      return " of at least " + bound(rule.min());
    }
    if (rule.max() != null) {
      return " of at most " + bound(rule.max());
    }
    return "";
  }

  private static String bound(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf((long) value)
        : String.valueOf(value);
  }

  /** A short rendering of a bad value for an error text. */
  public static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    String text;
    if (value instanceof String s) {
      text = "\"" + s + "\"";
    } else if (value instanceof JsonObject) {
      text = "a map";
    } else if (value instanceof JsonArray) {
      text = "a list";
    } else {
      text = String.valueOf(value);
    }
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
