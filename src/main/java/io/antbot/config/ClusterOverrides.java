package io.antbot.config;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtection;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.antbot.bus.BusException;
import io.antbot.cluster.HazelcastSetup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@link SharedOverrides} in a Hazelcast map ({@code antbot.config}, one backup, split-brain
 * protection from {@code cluster.min_size}; see {@link HazelcastSetup}): the whole state is one
 * JSON text under one key, and a write replaces the text this node last saw or nothing.
 *
 * <p>The compare-and-set is decided by the key's partition owner, so of two writers on the same
 * version exactly one wins, with no lock to take and give back around the write (two round trips
 * fewer on the way to the broadcast). A node that lost takes the map's key lock for its next
 * attempt: Hazelcast holds every other caller's write to a locked key until the lock is released,
 * so the lock holder cannot lose again and no node starves. Neither is consensus: the two sides of
 * a network split each have an owner. What keeps the sides from diverging is the split-brain
 * protection on the map: a side below {@code cluster.min_size} cannot write (docs/cluster.md).
 */
final class ClusterOverrides implements SharedOverrides {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ClusterOverrides.class);

  static final String MAP = HazelcastSetup.MAP_PREFIX + "config";
  private static final String KEY = "current";
  private static final long LOCK_WAIT_S = 5;
  private static final long LOCK_LEASE_S = 30;

  /** {@link #seen} before this node read the state. */
  private static final String UNREAD = new String("unread");

  private final IMap<String, String> map;
  private final HazelcastInstance hazelcast;
  private final Duration minimumSizeWait;

  /**
   * The text this node last read or wrote ({@code null}: the cluster had none); what {@link
   * #writeIfUnchanged} expects to replace. Compared by identity only against {@link #UNREAD}.
   */
  private volatile String seen = UNREAD;

  /**
   * @param minimumSizeWait how long {@link #awaitMinimumSize} waits ({@code
   *     cluster.join_timeout_s})
   */
  ClusterOverrides(HazelcastInstance hazelcast, Duration minimumSizeWait) {
    this.map = hazelcast.getMap(MAP);
    this.hazelcast = hazelcast;
    this.minimumSizeWait = minimumSizeWait;
  }

  /**
   * Polls Hazelcast's split-brain protection (it is told of every membership change) until it
   * counts enough members. Runs on the configuration service's start, on a worker; the first node
   * of a cluster with {@code min_size: 2} waits here for the second.
   */
  @Override
  public void awaitMinimumSize() {
    SplitBrainProtection protection =
        hazelcast
            .getSplitBrainProtectionService()
            .getSplitBrainProtection(HazelcastSetup.SPLIT_BRAIN_PROTECTION);
    long deadline = System.nanoTime() + minimumSizeWait.toNanos();
    boolean logged = false;
    while (!protection.hasMinimumSize()) {
      if (System.nanoTime() - deadline > 0) {
        throw BusException.notReady(
            "fewer members than cluster.min_size joined within cluster.join_timeout_s ("
                + minimumSizeWait.toSeconds()
                + " s): "
                + hazelcast.getCluster().getMembers().size()
                + " member(s) here");
      }
      if (!logged) {
        log.info(
            "waiting for cluster.min_size members before taking the cluster's configuration"
                + " ({} here)",
            hazelcast.getCluster().getMembers().size());
        logged = true;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw BusException.notReady("interrupted while waiting for the cluster");
      }
    }
  }

  @Override
  public Stored read() {
    String text = guarded(() -> map.get(KEY));
    seen = UNREAD;
    if (text == null) {
      seen = null;
      return null;
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
      if (!(json.getValue("version") instanceof Number)
          || !(json.getValue("overrides") instanceof JsonObject)) {
        throw new IllegalArgumentException("no version or overrides");
      }
    } catch (RuntimeException e) {
      // Another member wrote something else under the key: refuse it rather than apply it.
      throw BusException.internal(
          "the cluster's configuration state in map "
              + MAP
              + " is not readable ("
              + e.getClass().getSimpleName()
              + ")");
    }
    List<JsonObject> recent = new ArrayList<>();
    if (json.getValue("recent") instanceof JsonArray entries) {
      for (Object entry : entries) {
        if (entry instanceof JsonObject object) {
          recent.add(object);
        }
      }
    }
    seen = text;
    return new Stored(
        json.getLong("version"), json.getJsonObject("overrides"), json.getString("node"), recent);
  }

  @Override
  public boolean writeIfUnchanged(Stored state) {
    String expected = seen;
    if (expected == UNREAD) {
      return false;
    }
    String text =
        new JsonObject()
            .put("version", state.version())
            .put("overrides", state.overrides())
            .put("node", state.node())
            .put("recent", new JsonArray(new ArrayList<>(state.recent())))
            .encode();
    boolean written =
        guarded(
            () ->
                expected == null
                    ? map.putIfAbsent(KEY, text) == null
                    : map.replace(KEY, expected, text));
    seen = written ? text : UNREAD;
    return written;
  }

  @Override
  public <T> T locked(Callable<T> work) {
    boolean held =
        guarded(
            () -> map.tryLock(KEY, LOCK_WAIT_S, TimeUnit.SECONDS, LOCK_LEASE_S, TimeUnit.SECONDS));
    if (!held) {
      throw BusException.notReady(
          "another node has been changing the configuration for " + LOCK_WAIT_S + " s; try again");
    }
    try {
      return work.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      try {
        map.unlock(KEY);
      } catch (RuntimeException e) {
        // The member is leaving: the lock goes with it.
      }
    }
  }

  /** Hazelcast's refusals as the bus's: no quorum or no cluster is 503, never a stack trace. */
  private static <T> T guarded(Callable<T> call) {
    try {
      return call.call();
    } catch (SplitBrainProtectionException e) {
      throw BusException.notReady(
          "this node's side of the cluster has too few members (cluster.min_size): the"
              + " configuration cannot be changed until the cluster is whole again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BusException.notReady("interrupted while waiting for the cluster");
    } catch (com.hazelcast.core.HazelcastInstanceNotActiveException e) {
      throw BusException.notReady("this node is leaving the cluster");
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
