package io.antbot.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Typed reads of a JSON message body that fail with a {@code 400} {@link BusException} whose text
 * names the field and what was wrong, e.g. {@code amount: expected a number, got "abc"}.
 *
 * <p>Message records use it in their {@code fromJson}; it is the one place where bad input becomes
 * a precise error. Every string it returns is bounded: {@link #MAX_STRING_CHARS} unless the caller
 * states another bound, so that no field of a bus record can carry an unbounded value into a log
 * line, an audit entry or a state file.
 */
public final class JsonFields {

  /** The longest string field a record accepts unless it states its own bound. */
  public static final int MAX_STRING_CHARS = 4096;

  /**
   * An account name: the rule of the user store (lower case, digits, {@code . _ -}, at most 64).
   */
  public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /**
   * An IP address literal: IPv4, or IPv6 with optional brackets and zone id, either with an
   * optional port ({@code 192.0.2.1:8080}, {@code [2001:db8::1]:8080}), the forms the security
   * service's own parser reads. Names are not addresses: nothing here resolves, and {@code
   * localhost} is refused.
   */
  public static final Predicate<String> IP_LITERAL = JsonFields::isIpLiteral;

  /**
   * A token id ({@code jti}): base64url characters, as the security service issues them (22) with
   * room to spare.
   */
  public static final Pattern TOKEN_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /**
   * What an IP literal may contain at all, and its longest form; it also keeps a zone id to these
   * characters.
   */
  private static final Pattern IP_CHARACTERS = Pattern.compile("[0-9A-Za-z:.\\[\\]%_-]{2,80}");

  private JsonFields() {}

  /**
   * {@link #requireString(JsonObject, String)} that also matches {@code shape}, described as {@code
   * what}.
   */
  public static String requireMatching(JsonObject body, String field, Pattern shape, String what) {
    return requireMatching(body, field, shape.asMatchPredicate(), what);
  }

  /**
   * {@link #requireString(JsonObject, String)} that also passes {@code shape}, described as {@code
   * what}.
   */
  public static String requireMatching(
      JsonObject body, String field, Predicate<String> shape, String what) {
    return matching(field, requireString(body, field), shape, what);
  }

  /**
   * {@link #optionalString(JsonObject, String, String)} that, when present, also matches {@code
   * shape}.
   */
  public static String optionalMatching(JsonObject body, String field, Pattern shape, String what) {
    return optionalMatching(body, field, shape.asMatchPredicate(), what);
  }

  /**
   * {@link #optionalString(JsonObject, String, String)} that, when present, also passes {@code
   * shape}.
   */
  public static String optionalMatching(
      JsonObject body, String field, Predicate<String> shape, String what) {
    String text = optionalString(body, field, null);
    return text == null ? null : matching(field, text, shape, what);
  }

  private static String matching(String field, String text, Predicate<String> shape, String what) {
    if (!shape.test(text)) {
      throw BusException.badRequest(field + ": expected " + what + ", got " + describe(text));
    }
    return text;
  }

  private static boolean isIpLiteral(String text) {
    return IP_CHARACTERS.matcher(text).matches() && IpAddresses.isLiteral(text);
  }

  /** Rejects any field of {@code body} not in {@code known}, naming the first one found. */
  public static void rejectUnknown(JsonObject body, Set<String> known) {
    for (String name : body.fieldNames()) {
      if (!known.contains(name)) {
        throw BusException.badRequest(
            name
                + ": unknown field (expected one of "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
  }

  public static String requireString(JsonObject body, String field) {
    return requireString(body, field, MAX_STRING_CHARS);
  }

  /** A non-blank string of at most {@code maxChars} characters. */
  public static String requireString(JsonObject body, String field, int maxChars) {
    Object value = body.getValue(field);
    if (value == null) {
      throw missing(field);
    }
    if (!(value instanceof String text)) {
      throw wrongType(field, "a string", value);
    }
    if (text.isBlank()) {
      throw BusException.badRequest(field + ": must not be blank");
    }
    return bounded(field, text, maxChars);
  }

  public static String optionalString(JsonObject body, String field, String fallback) {
    return optionalString(body, field, fallback, MAX_STRING_CHARS);
  }

  /** A string of at most {@code maxChars} characters, or {@code fallback} when absent. */
  public static String optionalString(
      JsonObject body, String field, String fallback, int maxChars) {
    Object value = body.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String text)) {
      throw wrongType(field, "a string", value);
    }
    return bounded(field, text, maxChars);
  }

  private static String bounded(String field, String text, int maxChars) {
    if (text.length() > maxChars) {
      throw BusException.badRequest(
          field + ": at most " + maxChars + " characters, got " + text.length());
    }
    return text;
  }

  public static double requireNumber(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      throw missing(field);
    }
    return number(field, value);
  }

  public static Double optionalNumber(JsonObject body, String field) {
    Object value = body.getValue(field);
    return value == null ? null : number(field, value);
  }

  /**
   * A finite number; NaN and infinities (which JSON cannot carry but Java senders can) are
   * rejected.
   */
  private static double number(String field, Object value) {
    if (!(value instanceof Number number)) {
      throw wrongType(field, "a number", value);
    }
    double d = number.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw BusException.badRequest(field + ": expected a finite number, got " + d);
    }
    return d;
  }

  /** The deepest nesting a free-form JSON value (a configuration value, log fields) may have. */
  public static final int MAX_DEPTH = 32;

  /**
   * The longest field name inside a free-form JSON value (state files are read back with Jackson's
   * name limits).
   */
  public static final int MAX_NAME_CHARS = 256;

  /**
   * The largest free-form JSON value a record accepts unless it states its own bound, in characters
   * of its JSON text: the size of a configuration document that {@code antbot.config.validate}
   * accepts.
   */
  public static final int MAX_STORABLE_CHARS = 256 * 1024;

  /**
   * The most digits a number may have: Jackson refuses longer number literals when a state file is
   * read back.
   */
  public static final int MAX_NUMBER_CHARS = 1000;

  /**
   * Checks a free-form JSON value that will be stored, with the default bound of {@link
   * #MAX_STORABLE_CHARS}.
   *
   * @see #requireStorable(String, Object, int)
   */
  public static Object requireStorable(String field, Object value) {
    return requireStorable(field, value, MAX_STORABLE_CHARS);
  }

  /**
   * Checks a free-form JSON value that will be stored or logged, so that whatever reads it back
   * (the next start, a log reader) can: only finite numbers (a {@code 1e400} in a request body
   * parses as an infinity, which JSON cannot carry, so the next start could not read it back) of at
   * most {@link #MAX_NUMBER_CHARS} digits, at most {@link #MAX_DEPTH} levels of nesting, field
   * names of at most {@link #MAX_NAME_CHARS} characters, and at most {@code maxChars} characters of
   * JSON text in all ({@code 413} beyond).
   */
  public static Object requireStorable(String field, Object value, int maxChars) {
    long size = storable(field, value, 0);
    if (size > maxChars) {
      throw new BusException(
          FailureCode.TOO_LARGE,
          field
              + ": at most "
              + maxChars
              + " characters of JSON, got "
              + (size == Long.MAX_VALUE ? "more" : String.valueOf(size)));
    }
    return value;
  }

  /**
   * The length of {@code value}'s JSON text (strings counted without escapes), after checking its
   * shape.
   */
  private static long storable(String path, Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw BusException.badRequest(path + ": nested deeper than " + MAX_DEPTH + " levels");
    }
    if (value instanceof String text) {
      return text.length() + 2L;
    }
    if (value instanceof Number number) {
      int digits = number.toString().length();
      if (digits > MAX_NUMBER_CHARS) {
        throw BusException.badRequest(
            path + ": a number of " + digits + " characters (at most " + MAX_NUMBER_CHARS + ")");
      }
      if (!Double.isFinite(number.doubleValue())) {
        throw BusException.badRequest(
            path + ": expected a finite number, got " + number + " (out of the range of a double)");
      }
      return digits;
    }
    if (value == null || value instanceof Boolean) {
      return String.valueOf(value).length();
    }
    long size = 2;
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        String name = entry.getKey();
        if (name.length() > MAX_NAME_CHARS) {
          throw BusException.badRequest(
              path
                  + ": a field name of "
                  + name.length()
                  + " characters (at most "
                  + MAX_NAME_CHARS
                  + ")");
        }
        size =
            capped(
                size
                    + name.length()
                    + 3
                    + storable(path + "." + name, entry.getValue(), depth + 1));
      }
      return object.isEmpty() ? size : size + object.size() - 1;
    }
    if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        size = capped(size + storable(path + "[" + i + "]", array.getValue(i), depth + 1));
      }
      return array.isEmpty() ? size : size + array.size() - 1;
    }
    // What else Java senders may put in a JsonObject (an Instant, bytes) is written as a string.
    return String.valueOf(value).length() + 2L;
  }

  private static long capped(long size) {
    return size < 0 ? Long.MAX_VALUE : size;
  }

  /**
   * An optional object of string values, as a map in the sender's order: at most {@code maxEntries}
   * entries, names of 1 to {@link #MAX_NAME_CHARS} characters, values of at most {@code
   * maxValueChars}.
   */
  public static Map<String, String> optionalStringMap(
      JsonObject body, String field, int maxEntries, int maxValueChars) {
    JsonObject object = optionalObject(body, field);
    Map<String, String> values = new LinkedHashMap<>();
    if (object == null) {
      return values;
    }
    if (object.size() > maxEntries) {
      throw BusException.badRequest(
          field + ": at most " + maxEntries + " entries, got " + object.size());
    }
    for (Map.Entry<String, Object> entry : object) {
      String path = field + "." + entry.getKey();
      if (entry.getKey().isEmpty() || entry.getKey().length() > MAX_NAME_CHARS) {
        throw BusException.badRequest(
            field
                + ": names must have 1 to "
                + MAX_NAME_CHARS
                + " characters, got "
                + describe(entry.getKey()));
      }
      if (!(entry.getValue() instanceof String text)) {
        throw wrongType(path, "a string", entry.getValue());
      }
      values.put(entry.getKey(), bounded(path, text, maxValueChars));
    }
    return values;
  }

  /**
   * An optional object whose values are strings or lists of strings (HTTP headers, a query), as a
   * map of lists in the sender's order: at most {@code maxValues} values in all, names and values
   * of at most {@code maxChars} characters.
   */
  public static Map<String, List<String>> optionalMultiMap(
      JsonObject body, String field, int maxValues, int maxChars) {
    JsonObject object = optionalObject(body, field);
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (object == null) {
      return out;
    }
    int count = 0;
    for (Map.Entry<String, Object> entry : object) {
      String path = field + "." + entry.getKey();
      List<String> values = new ArrayList<>();
      if (entry.getValue() instanceof String text) {
        values.add(text);
      } else if (entry.getValue() instanceof JsonArray array) {
        for (int i = 0; i < array.size(); i++) {
          if (!(array.getValue(i) instanceof String text)) {
            throw wrongType(path + "[" + i + "]", "a string", array.getValue(i));
          }
          values.add(text);
        }
      } else {
        throw wrongType(path, "a string or a list of strings", entry.getValue());
      }
      count += values.size();
      if (count > maxValues) {
        throw BusException.badRequest(field + ": at most " + maxValues + " values");
      }
      bounded(field + ": a name", entry.getKey(), maxChars);
      for (String value : values) {
        bounded(path, value, maxChars);
      }
      out.put(entry.getKey(), values);
    }
    return out;
  }

  public static long requireLong(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      throw missing(field);
    }
    return integer(field, value);
  }

  public static Long optionalLong(JsonObject body, String field) {
    Object value = body.getValue(field);
    return value == null ? null : integer(field, value);
  }

  private static long integer(String field, Object value) {
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number number) {
      double d = number.doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e15) {
        return (long) d;
      }
    }
    throw wrongType(field, "an integer", value);
  }

  public static boolean optionalBoolean(JsonObject body, String field, boolean fallback) {
    Object value = body.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean flag)) {
      throw wrongType(field, "a boolean", value);
    }
    return flag;
  }

  public static JsonObject optionalObject(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject object)) {
      throw wrongType(field, "an object", value);
    }
    return object;
  }

  public static JsonArray optionalArray(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      throw wrongType(field, "an array", value);
    }
    return array;
  }

  public static BusException missing(String field) {
    return BusException.badRequest(field + ": required");
  }

  public static BusException wrongType(String field, String expected, Object got) {
    return BusException.badRequest(field + ": expected " + expected + ", got " + describe(got));
  }

  /** A short, JSON-ish rendering of a bad value for an error text, cut at 60 characters. */
  public static String describe(Object value) {
    String text;
    if (value instanceof String s) {
      text = "\"" + s + "\"";
    } else if (value instanceof JsonObject) {
      text = "an object";
    } else if (value instanceof JsonArray) {
      text = "an array";
    } else {
      text = String.valueOf(value);
    }
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
