package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.security.audit.query}: {@code {type?, actor?, since?, until?, limit?}} → {@code
 * {entries}}.
 */
public record AuditQuery(String type, String actor, String since, String until, int limit) {
  private static final Set<String> FIELDS = Set.of("type", "actor", "since", "until", "limit");
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 10_000;

  public static AuditQuery fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    Long limit = JsonFields.optionalLong(json, "limit");
    if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
      throw BusException.badRequest("limit: expected 1 to " + MAX_LIMIT + ", got " + limit);
    }
    return new AuditQuery(
        JsonFields.optionalString(json, "type", null),
        JsonFields.optionalString(json, "actor", null),
        instant(json, "since"),
        instant(json, "until"),
        limit == null ? DEFAULT_LIMIT : limit.intValue());
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("limit", limit);
    if (type != null) {
      json.put("type", type);
    }
    if (actor != null) {
      json.put("actor", actor);
    }
    if (since != null) {
      json.put("since", since);
    }
    if (until != null) {
      json.put("until", until);
    }
    return json;
  }

  private static String instant(JsonObject json, String field) {
    String text = JsonFields.optionalString(json, field, null);
    if (text == null) {
      return null;
    }
    try {
      return java.time.Instant.parse(text).toString();
    } catch (java.time.format.DateTimeParseException e) {
      throw BusException.badRequest(
          field
              + ": expected an ISO-8601 instant like 2025-01-02T03:04:05Z, got "
              + JsonFields.describe(text));
    }
  }
}
