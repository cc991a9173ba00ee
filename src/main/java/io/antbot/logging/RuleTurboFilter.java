package io.antbot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;

/**
 * Applies {@code logging.filters} before an event is even created. The rules are replaced live.
 *
 * <p>It sits in the Logback context's turbo-filter list only while it has rules: Logback asks every
 * turbo filter of the list on every log call and every {@code isDebugEnabled()}, and some libraries
 * ask that on each request (Micrometer does, each time Vert.x's HTTP metrics look up their gauge of
 * active requests: about 1 % of a small API request's cost, measured under the profiler).
 */
final class RuleTurboFilter extends TurboFilter {

  private volatile List<FilterRule> rules = List.of();

  /** The context this filter is attached to ({@link #attachTo}), or {@code null}. */
  private LoggerContext attached;

  synchronized void setRules(List<FilterRule> rules) {
    this.rules = List.copyOf(rules);
    placeInList();
  }

  /** From now on, present in {@code context}'s turbo-filter list whenever it has rules. */
  synchronized void attachTo(LoggerContext context) {
    detach();
    attached = context;
    placeInList();
  }

  /** Out of the turbo-filter list of the context it was attached to. */
  synchronized void detach() {
    if (attached != null) {
      attached.getTurboFilterList().remove(this);
      attached = null;
    }
  }

  /** In the attached context's list when there are rules, out of it when there are none. */
  private void placeInList() {
    if (attached == null) {
      return;
    }
    boolean listed = attached.getTurboFilterList().contains(this);
    if (!rules.isEmpty() && !listed) {
      attached.addTurboFilter(this);
    } else if (rules.isEmpty() && listed) {
      attached.getTurboFilterList().remove(this);
    }
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
