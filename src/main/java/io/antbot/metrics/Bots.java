package io.antbot.metrics;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.antbot.bus.Addresses;
import io.antbot.bus.AlertEvent;
import io.antbot.bus.BotReport;
import io.antbot.bus.JsonFields;
import io.antbot.cluster.ClusterOptions;
import io.antbot.cluster.HazelcastSetup;
import io.antbot.service.BusRequest;
import io.antbot.vertx.VertxInternals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metrics service's bot requests ({@code antbot.bots.*}) over the {@link BotRegistry}, and the
 * {@code bot_stale} alert: firing when a bot misses three heartbeats, resolved when it beats again
 * or stops. In a cluster one core node raises it — the oldest core member — so that an operator
 * gets one alert, not one per node.
 */
final class Bots {

  private static final Set<String> NAME_FIELDS = Set.of("name", "actor");
  private static final Set<String> STOPPED_FIELDS = Set.of("name", "node");

  private final Vertx vertx;
  private final Clock clock;
  private final BotRegistry registry;
  private final HazelcastInstance hazelcast;
  private final Map<String, String> staleAlerts = new HashMap<>();

  Bots(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.hazelcast = VertxInternals.hazelcast(vertx);
    this.registry =
        new BotRegistry(
            hazelcast == null ? BotRegistry.local() : BotRegistry.clustered(vertx, hazelcast));
  }

  Future<JsonObject> announce(BusRequest request) {
    return registry
        .announce(BotReport.fromJson(request.body()), clock.instant())
        .map(entry -> new JsonObject().put("paused", entry.getBoolean("paused", false)));
  }

  Future<JsonObject> heartbeat(BusRequest request) {
    return registry
        .heartbeat(BotReport.fromJson(request.body()), clock.instant())
        .map(paused -> new JsonObject().put("paused", paused));
  }

  Future<JsonObject> stopped(BusRequest request) {
    JsonFields.rejectUnknown(request.body(), STOPPED_FIELDS);
    String name = JsonFields.requireMatching(request.body(), "name", BotReport.NAME, "a bot name");
    String node = JsonFields.requireMatching(request.body(), "node", BotReport.NAME, "a node name");
    return registry.stopped(node, name, clock.instant()).map(v -> new JsonObject());
  }

  Future<JsonObject> list(BusRequest request) {
    JsonFields.rejectUnknown(request.body(), Set.of());
    return registry
        .list(clock.instant())
        .map(bots -> new JsonObject().put("bots", new JsonArray(List.copyOf(bots))));
  }

  Future<JsonObject> pause(BusRequest request, boolean paused) {
    JsonFields.rejectUnknown(request.body(), NAME_FIELDS);
    String name = JsonFields.requireMatching(request.body(), "name", BotReport.NAME, "a bot name");
    return registry
        .pause(name, paused)
        .map(
            count -> {
              vertx
                  .eventBus()
                  .publish(
                      Addresses.BOTS_COMMAND,
                      new JsonObject()
                          .put("name", name)
                          .put("command", paused ? "pause" : "resume")
                          .put("at", clock.instant().toString()));
              return new JsonObject().put("name", name).put("paused", paused).put("bots", count);
            });
  }

  /** The {@code bot_stale} transitions since the last call (none on a node that does not alert). */
  Future<List<AlertEvent>> evaluate() {
    if (!alerting()) {
      return Future.succeededFuture(List.of());
    }
    Instant now = clock.instant();
    return registry
        .list(now)
        .map(
            bots -> {
              List<AlertEvent> events = new java.util.ArrayList<>();
              Set<String> seen = new java.util.HashSet<>();
              for (JsonObject bot : bots) {
                String key = BotRegistry.key(bot.getString("node"), bot.getString("name"));
                seen.add(key);
                boolean stale = "stale".equals(bot.getString("status"));
                if (stale && !staleAlerts.containsKey(key)) {
                  String id = "bots.stale." + key + "." + now.toEpochMilli();
                  staleAlerts.put(key, id);
                  events.add(
                      alert(
                          id,
                          key,
                          AlertEvent.FIRING,
                          "bot "
                              + key
                              + " missed three heartbeats (last at "
                              + bot.getString("last_heartbeat_at")
                              + ")",
                          now));
                } else if (!stale && staleAlerts.containsKey(key)) {
                  events.add(
                      alert(
                          staleAlerts.remove(key),
                          key,
                          AlertEvent.RESOLVED,
                          "bot " + key + " is " + bot.getString("status"),
                          now));
                }
              }
              staleAlerts.keySet().removeIf(key -> !seen.contains(key));
              return events;
            })
        .otherwise(List.of());
  }

  private static AlertEvent alert(
      String id, String key, String state, String message, Instant now) {
    return new AlertEvent(
        id,
        "metrics",
        "bot_stale",
        "warning",
        state,
        message,
        now,
        new JsonObject().put("bot", key));
  }

  /** Alone, or the oldest core member of the cluster (Hazelcast lists members oldest first). */
  private boolean alerting() {
    if (hazelcast == null) {
      return true;
    }
    for (Member member : hazelcast.getCluster().getMembers()) {
      String role = member.getAttribute(HazelcastSetup.ATTR_ROLE);
      if (!ClusterOptions.BOTS.equals(role)) {
        return member.localMember();
      }
    }
    return false;
  }
}
