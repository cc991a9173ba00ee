package io.antbot.security.protection;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed, forgiving reads of one configuration section for the protection options records: a value
 * of the wrong type or out of range yields the fallback and one problem text naming the full dotted
 * path, e.g. {@code security.threats.threshold: expected an integer from 1 to 1000, got "high"}.
 * The options' {@code validate()} returns those texts, so every problem of a section is reported at
 * once.
 */
public final class SectionReader {

  private final JsonObject section;
  private final String prefix;
  private final List<String> problems = new ArrayList<>();

  /**
   * @param prefix the section's dotted path, e.g. {@code security.threats}
   */
  public SectionReader(JsonObject section, String prefix) {
    this.section = section == null ? new JsonObject() : section;
    this.prefix = prefix;
  }

  public String path(String key) {
    return prefix + "." + key;
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  public void problem(String key, String text) {
    problems.add(path(key) + ": " + text);
  }

  /** Reports every key of the section not in {@code known}. */
  public void rejectUnknown(Set<String> known) {
    for (String key : section.fieldNames()) {
      if (!known.contains(key)) {
        problem(
            key,
            "unknown key (expected one of "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
  }

  public boolean bool(String key, boolean fallback) {
    Object value = section.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean flag) {
      return flag;
    }
    problem(key, "expected true or false, got " + describe(value));
    return fallback;
  }

  public long integer(String key, long fallback, long min, long max) {
    Object value = section.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number number
        && number.doubleValue() == Math.rint(number.doubleValue())
        && number.doubleValue() >= min
        && number.doubleValue() <= max) {
      return number.longValue();
    }
    problem(key, "expected an integer from " + min + " to " + max + ", got " + describe(value));
    return fallback;
  }

  public double number(String key, double fallback, double min, double max) {
    Object value = section.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number number
        && number.doubleValue() >= min
        && number.doubleValue() <= max) {
      return number.doubleValue();
    }
    problem(key, "expected a number from " + min + " to " + max + ", got " + describe(value));
    return fallback;
  }

  public String string(String key, String fallback) {
    Object value = section.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String text) {
      return text;
    }
    problem(key, "expected a string, got " + describe(value));
    return fallback;
  }

  /**
   * A string that must parse into one of {@code allowed} (their wire names, for the error text).
   */
  public <E> E choice(
      String key, E fallback, Function<String, Optional<E>> parse, List<String> allowed) {
    Object value = section.getValue(key);
    if (value == null) {
      return fallback;
    }
    Optional<E> parsed = value instanceof String text ? parse.apply(text) : Optional.empty();
    if (parsed.isPresent()) {
      return parsed.get();
    }
    problem(key, "expected one of " + String.join(", ", allowed) + ", got " + describe(value));
    return fallback;
  }

  public List<String> strings(String key, List<String> fallback) {
    Object value = section.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof JsonArray array)) {
      problem(key, "expected a list of strings, got " + describe(value));
      return fallback;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (array.getValue(i) instanceof String text) {
        out.add(text);
      } else {
        problem(key + "[" + i + "]", "expected a string, got " + describe(array.getValue(i)));
      }
    }
    return List.copyOf(out);
  }

  public JsonObject object(String key) {
    Object value = section.getValue(key);
    if (value == null) {
      return new JsonObject();
    }
    if (value instanceof JsonObject object) {
      return object;
    }
    problem(key, "expected a map, got " + describe(value));
    return new JsonObject();
  }

  public List<JsonObject> objects(String key) {
    Object value = section.getValue(key);
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
