package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.metrics.compounding}: {@code {layer, rate?, efficiency?}} — one of the five
 * compounding layers.
 *
 * @param layer the layer, 1 to {@value #LAYERS}
 * @param rate the layer's compounding rate per period (a ratio, may be negative); {@code null}
 *     leaves it as it was
 * @param efficiency the layer's efficiency score, 0 or more (usually 0..1); {@code null} leaves it
 *     as it was
 */
public record CompoundingMetric(int layer, Double rate, Double efficiency) {

  /** How many compounding layers there are. */
  public static final int LAYERS = 5;

  private static final Set<String> FIELDS = Set.of("layer", "rate", "efficiency");

  public static CompoundingMetric fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    long layer = JsonFields.requireLong(json, "layer");
    if (layer < 1 || layer > LAYERS) {
      throw BusException.badRequest(
          "layer: expected an integer from 1 to " + LAYERS + ", got " + layer);
    }
    Double rate = JsonFields.optionalNumber(json, "rate");
    Double efficiency = MetricFields.optionalNonNegative(json, "efficiency");
    if (rate == null && efficiency == null) {
      throw BusException.badRequest("rate, efficiency: at least one is required");
    }
    return new CompoundingMetric((int) layer, rate, efficiency);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("layer", layer);
    if (rate != null) {
      json.put("rate", rate);
    }
    if (efficiency != null) {
      json.put("efficiency", efficiency);
    }
    return json;
  }
}
