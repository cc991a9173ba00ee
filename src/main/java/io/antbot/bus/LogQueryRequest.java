package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * {@code antbot.log.query}: {@code {level?, component?, correlation_id?, since?, until?, text?,
 * limit?}} → {@code {events}}, newest first.
 *
 * @param level the least severe level returned ({@code ERROR} includes {@code CRITICAL}); {@code
 *     null}: all
 * @param component only events of this component; {@code null}: all
 * @param correlationId only events written under this correlation id; {@code null}: all
 * @param since only events at or after this instant (ISO-8601 on the wire); {@code null}: no lower
 *     bound
 * @param until only events before this instant; {@code null}: no upper bound
 * @param text only events whose message contains this text, ignoring case; {@code null}: all
 * @param limit the most events returned, 1 to {@value #MAX_LIMIT}; default {@value #DEFAULT_LIMIT}
 */
public record LogQueryRequest(
    LogLevel level,
    String component,
    String correlationId,
    Instant since,
    Instant until,
    String text,
    int limit) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 100_000;

  private static final Set<String> FIELDS =
      Set.of("level", "component", "correlation_id", "since", "until", "text", "limit");

  public static LogQueryRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    Object level = json.getValue("level");
    Long limit = JsonFields.optionalLong(json, "limit");
    if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
      throw BusException.badRequest("limit: expected 1 to " + MAX_LIMIT + ", got " + limit);
    }
    Instant since = instant(json, "since");
    Instant until = instant(json, "until");
    if (since != null && until != null && !since.isBefore(until)) {
      throw BusException.badRequest("since: must be before until");
    }
    return new LogQueryRequest(
        level == null ? null : LogLevel.parse("level", level),
        JsonFields.optionalString(json, "component", null),
        JsonFields.optionalString(json, "correlation_id", null),
        since,
        until,
        JsonFields.optionalString(json, "text", null),
        limit == null ? DEFAULT_LIMIT : limit.intValue());
  }

  private static Instant instant(JsonObject json, String field) {
    String text = JsonFields.optionalString(json, field, null);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw BusException.badRequest(
          field
              + ": expected an ISO-8601 instant such as 2025-01-31T12:00:00Z, got "
              + JsonFields.describe(text));
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("limit", limit);
    if (level != null) {
      json.put("level", level.name());
    }
    if (component != null) {
      json.put("component", component);
    }
    if (correlationId != null) {
      json.put("correlation_id", correlationId);
    }
    if (since != null) {
      json.put("since", since.toString());
    }
    if (until != null) {
      json.put("until", until.toString());
    }
    if (text != null) {
      json.put("text", text);
    }
    return json;
  }
}
