package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * {@code antbot.metrics.custom.increment}: {@code {name, amount?, labels?, description?}} — adds to
 * a custom counter.
 *
 * @param name a snake_case Prometheus name ending in {@code _total}, without a built-in prefix
 * @param amount how much to add: finite, not negative; 1 when absent
 * @param labels up to 8 labels, never {@code null}; a name keeps the label names it was first used
 *     with
 * @param description the help text; {@code null} for a generic one
 */
public record CustomCounterIncrement(
    String name, double amount, Map<String, String> labels, String description) {

  private static final Set<String> FIELDS = Set.of("name", "amount", "labels", "description");

  public static CustomCounterIncrement fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    String name = MetricFields.customMetricName(json, "name", true);
    Double amount = MetricFields.optionalNonNegative(json, "amount");
    return new CustomCounterIncrement(
        name,
        amount == null ? 1.0 : amount,
        Map.copyOf(MetricFields.labels(json, "labels")),
        JsonFields.optionalString(json, "description", null));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("name", name).put("amount", amount);
    if (!labels.isEmpty()) {
      json.put("labels", MetricFields.labelsJson(labels));
    }
    if (description != null) {
      json.put("description", description);
    }
    return json;
  }
}
