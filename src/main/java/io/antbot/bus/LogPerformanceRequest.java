package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.log.performance}: {@code {component, operation, duration_ms, success?}} → {@code
 * {recorded: true}}.
 *
 * <p>The same body, with {@code success} filled in, is what the logging service forwards to {@code
 * antbot.metrics.operation}.
 *
 * @param component who did the work, as for {@link LogWriteRequest#component()}
 * @param operation what was timed, such as {@code execute_trade} (1 to 128 characters)
 * @param durationMs how long it took, in milliseconds, zero or more
 * @param success whether it succeeded; default {@code true}
 */
public record LogPerformanceRequest(
    String component, String operation, double durationMs, boolean success) {

  private static final Set<String> FIELDS =
      Set.of("component", "operation", "duration_ms", "success");

  public static LogPerformanceRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    String component = LogWriteRequest.requireComponent(json, "component");
    String operation = JsonFields.requireString(json, "operation");
    if (operation.length() > 128) {
      throw BusException.badRequest("operation: at most 128 characters, got " + operation.length());
    }
    double duration = JsonFields.requireNumber(json, "duration_ms");
    if (duration < 0) {
      throw BusException.badRequest("duration_ms: expected zero or more, got " + duration);
    }
    return new LogPerformanceRequest(
        component, operation, duration, JsonFields.optionalBoolean(json, "success", true));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("component", component)
        .put("operation", operation)
        .put("duration_ms", durationMs)
        .put("success", success);
  }
}
