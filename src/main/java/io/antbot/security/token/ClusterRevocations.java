package io.antbot.security.token;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.antbot.cluster.HazelcastSetup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Token revocations shared by the core nodes: a Hazelcast map {@code antbot.revocations} ({@code
 * jti} → expiry, each entry living until its token would have expired; one backup), beside each
 * node's own {@code revoked-tokens.json}. A revocation is acknowledged once the cluster holds it,
 * so a token revoked on one node is refused by every other node from the reply on (they learn of it
 * by an entry listener, within milliseconds, and check their local copy on each request: reads stay
 * local). Writes use the asynchronous API and never block an event loop.
 */
public final class ClusterRevocations {

  static final String MAP = HazelcastSetup.MAP_PREFIX + "revocations";

  private final IMap<String, Long> map;
  private final Clock clock;
  private UUID listener;

  public ClusterRevocations(HazelcastInstance hazelcast, Clock clock) {
    this.map = hazelcast.getMap(MAP);
    this.clock = clock;
  }

  /**
   * Puts {@code revoked} in the cluster; completes on {@code context} once every entry (and its
   * backup) is written.
   */
  Future<Void> publish(Context context, Map<String, Long> revoked) {
    long now = clock.instant().getEpochSecond();
    List<Future<Void>> writes = new ArrayList<>();
    revoked.forEach(
        (jti, exp) ->
            writes.add(
                Future.fromCompletionStage(
                        map.setAsync(jti, exp, Math.max(60, exp - now + 300), TimeUnit.SECONDS),
                        context)
                    .mapEmpty()));
    return Future.all(writes).mapEmpty();
  }

  /**
   * Calls {@code onRemote} (on {@code context}) for every revocation another node adds, then takes
   * what the cluster already holds and hands the cluster what only this node holds (a whole-cluster
   * restart). Blocking calls run on a worker.
   */
  Future<Void> join(
      Vertx vertx, Context context, RevocationList local, BiConsumer<String, Long> onRemote) {
    listener =
        map.addEntryListener(
            new Listener((jti, exp) -> context.runOnContext(v -> onRemote.accept(jti, exp))), true);
    return vertx.executeBlocking(
        () -> {
          Map<String, Long> known = new HashMap<>(map);
          known.forEach((jti, exp) -> context.runOnContext(v -> onRemote.accept(jti, exp)));
          Map<String, Long> missing = new HashMap<>();
          local
              .all()
              .forEach(
                  (jti, exp) -> {
                    if (!known.containsKey(jti)) {
                      missing.put(jti, exp);
                    }
                  });
          if (!missing.isEmpty()) {
            map.putAll(missing);
          }
          return null;
        },
        false);
  }

  void leave() {
    if (listener != null) {
      try {
        map.removeEntryListener(listener);
      } catch (RuntimeException e) {
        // Hazelcast is shutting down with the node.
      }
    }
  }

  private record Listener(BiConsumer<String, Long> onEntry)
      implements EntryAddedListener<String, Long>, EntryUpdatedListener<String, Long> {
    @Override
    public void entryAdded(com.hazelcast.core.EntryEvent<String, Long> event) {
      onEntry.accept(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(com.hazelcast.core.EntryEvent<String, Long> event) {
      onEntry.accept(event.getKey(), event.getValue());
    }
  }
}
