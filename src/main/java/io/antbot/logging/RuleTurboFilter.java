package io.antbot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;

/**
 * Applies {@code logging.filters} before an event is even created. The rules are replaced live;
 * with none it costs one volatile read per log call.
 */
final class RuleTurboFilter extends TurboFilter {

  private volatile List<FilterRule> rules = List.of();

  void setRules(List<FilterRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * Whether a rule drops an event of {@code logger} at the SLF4J level {@code level} with this
   * message template.
   */
  boolean drops(String logger, int level, String format) {
    Level logbackLevel = Level.fromLocationAwareLoggerInteger(level);
    for (FilterRule rule : rules) {
      if (rule.drops(logger, logbackLevel, format)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    List<FilterRule> current = rules;
    if (current.isEmpty() || format == null) {
      return FilterReply.NEUTRAL;
    }
    for (FilterRule rule : current) {
      if (rule.drops(logger.getName(), level, format)) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }
}
