package io.antbot.security.behaviour;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
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
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Login lockouts shared by the core nodes: when one node locks a user name or an address, the lock
 * goes into the Hazelcast map {@code antbot.lockouts} (subject → locked until, the entry expiring
 * with the lock) and every other node's {@link LoginGuard} applies it; a lock lifted by an operator
 * is removed everywhere. The node that locks (or lifts) also hands the change to each other core
 * node at {@link Addresses#SECURITY_LOCKOUT_CONFIRM} ({@link PeerConfirmations}), and the reply of
 * the login that caused the lock (or of the unlock) waits for {@link #inForce}: from that reply on,
 * the next attempt is refused on every node, not only once the map's listener has run there.
 * Failures are still counted per node — an attacker spreading guesses over n nodes reaches a lock
 * after at most n times the threshold, and from then on is locked out on every node.
 */
public final class ClusterLockouts {

  static final String MAP = HazelcastSetup.MAP_PREFIX + "lockouts";

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ClusterLockouts.class);

  /** A lock subject as {@link LoginGuard} keys it: {@code user:<name>@<ip>}, {@code ip:<ip>}. */
  static final int MAX_SUBJECT_LENGTH = 512;

  /** 9999-12-31T23:59:59.999Z in epoch ms: no lock lasts longer. */
  private static final long LATEST_UNTIL = 253_402_300_799_999L;

  private final HazelcastInstance hazelcast;
  private final IMap<String, Long> map;
  private final Clock clock;
  private UUID listener;
  private MessageConsumer<Object> confirmations;

  /** Lock changes made here whose cluster write or confirmations are still under way. */
  private final Set<Future<Void>> underWay = ConcurrentHashMap.newKeySet();

  public ClusterLockouts(HazelcastInstance hazelcast, Clock clock) {
    this.hazelcast = hazelcast;
    this.map = hazelcast.getMap(MAP);
    this.clock = clock;
  }

  /**
   * Follows {@code guard}, whose locks and lifts happen on {@code context}: they go to the cluster
   * and to the other nodes' guards; the cluster's come to it, by this node's confirmation address
   * and by the map's listener (which also covers a lock set while this node was starting).
   * Completes once the confirmation address is registered in the cluster.
   */
  public Future<Void> follow(Vertx vertx, Context context, LoginGuard guard) {
    guard.onLockChange((subject, until) -> share(vertx, context, subject, until));
    confirmations =
        PeerConfirmations.serve(
            vertx,
            context,
            hazelcast,
            Addresses.SECURITY_LOCKOUT_CONFIRM,
            body -> {
              JsonObject change = parse(body);
              guard.acceptRemote(change.getString("subject"), change.getLong("until"));
              return Future.succeededFuture(new JsonObject());
            });
    listener = map.addEntryListener(new Listener(guard), true);
    return confirmations.completion();
  }

  /**
   * Completes once every lock change made here so far is in the cluster's map and in force on the
   * other core nodes that answered (see {@link PeerConfirmations}); never fails.
   */
  public Future<Void> inForce() {
    if (underWay.isEmpty()) {
      return Future.succeededFuture();
    }
    return Future.join(new ArrayList<>(underWay)).transform(done -> Future.succeededFuture());
  }

  private void share(Vertx vertx, Context context, String subject, long until) {
    Future<Void> written =
        until <= 0
            ? Future.fromCompletionStage(map.removeAsync(subject), context).mapEmpty()
            : Future.fromCompletionStage(
                    map.setAsync(
                        subject,
                        until,
                        Math.max(1_000, until - clock.millis()),
                        TimeUnit.MILLISECONDS),
                    context)
                .mapEmpty();
    Future<Void> shared =
        written
            .transform(
                done -> {
                  if (done.failed()) {
                    // The other nodes still get it below; a node joining later will not.
                    log.warn(
                        "login lock of {} not written to the cluster's map: {}",
                        subject,
                        done.cause().getMessage());
                  }
                  return Future.<Void>succeededFuture();
                })
            .compose(
                v ->
                    PeerConfirmations.tellOthers(
                        vertx,
                        hazelcast,
                        Addresses.SECURITY_LOCKOUT_CONFIRM,
                        List.of(
                            new JsonObject()
                                .put("subject", subject)
                                .put("until", Math.max(0, until))),
                        until <= 0 ? "a lifted login lock" : "a login lock"));
    underWay.add(shared);
    shared.onComplete(done -> underWay.remove(shared));
  }

  /**
   * Another node's lock change: {@code {subject, until}}, the subject a lock key of {@link
   * LoginGuard} ({@code user:}, {@code ip:} or {@code any:user:}, at most {@value
   * #MAX_SUBJECT_LENGTH} characters), {@code until} epoch milliseconds (0 lifts it); anything else
   * is refused whole.
   */
  static JsonObject parse(Object body) {
    if (!(body instanceof JsonObject json)
        || json.size() != 2
        || !(json.getValue("subject") instanceof String subject)
        || !(json.getValue("until") instanceof Number until)) {
      throw new IllegalArgumentException("expected {subject, until}");
    }
    if (subject.isEmpty()
        || subject.length() > MAX_SUBJECT_LENGTH
        || !(subject.startsWith("user:")
            || subject.startsWith("ip:")
            || subject.startsWith("any:user:"))) {
      throw new IllegalArgumentException(
          "subject: expected user:, ip: or any:user: and at most "
              + MAX_SUBJECT_LENGTH
              + " characters");
    }
    if (!(until instanceof Integer || until instanceof Long)
        || until.longValue() < 0
        || until.longValue() > LATEST_UNTIL) {
      throw new IllegalArgumentException(
          "until: expected whole epoch milliseconds from 0 to " + LATEST_UNTIL);
    }
    return new JsonObject().put("subject", subject).put("until", until.longValue());
  }

  public void leave() {
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

  private record Listener(LoginGuard guard)
      implements EntryAddedListener<String, Long>,
          EntryUpdatedListener<String, Long>,
          EntryRemovedListener<String, Long> {
    @Override
    public void entryAdded(EntryEvent<String, Long> event) {
      guard.acceptRemote(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, Long> event) {
      guard.acceptRemote(event.getKey(), event.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, Long> event) {
      guard.acceptRemote(event.getKey(), 0L);
    }
  }
}
