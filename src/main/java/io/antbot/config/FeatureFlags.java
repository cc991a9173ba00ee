package io.antbot.config;

import io.antbot.bus.FeatureDecision;
import io.antbot.settings.Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Evaluates a feature flag (an object under {@code features:}) for a context.
 *
 * <p>In order, the first rule that decides wins:
 *
 * <ol>
 *   <li>{@code kill_switch: true} — off, whatever else says;
 *   <li>{@code enabled: false} — off;
 *   <li>{@code environments: [...]} — off outside the listed environments;
 *   <li>{@code active_from} / {@code active_until} (ISO-8601 with offset) — off outside the window;
 *   <li>{@code allow: {bots, symbols, exchanges}} — on for a listed bot id, symbol or exchange;
 *   <li>{@code rollout_percent} — on for that share of contexts: the bucket of the context's {@code
 *       sticky_on} value (default {@code bot_id}) is {@code murmur3_32("<flag>:<value>", seed 0)
 *       mod 10000}, on when below {@code percent × 100}. Sticky: a context stays in or out as long
 *       as the percentage does, and raising the percentage only adds contexts.
 * </ol>
 */
public final class FeatureFlags {

  private static final int BUCKETS = 10_000;

  private FeatureFlags() {}

  /**
   * The decision for {@code flag} (its configuration object) in environment {@code env} at {@code
   * now}.
   */
  public static FeatureDecision evaluate(
      String name, JsonObject flag, String env, Map<String, String> context, Instant now) {
    if (Boolean.TRUE.equals(flag.getValue("kill_switch"))) {
      return new FeatureDecision(name, false, FeatureDecision.KILL_SWITCH, "the kill switch is on");
    }
    if (!Boolean.TRUE.equals(flag.getValue("enabled"))) {
      return new FeatureDecision(name, false, FeatureDecision.DISABLED, "enabled is false");
    }
    if (flag.getValue("environments") instanceof JsonArray environments
        && !environments.contains(env)) {
      return new FeatureDecision(
          name,
          false,
          FeatureDecision.ENVIRONMENT,
          "environment " + env + " is not in " + environments.encode());
    }
    Instant from = instant(flag.getValue("active_from"));
    Instant until = instant(flag.getValue("active_until"));
    if (from != null && now.isBefore(from)) {
      return new FeatureDecision(
          name, false, FeatureDecision.OUTSIDE_WINDOW, "active from " + from);
    }
    if (until != null && !now.isBefore(until)) {
      return new FeatureDecision(
          name, false, FeatureDecision.OUTSIDE_WINDOW, "active until " + until);
    }
    JsonObject allow =
        flag.getValue("allow") instanceof JsonObject object ? object : new JsonObject();
    for (String[] list :
        new String[][] {
          {"bots", "bot_id", "bot"},
          {"symbols", "symbol", "symbol"},
          {"exchanges", "exchange", "exchange"}
        }) {
      String value = context.get(list[1]);
      if (value != null
          && allow.getValue(list[0]) instanceof JsonArray allowed
          && allowed.contains(value)) {
        return new FeatureDecision(
            name, true, FeatureDecision.ALLOW_LIST, list[2] + " " + value + " is allow-listed");
      }
    }
    double percent =
        flag.getValue("rollout_percent") instanceof Number number
            ? number.doubleValue()
            : ((Number) Settings.defaultOf("features.*.rollout_percent")).doubleValue();
    if (percent >= 100) {
      return new FeatureDecision(name, true, FeatureDecision.ENABLED, "enabled for everyone");
    }
    String stickyOn =
        flag.getValue("sticky_on") instanceof String text
            ? text
            : (String) Settings.defaultOf("features.*.sticky_on");
    String key = context.get(stickyOn);
    if (key == null) {
      return new FeatureDecision(
          name,
          false,
          FeatureDecision.NO_CONTEXT_KEY,
          "rollout at "
              + ConfigValidator.number(percent)
              + "% needs "
              + stickyOn
              + " in the context");
    }
    int bucket = bucket(name, key);
    boolean in = bucket < Math.round(percent * BUCKETS / 100);
    return new FeatureDecision(
        name,
        in,
        FeatureDecision.ROLLOUT,
        String.format(
            java.util.Locale.ROOT,
            "%s %s is in bucket %.2f, rollout at %s%%",
            stickyOn,
            key,
            bucket / 100.0,
            ConfigValidator.number(percent)));
  }

  /** The rollout bucket of {@code key} for {@code flag}: 0 to 9999. */
  public static int bucket(String flag, String key) {
    int hash = Murmur3.hash32((flag + ":" + key).getBytes(StandardCharsets.UTF_8), 0);
    return (int) (Integer.toUnsignedLong(hash) % BUCKETS);
  }

  private static Instant instant(Object value) {
    if (!(value instanceof String text)) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
