package io.antbot.config;

import io.antbot.bus.ConfigProblem;
import io.antbot.bus.JsonFields;
import io.antbot.bus.LinearRegex;
import io.antbot.settings.ConfigSchema;
import io.antbot.settings.SchemaRule;
import io.antbot.settings.ValueType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a merged configuration against a {@link ConfigSchema}: type, required, min/max, enum and
 * pattern. Every problem is reported at once, each with its path and the rule it broke; unknown
 * keys are warnings naming the nearest known key. Secret values are never quoted in a message.
 */
public final class ConfigValidator {

  private final ConfigSchema schema;
  private final Redaction redaction;

  public ConfigValidator(ConfigSchema schema) {
    this.schema = schema;
    this.redaction = new Redaction(schema);
  }

  /**
   * Validates {@code config}; problems carry no location (the caller knows which layer set what).
   */
  public ValidationReport validate(JsonObject config) {
    List<ConfigProblem> errors = new ArrayList<>();
    List<ConfigProblem> warnings = new ArrayList<>();
    walkObject(config, "", new ArrayList<>(), errors, warnings);
    checkRequired(config, errors);
    return new ValidationReport(errors, warnings);
  }

  private void walkObject(
      JsonObject object,
      String display,
      List<String> segments,
      List<ConfigProblem> errors,
      List<ConfigProblem> warnings) {
    for (Map.Entry<String, Object> entry : object) {
      segments.add(entry.getKey());
      visit(
          entry.getValue(),
          display.isEmpty() ? entry.getKey() : display + "." + entry.getKey(),
          segments,
          errors,
          warnings);
      segments.remove(segments.size() - 1);
    }
  }

  private void walkList(
      JsonArray list,
      String display,
      List<String> segments,
      List<ConfigProblem> errors,
      List<ConfigProblem> warnings) {
    segments.add(SchemaRule.ITEM);
    if (schema.ruleFor(segments) != null || schema.hasRulesBelow(segments)) {
      for (int i = 0; i < list.size(); i++) {
        visit(list.getValue(i), display + "[" + i + "]", segments, errors, warnings);
      }
    }
    segments.remove(segments.size() - 1);
  }

  private void visit(
      Object value,
      String display,
      List<String> segments,
      List<ConfigProblem> errors,
      List<ConfigProblem> warnings) {
    SchemaRule rule = schema.ruleFor(segments);
    if (rule != null) {
      if (value == null) {
        return;
      }
      ConfigProblem problem = check(rule, value, display, segments);
      if (problem != null) {
        errors.add(problem);
        return;
      }
      if (value instanceof JsonObject object && !schema.isOpen(rule)) {
        walkObject(object, display, segments, errors, warnings);
      } else if (value instanceof JsonArray list) {
        walkList(list, display, segments, errors, warnings);
      }
    } else if (schema.hasRulesBelow(segments)) {
      if (value instanceof JsonObject object) {
        walkObject(object, display, segments, errors, warnings);
      } else if (value instanceof JsonArray list && SchemaRule.ITEM.equals(nextBelow(segments))) {
        walkList(list, display, segments, errors, warnings);
      } else if (value != null) {
        String expected =
            SchemaRule.ITEM.equals(nextBelow(segments))
                ? ValueType.LIST.words()
                : ValueType.OBJECT.words();
        errors.add(
            new ConfigProblem(
                display,
                ConfigProblem.TYPE,
                display + ": expected " + expected + ", got " + shown(segments, value),
                null));
      }
    } else {
      String nearest = schema.nearest(segments);
      warnings.add(
          new ConfigProblem(
              display,
              ConfigProblem.UNKNOWN,
              display
                  + ": unknown key"
                  + (nearest == null ? "" : " (did you mean " + nearest + "?)"),
              null));
    }
  }

  /**
   * The segment that rules below {@code segments} continue with: {@code []} for a list, else a key.
   */
  private String nextBelow(List<String> segments) {
    for (SchemaRule rule : schema.rules()) {
      List<String> ruleSegments = rule.segments();
      if (ruleSegments.size() > segments.size()
          && SchemaRule.matches(ruleSegments.subList(0, segments.size()), segments)
          && SchemaRule.ITEM.equals(ruleSegments.get(segments.size()))) {
        return SchemaRule.ITEM;
      }
    }
    return "";
  }

  /** The first rule {@code value} breaks, or {@code null}. */
  private ConfigProblem check(
      SchemaRule rule, Object value, String display, List<String> segments) {
    if (rule.type() != null && !rule.type().accepts(value)) {
      return problem(
          display,
          ConfigProblem.TYPE,
          "expected " + rule.type().words() + ", got " + shown(segments, value));
    }
    if (value instanceof Number number) {
      double d = number.doubleValue();
      if (rule.min() != null && d < rule.min()) {
        return problem(
            display,
            ConfigProblem.MIN,
            "must be at least " + number(rule.min()) + ", got " + shown(segments, value));
      }
      if (rule.max() != null && d > rule.max()) {
        return problem(
            display,
            ConfigProblem.MAX,
            "must be at most " + number(rule.max()) + ", got " + shown(segments, value));
      }
    } else if (value instanceof String text) {
      if (rule.min() != null && text.length() < rule.min()) {
        return problem(
            display,
            ConfigProblem.MIN,
            "must be at least " + number(rule.min()) + " characters long, got " + text.length());
      }
      if (rule.max() != null && text.length() > rule.max()) {
        return problem(
            display,
            ConfigProblem.MAX,
            "must be at most " + number(rule.max()) + " characters long, got " + text.length());
      }
    } else if (value instanceof JsonArray list) {
      if (rule.min() != null && list.size() < rule.min()) {
        return problem(
            display,
            ConfigProblem.MIN,
            "must have at least " + number(rule.min()) + " items, got " + list.size());
      }
      if (rule.max() != null && list.size() > rule.max()) {
        return problem(
            display,
            ConfigProblem.MAX,
            "must have at most " + number(rule.max()) + " items, got " + list.size());
      }
    }
    if (rule.allowed() != null
        && rule.allowed().stream().noneMatch(allowed -> same(allowed, value))) {
      String choices =
          rule.allowed().stream().map(String::valueOf).collect(Collectors.joining(", "));
      return problem(
          display,
          ConfigProblem.ENUM,
          "must be one of " + choices + ", got " + shown(segments, value));
    }
    if (rule.pattern() != null
        && value instanceof String text
        && !rule.pattern().matcher(text).matches()) {
      return problem(
          display,
          ConfigProblem.PATTERN,
          "must match " + rule.pattern().pattern() + ", got " + shown(segments, value));
    }
    if (LinearRegex.FORMAT.equals(rule.format()) && value instanceof String text) {
      String refused = LinearRegex.problem(text);
      if (refused != null) {
        return problem(display, ConfigProblem.FORMAT, "refused: " + refused);
      }
    }
    return null;
  }

  /**
   * Required keys: at their path, or under every instance of a wildcard parent ({@code
   * bots[].class}).
   */
  private void checkRequired(JsonObject config, List<ConfigProblem> errors) {
    for (SchemaRule rule : schema.rules()) {
      if (!rule.required()) {
        continue;
      }
      List<String> segments = rule.segments();
      String last = segments.get(segments.size() - 1);
      if (SchemaRule.ITEM.equals(last) || SchemaRule.ANY_KEY.equals(last)) {
        continue;
      }
      List<String> parent = segments.subList(0, segments.size() - 1);
      if (!parent.contains(SchemaRule.ANY_KEY) && !parent.contains(SchemaRule.ITEM)) {
        if (ConfigLayers.lookup(config, rule.path()) == null) {
          errors.add(problem(rule.path(), ConfigProblem.REQUIRED, "required"));
        }
        continue;
      }
      for (Map.Entry<String, Object> instance : instances(config, parent).entrySet()) {
        if (instance.getValue() instanceof JsonObject object && object.getValue(last) == null) {
          String path = instance.getKey() + "." + last;
          errors.add(problem(path, ConfigProblem.REQUIRED, "required"));
        }
      }
    }
  }

  /** Every concrete node matching {@code pattern}, by display path. */
  private static Map<String, Object> instances(JsonObject config, List<String> pattern) {
    Map<String, Object> found = new java.util.LinkedHashMap<>();
    expand(config, "", pattern, 0, found);
    return found;
  }

  private static void expand(
      Object node, String display, List<String> pattern, int index, Map<String, Object> found) {
    if (index == pattern.size()) {
      found.put(display, node);
      return;
    }
    String segment = pattern.get(index);
    if (SchemaRule.ITEM.equals(segment)) {
      if (node instanceof JsonArray list) {
        for (int i = 0; i < list.size(); i++) {
          expand(list.getValue(i), display + "[" + i + "]", pattern, index + 1, found);
        }
      }
    } else if (node instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        if (SchemaRule.ANY_KEY.equals(segment) || segment.equals(entry.getKey())) {
          expand(
              entry.getValue(),
              display.isEmpty() ? entry.getKey() : display + "." + entry.getKey(),
              pattern,
              index + 1,
              found);
        }
      }
    }
  }

  private String shown(List<String> segments, Object value) {
    return redaction.isSecret(segments) ? Redaction.MASK : JsonFields.describe(value);
  }

  private static ConfigProblem problem(String path, String rule, String text) {
    return new ConfigProblem(path, rule, path + ": " + text, null);
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return a != null && a.equals(b);
  }

  /** {@code 1} rather than {@code 1.0} for whole bounds. */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
