package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads shared by the metrics message records: label values, label maps, bounded numbers, metric
 * names.
 */
final class MetricFields {

  /** Longest label value accepted; longer values are a sign of ids or payloads sent as labels. */
  static final int MAX_LABEL_VALUE_LENGTH = 128;

  /** Most labels a custom metric may carry. */
  static final int MAX_LABELS = 8;

  /** Longest custom metric name accepted. */
  static final int MAX_NAME_LENGTH = 200;

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern METRIC_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final List<String> RESERVED_PREFIXES =
      List.of("antbot_", "vertx_", "jvm_", "process_", "system_");
  private static final List<String> RESERVED_GAUGE_SUFFIXES =
      List.of("_total", "_count", "_sum", "_bucket", "_created", "_info");

  private MetricFields() {}

  /**
   * A required string used as a label value: not blank, at most {@value #MAX_LABEL_VALUE_LENGTH}
   * characters.
   */
  static String labelValue(JsonObject json, String field) {
    return checkLength(field, JsonFields.requireString(json, field));
  }

  /** As {@link #labelValue(JsonObject, String)}, for a value a Java caller passes as it is. */
  static String labelValue(String field, String value) {
    if (value == null) {
      throw JsonFields.missing(field);
    }
    if (value.isBlank()) {
      throw BusException.badRequest(field + ": must not be blank");
    }
    return checkLength(field, value);
  }

  /** As {@link #nonNegative(JsonObject, String)}, for a value a Java caller passes as it is. */
  static double nonNegative(String field, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw BusException.badRequest(field + ": expected a finite number, got " + value);
    }
    return checkNonNegative(field, value);
  }

  /** An optional label value; {@code fallback} when absent. */
  static String optionalLabelValue(JsonObject json, String field, String fallback) {
    String value = JsonFields.optionalString(json, field, null);
    if (value == null) {
      return fallback;
    }
    if (value.isBlank()) {
      throw BusException.badRequest(field + ": must not be blank");
    }
    return checkLength(field, value);
  }

  private static String checkLength(String field, String value) {
    if (value.length() > MAX_LABEL_VALUE_LENGTH) {
      throw BusException.badRequest(
          field + ": longer than " + MAX_LABEL_VALUE_LENGTH + " characters");
    }
    return value;
  }

  /** A finite number that is zero or more. */
  static double nonNegative(JsonObject json, String field) {
    return checkNonNegative(field, JsonFields.requireNumber(json, field));
  }

  static Double optionalNonNegative(JsonObject json, String field) {
    Double value = JsonFields.optionalNumber(json, field);
    return value == null ? null : checkNonNegative(field, value);
  }

  private static double checkNonNegative(String field, double value) {
    if (value < 0) {
      throw BusException.badRequest(field + ": must not be negative, got " + value);
    }
    return value;
  }

  /**
   * The optional {@code labels} object: label names follow the Prometheus rules ({@code
   * [a-zA-Z_][a-zA-Z0-9_]*}, not starting with {@code __}, not {@code le} or {@code quantile}),
   * values are strings.
   */
  static Map<String, String> labels(JsonObject json, String field) {
    JsonObject labels = JsonFields.optionalObject(json, field);
    Map<String, String> result = new LinkedHashMap<>();
    if (labels == null) {
      return result;
    }
    if (labels.size() > MAX_LABELS) {
      throw BusException.badRequest(
          field + ": at most " + MAX_LABELS + " labels, got " + labels.size());
    }
    for (String name : labels.fieldNames()) {
      String path = field + "." + name;
      if (!LABEL_NAME.matcher(name).matches()) {
        throw BusException.badRequest(
            path + ": not a valid label name (expected [a-zA-Z_][a-zA-Z0-9_]*)");
      }
      if (name.startsWith("__")) {
        throw BusException.badRequest(
            path + ": label names starting with __ are reserved by Prometheus");
      }
      if (name.equals("le") || name.equals("quantile")) {
        throw BusException.badRequest(
            path + ": label name " + name + " is reserved for histograms and summaries");
      }
      Object value = labels.getValue(name);
      if (!(value instanceof String text)) {
        throw JsonFields.wrongType(path, "a string", value);
      }
      result.put(name, checkLength(path, text));
    }
    return result;
  }

  static JsonObject labelsJson(Map<String, String> labels) {
    JsonObject json = new JsonObject();
    labels.forEach(json::put);
    return json;
  }

  /**
   * A custom metric name under the Prometheus naming rules, in snake_case: {@code
   * [a-z_][a-z0-9_]*}, no {@code __} prefix, none of the built-in prefixes; a counter's name ends
   * in {@code _total}, a gauge's does not end in a suffix Prometheus reserves for counters,
   * histograms and summaries.
   */
  static String customMetricName(JsonObject json, String field, boolean counter) {
    String name = JsonFields.requireString(json, field);
    if (name.length() > MAX_NAME_LENGTH) {
      throw BusException.badRequest(field + ": longer than " + MAX_NAME_LENGTH + " characters");
    }
    if (!METRIC_NAME.matcher(name).matches()) {
      throw BusException.badRequest(
          field
              + ": not a valid metric name "
              + JsonFields.describe(name)
              + " (expected snake_case: lowercase letters, digits and _, not starting with a digit)");
    }
    if (name.startsWith("__")) {
      throw BusException.badRequest(field + ": names starting with __ are reserved by Prometheus");
    }
    for (String prefix : RESERVED_PREFIXES) {
      if (name.startsWith(prefix)) {
        throw BusException.badRequest(
            field + ": the prefix " + prefix + " is reserved for built-in metrics");
      }
    }
    if (counter) {
      if (!name.endsWith("_total")) {
        throw BusException.badRequest(
            field + ": a counter's name must end in _total, got " + JsonFields.describe(name));
      }
      if (name.length() == "_total".length()) {
        throw BusException.badRequest(field + ": a counter's name needs a base before _total");
      }
    } else {
      for (String suffix : RESERVED_GAUGE_SUFFIXES) {
        if (name.endsWith(suffix)) {
          throw BusException.badRequest(
              field
                  + ": a gauge's name must not end in "
                  + suffix
                  + " (reserved for counters, histograms and summaries)");
        }
      }
    }
    return name;
  }
}
