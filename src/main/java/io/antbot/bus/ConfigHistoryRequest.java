package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.config.history}: {@code {limit?}} → {@code {versions: [{version, at, source, actor,
 * reason, changes}]}}, newest first.
 *
 * @param limit how many versions at most, 1 to {@value #MAX_LIMIT}; {@value #DEFAULT_LIMIT} when
 *     not given
 */
public record ConfigHistoryRequest(int limit) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 1000;
  private static final Set<String> FIELDS = Set.of("limit");

  public static ConfigHistoryRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    Long limit = JsonFields.optionalLong(json, "limit");
    if (limit == null) {
      return new ConfigHistoryRequest(DEFAULT_LIMIT);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw BusException.badRequest("limit: must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    return new ConfigHistoryRequest(limit.intValue());
  }

  public JsonObject toJson() {
    return new JsonObject().put("limit", limit);
  }
}
