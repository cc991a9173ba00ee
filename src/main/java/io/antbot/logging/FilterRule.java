package io.antbot.logging;

import ch.qos.logback.classic.Level;
import io.vertx.core.json.JsonObject;

/**
 * One entry of {@code logging.filters}: drop the events of a logger (and its children) up to a
 * level, optionally only those whose message template contains a text. ERROR events are never
 * dropped.
 *
 * @param logger the logger or component name the rule applies to; {@code null} for every logger
 * @param maxLevel the most severe level dropped: TRACE, DEBUG, INFO or WARN
 * @param contains drop only messages whose template contains this text; {@code null} for all
 */
public record FilterRule(String logger, Level maxLevel, String contains) {

  /**
   * Whether this rule drops an event of {@code loggerName} at {@code level} with the message
   * template {@code format}.
   */
  public boolean drops(String loggerName, Level level, String format) {
    if (level.toInt() > maxLevel.toInt() || level.toInt() >= Level.ERROR_INT) {
      return false;
    }
    if (logger != null && !loggerName.equals(logger) && !loggerName.startsWith(logger + ".")) {
      return false;
    }
    return contains == null || (format != null && format.contains(contains));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("logger", logger)
        .put("max_level", maxLevel.levelStr)
        .put("contains", contains);
  }
}
