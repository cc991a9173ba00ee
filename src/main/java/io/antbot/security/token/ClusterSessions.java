package io.antbot.security.token;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.antbot.bus.BusException;
import io.antbot.cluster.HazelcastSetup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refresh-token families shared by the core nodes: a Hazelcast map {@code antbot.sessions} (family
 * id → the family as JSON: its user, the hash of its current refresh token and of the spent ones,
 * its access tokens; one backup; each entry kept until the family's refresh token can no longer be
 * used), beside each node's copy, a {@link RefreshSessions} saved as {@code sessions.json}.
 *
 * <p>Every change of a family — a rotation, a detected reuse, a logout, a revocation — is decided
 * on the family as the cluster holds it, then written back by a compare-and-set that runs on the
 * partition's owner ({@link CompareAndSet}, submitted asynchronously): it succeeds only if the
 * family is still the one the decision was made on. Of two nodes rotating the same token at once,
 * exactly one therefore wins; the other decides again on the newer family, finds the token spent —
 * a reuse — and revokes the family. The other nodes take each change into their copy through an
 * entry listener; a value that is not a family (a malformed write by another member) is logged and
 * ignored, and a refresh token of such a family is refused as unknown.
 */
public final class ClusterSessions {

  private static final Logger log = LoggerFactory.getLogger(ClusterSessions.class);

  static final String MAP = HazelcastSetup.MAP_PREFIX + "sessions";

  /**
   * Decisions on one family that lost the race to another node's write before this one gives up
   * with a 503 (each lost race means the family changed meanwhile: a handful is already unusual).
   */
  static final int MAX_ATTEMPTS = 8;

  /** An entry outlives its family's last use by this much, for clocks that differ a little. */
  static final long KEEP_MARGIN_S = 60;

  /**
   * What a decision on one family came to: {@code next}, the family to write ({@code null}: nothing
   * to write), and {@code result}, what the caller gets once it is written.
   */
  public record Change<T>(RefreshSessions.Snapshot next, T result) {
    public static <T> Change<T> none(T result) {
      return new Change<>(null, result);
    }
  }

  private final IMap<String, Object> map;
  private final Clock clock;
  private Context context;
  private RefreshSessions copy;
  private Runnable changed = () -> {};
  private UUID listener;

  public ClusterSessions(HazelcastInstance hazelcast, Clock clock) {
    this.map = hazelcast.getMap(MAP);
    this.clock = clock;
  }

  /**
   * Decides a change of family {@code familyId} on the cluster's current text of it ({@code null}
   * when the cluster has none) and writes it; decides again when another node wrote the family in
   * between. {@code decide} may therefore run more than once and must only change the working copy
   * it makes. Once written, the family is in this node's copy. Completes on the joined context; a
   * cluster that refuses the write (a minority side of a split) fails it with a 503.
   *
   * @throws IllegalStateException before {@link #join}
   */
  public <T> Future<T> update(String familyId, Function<String, Future<Change<T>>> decide) {
    if (context == null) {
      throw new IllegalStateException("not joined");
    }
    return attempt(familyId, decide, 1)
        .recover(
            failure -> {
              if (failure instanceof BusException) {
                return Future.failedFuture(failure);
              }
              log.error(
                  "refresh session {}: the change could not be made in the cluster: {}",
                  familyId,
                  failure.toString());
              return Future.failedFuture(
                  BusException.notReady("the cluster cannot take the session's change now"));
            });
  }

  private <T> Future<T> attempt(
      String familyId, Function<String, Future<Change<T>>> decide, int attempt) {
    return Future.fromCompletionStage(map.getAsync(familyId), context)
        .compose(
            current -> {
              String text = current instanceof String string ? string : null;
              if (current != null && text == null) {
                log.warn(
                    "refresh session {} in the cluster is not a family (a {}); refused",
                    familyId,
                    current.getClass().getSimpleName());
              }
              return decide
                  .apply(current == null || text != null ? text : INVALID)
                  .compose(change -> write(familyId, current, change, decide, attempt));
            });
  }

  private <T> Future<T> write(
      String familyId,
      Object current,
      Change<T> change,
      Function<String, Future<Change<T>>> decide,
      int attempt) {
    if (change.next() == null) {
      return Future.succeededFuture(change.result());
    }
    long keepS =
        Math.max(
            KEEP_MARGIN_S,
            change.next().keepUntilS() - clock.instant().getEpochSecond() + KEEP_MARGIN_S);
    return Future.fromCompletionStage(
            map.submitToKey(familyId, new CompareAndSet(current, change.next().text(), keepS)),
            context)
        .compose(
            written -> {
              if (Boolean.TRUE.equals(written)) {
                take(familyId, change.next().text());
                return Future.succeededFuture(change.result());
              }
              if (attempt >= MAX_ATTEMPTS) {
                log.warn(
                    "refresh session {} changed under {} decisions in a row; given up",
                    familyId,
                    attempt);
                return Future.failedFuture(
                    BusException.notReady("the session is changing too fast; try again"));
              }
              return attempt(familyId, decide, attempt + 1);
            });
  }

  /**
   * The text {@code decide} is given for a value that is not even a string: it parses as no family,
   * so the decision refuses the token (and a write over it is still a compare-and-set against that
   * value).
   */
  static final String INVALID = "\u0000";

  /**
   * Takes the cluster's families into {@code copy} (on {@code context}, calling {@code changed} for
   * each one taken) from now on; hands the cluster the families only this node holds, and replaces
   * the cluster's older copy of a family this node has a newer one of (a whole-cluster restart).
   * Blocking calls run on a worker.
   */
  public Future<Void> join(Vertx vertx, Context context, RefreshSessions copy, Runnable changed) {
    this.context = context;
    this.copy = copy;
    this.changed = changed;
    listener =
        map.addEntryListener(
            new Listener((key, value) -> context.runOnContext(v -> take(key, value))), true);
    long now = clock.instant().getEpochSecond();
    Map<String, RefreshSessions.Snapshot> local = copy.snapshots(now);
    return vertx.executeBlocking(
        () -> {
          for (Map.Entry<String, RefreshSessions.Snapshot> entry : local.entrySet()) {
            String text = entry.getValue().text();
            long keepS =
                Math.max(KEEP_MARGIN_S, entry.getValue().keepUntilS() - now + KEEP_MARGIN_S);
            Object held = map.putIfAbsent(entry.getKey(), text, keepS, TimeUnit.SECONDS);
            if (held != null
                && !(held instanceof String heldText
                    && RefreshSessions.revision(heldText) >= RefreshSessions.revision(text))) {
              map.executeOnKey(entry.getKey(), new CompareAndSet(held, text, keepS));
            }
          }
          Map<String, Object> known = new HashMap<>(map);
          known.forEach((key, value) -> context.runOnContext(v -> take(key, value)));
          return null;
        },
        false);
  }

  public void leave() {
    if (listener != null) {
      try {
        map.removeEntryListener(listener);
      } catch (RuntimeException e) {
        // Hazelcast is shutting down with the node.
      }
    }
  }

  /** Takes the cluster's value of {@code key} into this node's copy when it is a newer family. */
  private void take(String key, Object value) {
    if (!(value instanceof String text)) {
      log.warn(
          "refresh session {} in the cluster is not a family (a {}); ignored",
          key,
          value == null ? "null" : value.getClass().getSimpleName());
      return;
    }
    try {
      if (copy.detached(key, text) != null && copy.adopt(text)) {
        changed.run();
      }
    } catch (IllegalArgumentException e) {
      log.warn(
          "refresh session {} in the cluster is not a family ({}); ignored", key, e.getMessage());
    }
  }

  /**
   * Sets an entry to {@code next} (kept {@code keepS} seconds) if it still holds {@code expected}
   * ({@code null}: if it is absent); answers whether it did. Runs on the partition's owner, so no
   * write can come between the comparison and the set.
   */
  static final class CompareAndSet implements EntryProcessor<String, Object, Boolean> {
    private static final long serialVersionUID = 1L;
    private final Object expected;
    private final String next;
    private final long keepS;

    CompareAndSet(Object expected, String next, long keepS) {
      this.expected = expected;
      this.next = next;
      this.keepS = keepS;
    }

    @Override
    public Boolean process(Map.Entry<String, Object> entry) {
      if (!Objects.equals(entry.getValue(), expected)) {
        return false;
      }
      ((ExtendedMapEntry<String, Object>) entry).setValue(next, keepS, TimeUnit.SECONDS);
      return true;
    }

    @Override
    public EntryProcessor<String, Object, Boolean> getBackupProcessor() {
      return new SetValue(next, keepS);
    }
  }

  /** The backup's half of {@link CompareAndSet}: the owner decided, the backup follows. */
  static final class SetValue implements EntryProcessor<String, Object, Boolean> {
    private static final long serialVersionUID = 1L;
    private final String next;
    private final long keepS;

    SetValue(String next, long keepS) {
      this.next = next;
      this.keepS = keepS;
    }

    @Override
    public Boolean process(Map.Entry<String, Object> entry) {
      ((ExtendedMapEntry<String, Object>) entry).setValue(next, keepS, TimeUnit.SECONDS);
      return true;
    }
  }

  private record Listener(BiConsumer<String, Object> onEntry)
      implements EntryAddedListener<String, Object>, EntryUpdatedListener<String, Object> {
    @Override
    public void entryAdded(EntryEvent<String, Object> event) {
      onEntry.accept(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, Object> event) {
      onEntry.accept(event.getKey(), event.getValue());
    }
  }
}
