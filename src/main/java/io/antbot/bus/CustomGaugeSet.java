package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * {@code antbot.metrics.custom.set}: {@code {name, value, labels?, description?}} — sets a custom
 * gauge.
 *
 * @param name a snake_case Prometheus name, not ending in {@code _total}/{@code _count}/{@code
 *     _sum}/ {@code _bucket}/{@code _created}/{@code _info}, without a built-in prefix ({@code
 *     antbot_}, {@code vertx_}, {@code jvm_}, {@code process_}, {@code system_})
 * @param value any finite number
 * @param labels up to 8 labels, never {@code null}; a name keeps the label names it was first set
 *     with
 * @param description the help text; {@code null} for a generic one
 */
public record CustomGaugeSet(
    String name, double value, Map<String, String> labels, String description) {

  private static final Set<String> FIELDS = Set.of("name", "value", "labels", "description");

  public static CustomGaugeSet fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    return new CustomGaugeSet(
        MetricFields.customMetricName(json, "name", false),
        JsonFields.requireNumber(json, "value"),
        Map.copyOf(MetricFields.labels(json, "labels")),
        JsonFields.optionalString(json, "description", null));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("name", name).put("value", value);
    if (!labels.isEmpty()) {
      json.put("labels", MetricFields.labelsJson(labels));
    }
    if (description != null) {
      json.put("description", description);
    }
    return json;
  }
}
