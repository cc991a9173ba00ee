package io.antbot.bus;

import io.vertx.core.json.JsonObject;

/**
 * The reply of {@code antbot.<service>.status}.
 *
 * @param service the service name (see {@link Services})
 * @param state starting, ready, stopping or failed
 * @param version the runtime version
 * @param uptimeS seconds since the service started
 * @param details service-specific facts, never {@code null}
 */
public record ServiceStatus(
    String service, String state, String version, double uptimeS, JsonObject details) {

  public boolean ready() {
    return ServiceState.READY.wireName().equals(state);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("service", service)
        .put("state", state)
        .put("version", version)
        .put("uptime_s", uptimeS)
        .put("details", details);
  }

  public static ServiceStatus fromJson(JsonObject json) {
    return new ServiceStatus(
        JsonFields.requireString(json, "service"),
        JsonFields.requireString(json, "state"),
        JsonFields.optionalString(json, "version", "unknown"),
        JsonFields.requireNumber(json, "uptime_s"),
        json.getJsonObject("details", new JsonObject()));
  }
}
