package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a bot says about itself: {@code antbot.bots.announce} (when it starts) and {@code
 * antbot.bots.heartbeat} (every {@code interval_s}): {@code {name, node, kind?, version?,
 * interval_s?, last_loop_at?, loop_ms?}}.
 *
 * @param name the bot's name, unique on its node
 * @param node the node (JVM or bridge connection's host) it runs on
 * @param kind its class, or its language for a bot outside the JVM ({@code python})
 * @param version the bot's own version, free text
 * @param intervalS how often it promises a heartbeat; it is stale after three missed
 * @param lastLoopAt when its trading loop last completed, or {@code null}
 * @param loopMs how long that loop took, or {@code null}
 */
public record BotReport(
    String name,
    String node,
    String kind,
    String version,
    int intervalS,
    Instant lastLoopAt,
    Double loopMs) {

  /** Bot and node names: a letter or digit, then letters, digits, {@code . _ -}; at most 64. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public static final int DEFAULT_INTERVAL_S = 5;
  private static final Set<String> FIELDS =
      Set.of("name", "node", "kind", "version", "interval_s", "last_loop_at", "loop_ms");

  public static BotReport fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    String name = JsonFields.requireMatching(json, "name", NAME, "a bot name");
    String node = JsonFields.requireMatching(json, "node", NAME, "a node name");
    String kind = JsonFields.optionalString(json, "kind", null, 256);
    String version = JsonFields.optionalString(json, "version", null, 64);
    Long interval = JsonFields.optionalLong(json, "interval_s");
    if (interval != null && (interval < 1 || interval > 3600)) {
      throw BusException.badRequest(
          "interval_s: expected an integer from 1 to 3600, got " + interval);
    }
    String at = JsonFields.optionalString(json, "last_loop_at", null, 64);
    Instant lastLoop = null;
    if (at != null) {
      try {
        lastLoop = Instant.parse(at);
      } catch (DateTimeParseException e) {
        throw BusException.badRequest(
            "last_loop_at: expected an ISO-8601 instant, got " + JsonFields.describe(at));
      }
    }
    Double loopMs = JsonFields.optionalNumber(json, "loop_ms");
    if (loopMs != null && (loopMs < 0 || loopMs > 86_400_000 || loopMs.isNaN())) {
      throw BusException.badRequest(
          "loop_ms: expected a duration from 0 to 86400000 ms, got " + loopMs);
    }
    return new BotReport(
        name,
        node,
        kind,
        version,
        interval == null ? DEFAULT_INTERVAL_S : interval.intValue(),
        lastLoop,
        loopMs);
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject().put("name", name).put("node", node).put("interval_s", intervalS);
    if (kind != null) {
      json.put("kind", kind);
    }
    if (version != null) {
      json.put("version", version);
    }
    if (lastLoopAt != null) {
      json.put("last_loop_at", lastLoopAt.toString());
    }
    if (loopMs != null) {
      json.put("loop_ms", loopMs);
    }
    return json;
  }
}
