package io.antbot.security.token;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.antbot.bus.Addresses;
import io.antbot.bus.FailureCode;
import io.antbot.cluster.HazelcastSetup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token revocations shared by the core nodes: a Hazelcast map {@code antbot.revocations} ({@code
 * jti} → expiry, each entry living until its token would have expired; one backup), beside each
 * node's own {@code revoked-tokens.json}.
 *
 * <p>A revocation is acknowledged once the cluster holds it <em>and</em> every other core node has
 * it in force: after the map's write, this node hands the new entries to each other member's
 * security service at its own address ({@link Addresses#securityRevocationConfirm}) and waits for
 * the answers. So a token revoked on one node is refused by every other node from the reply on —
 * the map's entry listener alone tells the others within milliseconds, but after the reply, and a
 * busy node may take longer. A member without the security service (a bots node) has no handler and
 * is skipped at once; a core node that has not answered within {@value #CONFIRM_TIMEOUT_MS} ms
 * (dying, or cut off) is named in a warning and takes the revocation from the map by its listener
 * or when it joins again. Each node reads its local copy on each request: reads stay local. Writes
 * use the asynchronous API and never block an event loop.
 */
public final class ClusterRevocations {

  static final String MAP = HazelcastSetup.MAP_PREFIX + "revocations";

  /** How long a revocation's reply waits for another core node to confirm it. */
  static final long CONFIRM_TIMEOUT_MS = 2_000;

  /** Revocations per confirmation message (a password change can revoke many tokens at once). */
  static final int CONFIRM_BATCH = 1_000;

  /** The largest {@code jti} a confirmation may carry; this runtime's are 22 characters. */
  static final int MAX_JTI_LENGTH = 256;

  /** 9999-12-31T23:59:59Z: no token of this runtime lives longer. */
  static final long LAST_EXPIRY_S = 253_402_300_799L;

  private static final Logger log = LoggerFactory.getLogger(ClusterRevocations.class);

  private final HazelcastInstance hazelcast;
  private final IMap<String, Long> map;
  private final Clock clock;
  private UUID listener;
  private Vertx vertx;
  private MessageConsumer<JsonObject> confirmations;

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
    List<JsonObject> batches = batches(revoked);
    UUID self = hazelcast.getCluster().getLocalMember().getUuid();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(CONFIRM_TIMEOUT_MS);
    List<Future<Void>> answers = new ArrayList<>();
    for (Member member : hazelcast.getCluster().getMembers()) {
      if (member.getUuid().equals(self)) {
        continue;
      }
      String address = Addresses.securityRevocationConfirm(member.getUuid().toString());
      for (JsonObject batch : batches) {
        answers.add(
            vertx
                .eventBus()
                .<JsonObject>request(address, batch, options)
                .<Void>mapEmpty()
                .recover(failure -> unconfirmed(member, failure)));
      }
    }
    return Future.all(answers).mapEmpty();
  }

  private static Future<Void> unconfirmed(Member member, Throwable failure) {
    if (failure instanceof ReplyException reply
        && reply.failureType() == ReplyFailure.NO_HANDLERS) {
      // A member without the security service: a bots node, or a core node still starting (it
      // reads the map after registering its handler, so it holds the revocation either way).
      return Future.succeededFuture();
    }
    log.warn(
        "core node {} did not confirm a revocation ({}); it takes it from the cluster's map",
        nodeName(member),
        failure.getMessage());
    return Future.succeededFuture();
  }

  private static String nodeName(Member member) {
    String name = member.getAttribute(HazelcastSetup.ATTR_NODE);
    return name != null ? name : member.getAddress().toString();
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
   * Call on {@code context}.
   */
  Future<Void> join(
      Vertx vertx, Context context, RevocationList local, BiConsumer<String, Long> onRemote) {
    this.vertx = vertx;
    String address =
        Addresses.securityRevocationConfirm(
            hazelcast.getCluster().getLocalMember().getUuid().toString());
    confirmations = vertx.eventBus().consumer(address, message -> confirm(message, onRemote));
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
   * Another node's revocations, put in force here before the answer: {@code {revoked: {jti: expiry
   * epoch seconds, …}}}, at most {@value #CONFIRM_BATCH} entries. A malformed body is refused whole
   * (400) and changes nothing.
   */
  private static void confirm(Message<JsonObject> message, BiConsumer<String, Long> onRemote) {
    Map<String, Long> entries;
    try {
      entries = parse(message.body());
    } catch (IllegalArgumentException e) {
      message.fail(FailureCode.BAD_REQUEST.code(), e.getMessage());
      return;
    }
    entries.forEach(onRemote);
    message.reply(new JsonObject().put("accepted", entries.size()));
  }

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
