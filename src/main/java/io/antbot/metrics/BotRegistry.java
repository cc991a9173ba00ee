package io.antbot.metrics;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.antbot.bus.BotReport;
import io.antbot.bus.BusException;
import io.antbot.cluster.HazelcastSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every bot of the system — a verticle of any node, or a program behind the bridge — with what it
 * last said: announced with its name, node, kind and version, then a heartbeat every {@code
 * interval_s} with its last loop time. A bot is {@code stale} after three intervals without a
 * heartbeat, {@code stopped} when its launcher said so, {@code paused} when an operator paused it
 * (it learns so from its heartbeat's reply and from {@code antbot.bots.command}), else {@code
 * running}.
 *
 * <p>Kept in a Hazelcast map ({@code antbot.bots}) in a cluster, so that every core node lists
 * every bot whichever node its heartbeats reach; in a map of this JVM otherwise. Entries are keyed
 * {@code <node>/<name>} and bounded in number.
 */
final class BotRegistry {

  /** Bots kept at most; an announce beyond it is refused (429), stopped ones go first. */
  static final int MAX_BOTS = 10_000;

  static final String MAP = HazelcastSetup.MAP_PREFIX + "bots";

  /** Where the entries live. Every method completes on the caller's context. */
  interface Store {
    Future<JsonObject> get(String key);

    Future<Void> put(String key, JsonObject entry);

    Future<Void> remove(String key);

    Future<List<JsonObject>> all();
  }

  private final Store store;

  BotRegistry(Store store) {
    this.store = store;
  }

  static Store local() {
    Map<String, JsonObject> entries = new ConcurrentHashMap<>();
    return new Store() {
      @Override
      public Future<JsonObject> get(String key) {
        JsonObject entry = entries.get(key);
        return Future.succeededFuture(entry == null ? null : entry.copy());
      }

      @Override
      public Future<Void> put(String key, JsonObject entry) {
        entries.put(key, entry.copy());
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> remove(String key) {
        entries.remove(key);
        return Future.succeededFuture();
      }

      @Override
      public Future<List<JsonObject>> all() {
        List<JsonObject> copies = new ArrayList<>();
        entries.values().forEach(entry -> copies.add(entry.copy()));
        return Future.succeededFuture(copies);
      }
    };
  }

  /** The cluster's map; asynchronous calls, the full scan on a worker. */
  static Store clustered(Vertx vertx, HazelcastInstance hazelcast) {
    IMap<String, String> map = hazelcast.getMap(MAP);
    return new Store() {
      @Override
      public Future<JsonObject> get(String key) {
        return Future.fromCompletionStage(map.getAsync(key), Vertx.currentContext())
            .map(text -> text == null ? null : new JsonObject(text));
      }

      @Override
      public Future<Void> put(String key, JsonObject entry) {
        return Future.fromCompletionStage(map.setAsync(key, entry.encode()), Vertx.currentContext())
            .mapEmpty();
      }

      @Override
      public Future<Void> remove(String key) {
        return Future.fromCompletionStage(map.removeAsync(key), Vertx.currentContext()).mapEmpty();
      }

      @Override
      public Future<List<JsonObject>> all() {
        return vertx.executeBlocking(
            () -> {
              List<JsonObject> entries = new ArrayList<>();
              map.values().forEach(text -> entries.add(new JsonObject(text)));
              return entries;
            },
            false);
      }
    };
  }

  static String key(String node, String name) {
    return node + "/" + name;
  }

  /** A bot starts (again): a fresh entry, keeping whether it was paused. */
  Future<JsonObject> announce(BotReport report, Instant now) {
    String key = key(report.node(), report.name());
    return store
        .get(key)
        .compose(
            previous ->
                previous != null ? Future.succeededFuture(previous) : roomFor(key).map(v -> null))
        .compose(
            previous -> {
              JsonObject entry = fresh(report, now);
              entry.put("paused", previous != null && previous.getBoolean("paused", false));
              return store.put(key, entry).map(v -> entry);
            });
  }

  /** A heartbeat; a bot not announced yet (its announce was lost) is registered by it. */
  Future<Boolean> heartbeat(BotReport report, Instant now) {
    String key = key(report.node(), report.name());
    return store
        .get(key)
        .compose(
            previous -> {
              if (previous == null) {
                return announce(report, now).map(entry -> entry.getBoolean("paused", false));
              }
              JsonObject entry = previous.copy();
              entry.put("last_heartbeat_at", now.toString()).put("interval_s", report.intervalS());
              entry.remove("stopped_at");
              if (report.kind() != null) {
                entry.put("kind", report.kind());
              }
              if (report.version() != null) {
                entry.put("version", report.version());
              }
              if (report.lastLoopAt() != null) {
                entry.put("last_loop_at", report.lastLoopAt().toString());
              }
              if (report.loopMs() != null) {
                entry.put("loop_ms", report.loopMs());
              }
              return store.put(key, entry).map(v -> entry.getBoolean("paused", false));
            });
  }

  /** Its launcher stopped it; 404 when it was never announced. */
  Future<Void> stopped(String node, String name, Instant now) {
    String key = key(node, name);
    return store
        .get(key)
        .compose(
            entry -> {
              if (entry == null) {
                return Future.failedFuture(
                    BusException.notFound("bot " + key + ": not registered"));
              }
              return store.put(key, entry.put("stopped_at", now.toString()));
            });
  }

  /** Every bot with its status, by node then name. */
  Future<List<JsonObject>> list(Instant now) {
    return store
        .all()
        .map(
            entries -> {
              entries.forEach(entry -> entry.put("status", status(entry, now)));
              entries.sort(
                  Comparator.comparing((JsonObject e) -> e.getString("node"))
                      .thenComparing(e -> e.getString("name")));
              return entries;
            });
  }

  /** Pauses or resumes every bot called {@code name}; 404 when there is none. */
  Future<Integer> pause(String name, boolean paused) {
    return store
        .all()
        .compose(
            entries -> {
              List<Future<Void>> writes = new ArrayList<>();
              for (JsonObject entry : entries) {
                if (name.equals(entry.getString("name"))) {
                  writes.add(
                      store.put(key(entry.getString("node"), name), entry.put("paused", paused)));
                }
              }
              if (writes.isEmpty()) {
                return Future.failedFuture(
                    BusException.notFound("bot " + name + ": not registered"));
              }
              return Future.all(writes).map(all -> writes.size());
            });
  }

  static String status(JsonObject entry, Instant now) {
    if (entry.getString("stopped_at") != null) {
      return "stopped";
    }
    Instant last = Instant.parse(entry.getString("last_heartbeat_at"));
    long interval = entry.getLong("interval_s", (long) BotReport.DEFAULT_INTERVAL_S);
    if (now.isAfter(last.plusSeconds(3 * interval))) {
      return "stale";
    }
    return entry.getBoolean("paused", false) ? "paused" : "running";
  }

  private static JsonObject fresh(BotReport report, Instant now) {
    JsonObject entry =
        new JsonObject()
            .put("name", report.name())
            .put("node", report.node())
            .put("kind", report.kind())
            .put("version", report.version())
            .put("interval_s", report.intervalS())
            .put("started_at", now.toString())
            .put("last_heartbeat_at", now.toString());
    if (report.lastLoopAt() != null) {
      entry.put("last_loop_at", report.lastLoopAt().toString());
    }
    if (report.loopMs() != null) {
      entry.put("loop_ms", report.loopMs());
    }
    return entry;
  }

  /** Makes room for one more entry: drops the oldest stopped one, or refuses (429). */
  private Future<Void> roomFor(String key) {
    return store
        .all()
        .compose(
            entries -> {
              if (entries.size() < MAX_BOTS) {
                return Future.succeededFuture();
              }
              return entries.stream()
                  .filter(e -> e.getString("stopped_at") != null)
                  .min(Comparator.comparing(e -> e.getString("stopped_at")))
                  .map(e -> store.remove(key(e.getString("node"), e.getString("name"))))
                  .orElseGet(
                      () ->
                          Future.failedFuture(
                              new BusException(
                                  io.antbot.bus.FailureCode.RATE_LIMITED,
                                  "bot registry full: " + MAX_BOTS + " bots, none stopped")));
            });
  }
}
