package io.antbot.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Typed reads of a JSON message body that fail with a {@code 400} {@link BusException} whose text names the field
 * and what was wrong, e.g. {@code amount: expected a number, got "abc"}.
 *
 * <p>Message records use it in their {@code fromJson}; it is the one place where bad input becomes a precise error.
 */
public final class JsonFields {

  private JsonFields() {
  }

  /** Rejects any field of {@code body} not in {@code known}, naming the first one found. */
  public static void rejectUnknown(JsonObject body, Set<String> known) {
    for (String name : body.fieldNames()) {
      if (!known.contains(name)) {
        throw BusException.badRequest(name + ": unknown field (expected one of " + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }
  }

  public static String requireString(JsonObject body, String field) {
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
    return text;
  }

  public static String optionalString(JsonObject body, String field, String fallback) {
    Object value = body.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String text)) {
      throw wrongType(field, "a string", value);
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

  /** A finite number; NaN and infinities (which JSON cannot carry but Java senders can) are rejected. */
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
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
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
