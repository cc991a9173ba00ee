package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.log.correlation.start}: {@code {operation}} → {@code {correlation_id}}.
 *
 * @param operation what the new correlation id stands for, such as {@code trade_execution}; written
 *     on the log line that announces the id
 */
public record LogCorrelationStartRequest(String operation) {

  private static final Set<String> FIELDS = Set.of("operation");

  public static LogCorrelationStartRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    String operation = JsonFields.requireString(json, "operation");
    if (operation.length() > 128) {
      throw BusException.badRequest("operation: at most 128 characters, got " + operation.length());
    }
    return new LogCorrelationStartRequest(operation);
  }

  public JsonObject toJson() {
    return new JsonObject().put("operation", operation);
  }
}
