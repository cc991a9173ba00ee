package io.antbot.security.behaviour;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.antbot.cluster.HazelcastSetup;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Login lockouts shared by the core nodes: when one node locks a user name or an address, the lock
 * goes into the Hazelcast map {@code antbot.lockouts} (subject → locked until, the entry expiring
 * with the lock) and every other node's {@link LoginGuard} applies it through an entry listener; a
 * lock lifted by an operator is removed everywhere. Failures are still counted per node — an
 * attacker spreading guesses over n nodes reaches a lock after at most n times the threshold, and
 * from then on is locked out on every node. Writes are asynchronous and never wait on the login
 * path.
 */
public final class ClusterLockouts {

  static final String MAP = HazelcastSetup.MAP_PREFIX + "lockouts";

  private final IMap<String, Long> map;
  private final Clock clock;
  private UUID listener;

  public ClusterLockouts(HazelcastInstance hazelcast, Clock clock) {
    this.map = hazelcast.getMap(MAP);
    this.clock = clock;
  }

  /** Follows {@code guard}: its locks go to the cluster, the cluster's come to it. */
  public void follow(LoginGuard guard) {
    guard.onLockChange(
        (subject, until) -> {
          if (until <= 0) {
            map.removeAsync(subject);
          } else {
            long ttlMs = Math.max(1_000, until - clock.millis());
            map.setAsync(subject, until, ttlMs, TimeUnit.MILLISECONDS);
          }
        });
    listener = map.addEntryListener(new Listener(guard), true);
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
