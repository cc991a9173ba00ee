package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.metrics.history}: {@code {limit?}} → {@code {interval_s, capacity, points:
 * [MetricsHistoryPoint...]}}, oldest first.
 *
 * @param limit how many of the newest points at most, 1 to {@value #MAX_LIMIT}; every point kept
 *     when not given
 */
public record MetricsHistoryRequest(int limit) {

  public static final int MAX_LIMIT = 100_000;
  private static final Set<String> FIELDS = Set.of("limit");

  public static MetricsHistoryRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    Long limit = JsonFields.optionalLong(json, "limit");
    if (limit == null) {
      return new MetricsHistoryRequest(MAX_LIMIT);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw BusException.badRequest("limit: must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    return new MetricsHistoryRequest(limit.intValue());
  }

  public JsonObject toJson() {
    return new JsonObject().put("limit", limit);
  }
}
