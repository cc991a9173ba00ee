package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.metrics.workers}: {@code {active, efficiency?, pool?}} — the workers of one pool.
 *
 * @param active how many workers are active, 0 or more
 * @param efficiency their efficiency score, 0 or more (usually 0..1); {@code null} leaves it as it
 *     was
 * @param pool the pool's name (a label value); {@value #DEFAULT_POOL} when absent
 */
public record WorkersMetric(long active, Double efficiency, String pool) {

  public static final String DEFAULT_POOL = "default";
  private static final Set<String> FIELDS = Set.of("active", "efficiency", "pool");

  public static WorkersMetric fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    long active = JsonFields.requireLong(json, "active");
    if (active < 0) {
      throw BusException.badRequest("active: must not be negative, got " + active);
    }
    return new WorkersMetric(
        active,
        MetricFields.optionalNonNegative(json, "efficiency"),
        MetricFields.optionalLabelValue(json, "pool", DEFAULT_POOL));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("active", active).put("pool", pool);
    if (efficiency != null) {
      json.put("efficiency", efficiency);
    }
    return json;
  }
}
