package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.metrics.capital}: {@code {total, available?, allocated?}} — the capital under
 * management, in the quote currency; every amount finite and not negative. An absent field leaves
 * its gauge as it was.
 */
public record CapitalMetric(double total, Double available, Double allocated) {

  private static final Set<String> FIELDS = Set.of("total", "available", "allocated");

  public static CapitalMetric fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    return new CapitalMetric(
        MetricFields.nonNegative(json, "total"),
        MetricFields.optionalNonNegative(json, "available"),
        MetricFields.optionalNonNegative(json, "allocated"));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("total", total);
    if (available != null) {
      json.put("available", available);
    }
    if (allocated != null) {
      json.put("allocated", allocated);
    }
    return json;
  }
}
