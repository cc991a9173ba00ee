package io.antbot.security.token;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.antbot.bus.Addresses;
import io.antbot.cluster.HazelcastSetup;
import io.antbot.cluster.PeerConfirmations;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
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
 * node's own {@code revoked-tokens.json}. A revocation is acknowledged once the cluster holds it
 * and every other core node has it in force ({@link PeerConfirmations}, at {@link
 * Addresses#SECURITY_REVOCATION_CONFIRM}), so a token revoked on one node is refused by every other
 * node from the reply on; each node also follows the map by an entry listener, and checks its local
 * copy on each request: reads stay local. Writes use the asynchronous API and never block an event
 * loop.
 */
public final class ClusterRevocations {

  static final String MAP = HazelcastSetup.MAP_PREFIX + "revocations";

  /** Revocations per confirmation message (a password change can revoke many tokens at once). */
  static final int CONFIRM_BATCH = 1_000;

  /** The largest {@code jti} a confirmation may carry; this runtime's are 22 characters. */
  static final int MAX_JTI_LENGTH = 256;

  /** 9999-12-31T23:59:59Z: no token of this runtime lives longer. */
  static final long LAST_EXPIRY_S = 253_402_300_799L;

  private final HazelcastInstance hazelcast;
  private final IMap<String, Long> map;
  private final Clock clock;
  private UUID listener;
  private Vertx vertx;
  private MessageConsumer<Object> confirmations;

  public ClusterRevocations(HazelcastInstance hazelcast, Clock clock) {
    this.hazelcast = hazelcast;
    this.map = hazelcast.getMap(MAP);
    this.clock = clock;
  }

  /**
   * Puts {@code revoked} in the cluster, then in force on every other core node that answers;
   * completes on {@code context} once every entry (and its backup) is written and the other nodes
   * have answered or timed out. Fails only when the cluster's map refused a write.
   */
  Future<Void> publish(Context context, Map<String, Long> revoked) {
    if (revoked.isEmpty()) {
      return Future.succeededFuture();
    }
    long now = clock.instant().getEpochSecond();
    List<Future<Void>> writes = new ArrayList<>();
    revoked.forEach(
        (jti, exp) ->
            writes.add(
                Future.fromCompletionStage(
                        map.setAsync(jti, exp, Math.max(60, exp - now + 300), TimeUnit.SECONDS),
                        context)
                    .mapEmpty()));
    return Future.all(writes).compose(written -> confirmWithPeers(revoked));
  }

  /** Hands {@code revoked} to each other member's security service and waits for the answers. */
  private Future<Void> confirmWithPeers(Map<String, Long> revoked) {
    if (vertx == null) {
      return Future.succeededFuture();
    }
    return PeerConfirmations.tellOthers(
        vertx,
        hazelcast,
        Addresses.SECURITY_REVOCATION_CONFIRM,
        batches(revoked),
        revoked.size() == 1 ? "a revocation" : revoked.size() + " revocations");
  }

  private static List<JsonObject> batches(Map<String, Long> revoked) {
    List<JsonObject> batches = new ArrayList<>();
    JsonObject batch = new JsonObject();
    for (Map.Entry<String, Long> entry : revoked.entrySet()) {
      if (batch.size() == CONFIRM_BATCH) {
        batches.add(new JsonObject().put("revoked", batch));
        batch = new JsonObject();
      }
      batch.put(entry.getKey(), entry.getValue());
    }
    batches.add(new JsonObject().put("revoked", batch));
    return batches;
  }

  /**
   * Serves this node's confirmation address, then calls {@code onRemote} (on {@code context}) for
   * every revocation another node adds, then takes what the cluster already holds and hands the
   * cluster what only this node holds (a whole-cluster restart). Blocking calls run on a worker.
   */
  Future<Void> join(
      Vertx vertx, Context context, RevocationList local, BiConsumer<String, Long> onRemote) {
    this.vertx = vertx;
    confirmations =
        PeerConfirmations.serve(
            vertx,
            context,
            hazelcast,
            Addresses.SECURITY_REVOCATION_CONFIRM,
            body -> {
              Map<String, Long> entries = parse(body);
              entries.forEach(onRemote);
              return Future.succeededFuture(new JsonObject().put("accepted", entries.size()));
            });
    return confirmations
        .completion()
        .compose(
            registered -> {
              listener =
                  map.addEntryListener(
                      new Listener(
                          (jti, exp) -> context.runOnContext(v -> onRemote.accept(jti, exp))),
                      true);
              return vertx.executeBlocking(
                  () -> {
                    Map<String, Long> known = new HashMap<>(map);
                    known.forEach(
                        (jti, exp) -> context.runOnContext(v -> onRemote.accept(jti, exp)));
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
            });
  }

  /**
   * Another node's revocations: {@code {revoked: {jti: expiry epoch seconds, …}}}, at most {@value
   * #CONFIRM_BATCH} entries; anything else is refused whole.
   */
  static Map<String, Long> parse(Object body) {
    if (!(body instanceof JsonObject json)
        || json.size() != 1
        || !(json.getValue("revoked") instanceof JsonObject revoked)) {
      throw new IllegalArgumentException("expected {revoked: {jti: expiry, ...}}");
    }
    if (revoked.size() > CONFIRM_BATCH) {
      throw new IllegalArgumentException(
          "at most " + CONFIRM_BATCH + " revocations a message, got " + revoked.size());
    }
    Map<String, Long> entries = new HashMap<>();
    for (Map.Entry<String, Object> entry : revoked) {
      String jti = entry.getKey();
      if (jti.isEmpty() || jti.length() > MAX_JTI_LENGTH) {
        throw new IllegalArgumentException("a jti is 1 to " + MAX_JTI_LENGTH + " characters");
      }
      if (!(entry.getValue() instanceof Number number)
          || number.doubleValue() != number.longValue()
          || number.longValue() <= 0
          || number.longValue() > LAST_EXPIRY_S) {
        throw new IllegalArgumentException(
            "the expiry of a jti is epoch seconds from 1 to " + LAST_EXPIRY_S);
      }
      entries.put(jti, number.longValue());
    }
    return entries;
  }

  void leave() {
    if (confirmations != null) {
      confirmations.unregister();
    }
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
