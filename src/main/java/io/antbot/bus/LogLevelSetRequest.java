package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code antbot.log.level.set}: {@code {logger, level, ttl_s?}} → {@code {logger, level, previous,
 * expires_at?}}.
 *
 * @param logger a logger or component name ({@code ROOT} for the root logger)
 * @param level TRACE, DEBUG, INFO, WARN, ERROR or OFF
 * @param ttlS seconds after which the level reverts by itself to the configured one; {@code null}:
 *     it stays until the configuration sets this logger again or the process restarts
 */
public record LogLevelSetRequest(String logger, String level, Double ttlS) {

  /** The levels a logger may be set to. */
  public static final List<String> LEVELS =
      List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  /** The longest expiry: one week. */
  public static final double MAX_TTL_S = 7 * 24 * 3600;

  private static final Set<String> FIELDS = Set.of("logger", "level", "ttl_s");

  public static LogLevelSetRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    String logger = LogLevelGetRequest.requireLogger(json);
    String level = requireLevel(json, "level");
    Double ttl = JsonFields.optionalNumber(json, "ttl_s");
    if (ttl != null && (ttl <= 0 || ttl > MAX_TTL_S)) {
      throw BusException.badRequest(
          "ttl_s: expected more than 0 and at most " + (long) MAX_TTL_S + ", got " + ttl);
    }
    return new LogLevelSetRequest(logger, level, ttl);
  }

  /** A level of {@link #LEVELS} (case-insensitive), upper-cased. */
  public static String requireLevel(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      throw JsonFields.missing(field);
    }
    if (value instanceof String text && LEVELS.contains(text.trim().toUpperCase(Locale.ROOT))) {
      return text.trim().toUpperCase(Locale.ROOT);
    }
    throw BusException.badRequest(
        field
            + ": expected one of "
            + String.join(", ", LEVELS)
            + ", got "
            + JsonFields.describe(value));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("logger", logger).put("level", level);
    if (ttlS != null) {
      json.put("ttl_s", ttlS);
    }
    return json;
  }
}
