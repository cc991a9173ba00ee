package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.metrics.operation}: {@code {component, operation, duration_ms, success?}} — one
 * timed operation.
 *
 * @param component the component that ran it, e.g. {@code TradingEngine} (a label value, at most
 *     128 characters)
 * @param operation the operation, e.g. {@code buy_order} (a label value, at most 128 characters)
 * @param durationMs how long it took, in milliseconds: finite and not negative
 * @param success whether it succeeded; {@code true} when absent
 */
public record OperationMetric(
    String component, String operation, double durationMs, boolean success) {

  private static final Set<String> FIELDS =
      Set.of("component", "operation", "duration_ms", "success");

  /**
   * Decodes a request; a missing field, NaN, an infinity or a negative duration is a 400 naming the
   * field.
   */
  public static OperationMetric fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    return new OperationMetric(
        MetricFields.labelValue(json, "component"),
        MetricFields.labelValue(json, "operation"),
        MetricFields.nonNegative(json, "duration_ms"),
        JsonFields.optionalBoolean(json, "success", true));
  }

  /**
   * The same checks as {@link #fromJson} on values a Java caller passes as they are: the in-process
   * path of a bot's record, which has no JSON to decode.
   */
  public static OperationMetric checked(
      String component, String operation, double durationMs, boolean success) {
    return new OperationMetric(
        MetricFields.labelValue("component", component),
        MetricFields.labelValue("operation", operation),
        MetricFields.nonNegative("duration_ms", durationMs),
        success);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("component", component)
        .put("operation", operation)
        .put("duration_ms", durationMs)
        .put("success", success);
  }
}
