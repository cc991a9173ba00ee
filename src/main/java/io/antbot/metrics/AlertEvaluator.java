package io.antbot.metrics;

import io.antbot.bus.AlertEvent;
import io.antbot.bus.AlertRuleSpec;
import io.antbot.bus.BusException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Evaluates alert rules against current values and reports the state changes as {@link
 * AlertEvent}s.
 *
 * <p>A rule is {@code inactive} until its condition holds, then {@code pending}; it fires once the
 * condition has held for {@code for_s} seconds (at once when {@code for_s} is 0) and resolves when
 * the value has moved back past the threshold by {@code hysteresis} (see {@link
 * AlertRuleSpec.Comparator#clears}). A pending rule whose condition stops holding goes back to
 * inactive without an event. A rule whose metric has no value keeps its state.
 *
 * <p>Rules come from the configuration ({@link #configure}) or at run time ({@link #add}); removing
 * a firing rule resolves it. Not thread-safe: the metrics service uses it from its event loop.
 */
public final class AlertEvaluator {

  /** Where a rule came from. */
  public enum Origin {
    CONFIG,
    RUNTIME
  }

  /** Where a rule stands. */
  public enum State {
    INACTIVE,
    PENDING,
    FIRING
  }

  /** A firing alert, for health reports. */
  public record Firing(
      String name, AlertRuleSpec.Severity severity, Instant since, double value, String message) {
    JsonObject toJson() {
      return new JsonObject()
          .put("name", name)
          .put("severity", severity.wireName())
          .put("since", since.toString())
          .put("value", value)
          .put("message", message);
    }
  }

  private static final class Tracked {
    final AlertRuleSpec rule;
    final Origin origin;
    State state = State.INACTIVE;
    Instant pendingSince;
    Instant firingSince;
    String episode;
    double value = Double.NaN;
    Instant evaluatedAt;

    Tracked(AlertRuleSpec rule, Origin origin) {
      this.rule = rule;
      this.origin = origin;
    }
  }

  private final Clock clock;
  private final String source;
  private final Map<String, Tracked> rules = new LinkedHashMap<>();

  /**
   * @param clock the time of each evaluation (injected so tests can move it)
   * @param source the {@code source} of the events, e.g. {@code metrics}
   */
  public AlertEvaluator(Clock clock, String source) {
    this.clock = clock;
    this.source = source;
  }

  /** Adds a run-time rule; a 409 when a rule of that name exists. */
  public void add(AlertRuleSpec rule) {
    if (rules.containsKey(rule.name())) {
      throw BusException.conflict("name: an alert rule named " + rule.name() + " exists");
    }
    rules.put(rule.name(), new Tracked(rule, Origin.RUNTIME));
  }

  /**
   * Removes the rule called {@code name}; a 404 when there is none. Returns the resolved event if
   * it was firing.
   */
  public List<AlertEvent> remove(String name) {
    Tracked removed = rules.remove(name);
    if (removed == null) {
      throw BusException.notFound("name: no alert rule named " + name);
    }
    return removed.state == State.FIRING ? List.of(resolve(removed, "rule removed")) : List.of();
  }

  /**
   * Replaces the rules from the configuration with {@code configured}: an unchanged rule keeps its
   * state, a rule no longer configured (or changed) is dropped and resolved if it was firing.
   * Run-time rules are kept, except one whose name a configured rule now takes.
   */
  public List<AlertEvent> configure(List<AlertRuleSpec> configured) {
    List<AlertEvent> events = new ArrayList<>();
    Map<String, AlertRuleSpec> wanted = new LinkedHashMap<>();
    configured.forEach(rule -> wanted.put(rule.name(), rule));
    for (Tracked tracked : List.copyOf(rules.values())) {
      boolean keep =
          tracked.origin == Origin.CONFIG
              ? tracked.rule.equals(wanted.get(tracked.rule.name()))
              : !wanted.containsKey(tracked.rule.name());
      if (!keep) {
        rules.remove(tracked.rule.name());
        if (tracked.state == State.FIRING) {
          events.add(resolve(tracked, "rule changed by the configuration"));
        }
      }
    }
    for (AlertRuleSpec rule : wanted.values()) {
      rules.computeIfAbsent(rule.name(), name -> new Tracked(rule, Origin.CONFIG));
    }
    return events;
  }

  /**
   * Evaluates every rule with the values of {@code values} (empty: no data) and returns the state
   * changes.
   */
  public List<AlertEvent> evaluate(Function<AlertRuleSpec, OptionalDouble> values) {
    Instant now = clock.instant();
    List<AlertEvent> events = new ArrayList<>();
    for (Tracked tracked : rules.values()) {
      OptionalDouble observed = values.apply(tracked.rule);
      tracked.evaluatedAt = now;
      if (observed.isEmpty()) {
        continue;
      }
      double value = observed.getAsDouble();
      tracked.value = value;
      AlertRuleSpec rule = tracked.rule;
      switch (tracked.state) {
        case INACTIVE, PENDING -> {
          if (!rule.comparator().holds(value, rule.threshold())) {
            tracked.state = State.INACTIVE;
            tracked.pendingSince = null;
            break;
          }
          if (tracked.state == State.INACTIVE) {
            tracked.state = State.PENDING;
            tracked.pendingSince = now;
          }
          if (!now.isBefore(tracked.pendingSince.plus(forDuration(rule)))) {
            events.add(fire(tracked, now));
          }
        }
        case FIRING -> {
          if (rule.comparator().clears(value, rule.threshold(), rule.hysteresis())) {
            events.add(resolve(tracked, null));
          }
        }
      }
    }
    return events;
  }

  private static Duration forDuration(AlertRuleSpec rule) {
    return Duration.ofNanos(Math.round(rule.forS() * 1e9));
  }

  private AlertEvent fire(Tracked tracked, Instant now) {
    tracked.state = State.FIRING;
    tracked.firingSince = now;
    tracked.episode = UUID.randomUUID().toString();
    AlertRuleSpec rule = tracked.rule;
    String message =
        rule.name()
            + ": "
            + rule.metric()
            + " is "
            + format(tracked.value)
            + ", "
            + rule.comparator().symbol()
            + " "
            + format(rule.threshold())
            + (rule.forS() > 0 ? " for " + format(rule.forS()) + " s" : "")
            + (rule.description() == null ? "" : " — " + rule.description());
    return event(tracked, AlertEvent.FIRING, message, now);
  }

  private AlertEvent resolve(Tracked tracked, String reason) {
    Instant now = clock.instant();
    AlertRuleSpec rule = tracked.rule;
    String message =
        rule.name()
            + ": resolved, "
            + (reason != null
                ? reason
                : rule.metric()
                    + " is back to "
                    + format(tracked.value)
                    + " (threshold "
                    + format(rule.threshold())
                    + ", hysteresis "
                    + format(rule.hysteresis())
                    + ")");
    AlertEvent event = event(tracked, AlertEvent.RESOLVED, message, now);
    tracked.state = State.INACTIVE;
    tracked.pendingSince = null;
    tracked.firingSince = null;
    tracked.episode = null;
    return event;
  }

  private AlertEvent event(Tracked tracked, String state, String message, Instant now) {
    AlertRuleSpec rule = tracked.rule;
    JsonObject details =
        new JsonObject()
            .put("metric", rule.metric())
            .put("value", Double.isFinite(tracked.value) ? tracked.value : null)
            .put("comparator", rule.comparator().symbol())
            .put("threshold", rule.threshold())
            .put("for_s", rule.forS())
            .put("hysteresis", rule.hysteresis());
    return new AlertEvent(
        tracked.episode,
        source,
        rule.name(),
        rule.severity().wireName(),
        state,
        message,
        now,
        details);
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  /** The metrics the rules watch. */
  public Set<String> metrics() {
    Set<String> metrics = new HashSet<>();
    rules.values().forEach(tracked -> metrics.add(tracked.rule.metric()));
    return metrics;
  }

  /** The state of {@code name}, or {@code null} when there is no such rule. */
  public State state(String name) {
    Tracked tracked = rules.get(name);
    return tracked == null ? null : tracked.state;
  }

  /** The firing alerts. */
  public List<Firing> firing() {
    List<Firing> firing = new ArrayList<>();
    for (Tracked tracked : rules.values()) {
      if (tracked.state == State.FIRING) {
        firing.add(
            new Firing(
                tracked.rule.name(),
                tracked.rule.severity(),
                tracked.firingSince,
                tracked.value,
                tracked.rule.name()
                    + ": "
                    + tracked.rule.metric()
                    + " "
                    + tracked.rule.comparator().symbol()
                    + " "
                    + format(tracked.rule.threshold())));
      }
    }
    return firing;
  }

  /**
   * Every rule with its origin, state, last value and times: {@code [{...rule, origin, state,
   * value, since, evaluated_at}]}.
   */
  public JsonArray list() {
    JsonArray list = new JsonArray();
    for (Tracked tracked : rules.values()) {
      JsonObject json =
          tracked
              .rule
              .toJson()
              .put("origin", tracked.origin.name().toLowerCase(java.util.Locale.ROOT))
              .put("state", tracked.state.name().toLowerCase(java.util.Locale.ROOT))
              .put("value", Double.isFinite(tracked.value) ? tracked.value : null);
      Instant since = tracked.state == State.FIRING ? tracked.firingSince : tracked.pendingSince;
      json.put("since", since == null ? null : since.toString());
      json.put("evaluated_at", tracked.evaluatedAt == null ? null : tracked.evaluatedAt.toString());
      list.add(json);
    }
    return list;
  }
}
