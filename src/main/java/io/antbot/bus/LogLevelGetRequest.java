package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code antbot.log.level.get}: {@code {logger}} → {@code {logger, level, configured, override?}}:
 * the effective level, the level the configuration gives ({@code null} when it inherits), and the
 * active override with its {@code expires_at} if one was set.
 *
 * @param logger a logger or component name ({@code ROOT} for the root logger)
 */
public record LogLevelGetRequest(String logger) {

  /** The name of the root logger on the wire. */
  public static final String ROOT = "ROOT";

  private static final Set<String> FIELDS = Set.of("logger");
  private static final Pattern LOGGER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.\\-]{0,255}");

  public static LogLevelGetRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    return new LogLevelGetRequest(requireLogger(json));
  }

  static String requireLogger(JsonObject json) {
    String logger = JsonFields.requireString(json, "logger");
    if (!LOGGER.matcher(logger).matches()) {
      throw BusException.badRequest(
          "logger: expected a logger name such as TradingEngine or io.vertx.core, got "
              + JsonFields.describe(logger));
    }
    return logger;
  }

  public JsonObject toJson() {
    return new JsonObject().put("logger", logger);
  }
}
