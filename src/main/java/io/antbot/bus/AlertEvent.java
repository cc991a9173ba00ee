package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * An event on {@code antbot.alerts} (publish): {@code {id, source, name, severity, state, message,
 * at, details?}}.
 *
 * @param id one id per episode: the {@code firing} event and its {@code resolved} event share it
 * @param source the service that raised it, e.g. {@code metrics}
 * @param name the rule's name, e.g. {@code cpu_high} or {@code operation_latency_anomaly}
 * @param severity {@code info}, {@code warning} or {@code critical}
 * @param state {@value #FIRING} or {@value #RESOLVED}
 * @param message one line for people
 * @param at when the state changed
 * @param details facts for tools (value, threshold, baseline...); {@code null} when none
 */
public record AlertEvent(
    String id,
    String source,
    String name,
    String severity,
    String state,
    String message,
    Instant at,
    JsonObject details) {

  public static final String FIRING = "firing";
  public static final String RESOLVED = "resolved";

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("id", id)
            .put("source", source)
            .put("name", name)
            .put("severity", severity)
            .put("state", state)
            .put("message", message)
            .put("at", at.toString());
    if (details != null) {
      json.put("details", details);
    }
    return json;
  }

  public static AlertEvent fromJson(JsonObject json) {
    return new AlertEvent(
        JsonFields.requireString(json, "id"),
        JsonFields.requireString(json, "source"),
        JsonFields.requireString(json, "name"),
        JsonFields.requireString(json, "severity"),
        JsonFields.requireString(json, "state"),
        JsonFields.optionalString(json, "message", ""),
        Instant.parse(JsonFields.requireString(json, "at")),
        JsonFields.optionalObject(json, "details"));
  }
}
