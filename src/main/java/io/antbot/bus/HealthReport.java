package io.antbot.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The reply of {@code antbot.metrics.health}: {@code {status, checks, alerts, at}}.
 *
 * @param status {@value #HEALTHY}, {@value #DEGRADED} or {@value #UNHEALTHY}
 * @param checks {@code [{name, status: up|down, level, detail, data?}]}: a check per service,
 *     {@code system}, {@code alerts}
 * @param alerts the firing alerts: {@code [{name, severity, since, value, message}]}
 * @param at when the report was made (ISO-8601)
 */
public record HealthReport(String status, JsonArray checks, JsonArray alerts, String at) {

  public static final String HEALTHY = "healthy";
  public static final String DEGRADED = "degraded";
  public static final String UNHEALTHY = "unhealthy";

  /** Whether the runtime can serve: healthy or degraded. */
  public boolean serving() {
    return !UNHEALTHY.equals(status);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("status", status)
        .put("checks", checks)
        .put("alerts", alerts)
        .put("at", at);
  }

  public static HealthReport fromJson(JsonObject json) {
    JsonArray checks = JsonFields.optionalArray(json, "checks");
    JsonArray alerts = JsonFields.optionalArray(json, "alerts");
    return new HealthReport(
        JsonFields.requireString(json, "status"),
        checks == null ? new JsonArray() : checks,
        alerts == null ? new JsonArray() : alerts,
        JsonFields.optionalString(json, "at", null));
  }
}
