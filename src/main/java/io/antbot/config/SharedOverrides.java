package io.antbot.config;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Where the runtime overrides and the one version sequence live when several core nodes serve as
 * one ({@code cluster.enabled}). Each node keeps its own copy on disk as well (the overrides file
 * and the history), so that a node restart and a whole-cluster restart come back with everything
 * acknowledged. Every method blocks: callers are off the event loop ({@link LiveConfig}'s changes
 * run on workers and the watcher's thread).
 */
interface SharedOverrides {

  /**
   * The cluster's state: the overrides of {@code version}, written by {@code node}.
   *
   * @param version the configuration version these overrides belong to
   * @param overrides the runtime overrides, secrets included (the map lives only in the members'
   *     memory, never in a broadcast)
   * @param node the node that wrote them
   * @param recent the history's newest entries up to {@code version}, oldest first, as the history
   *     file keeps them (values masked): what a node that was away adds to its own history
   */
  record Stored(long version, JsonObject overrides, String node, List<JsonObject> recent) {}

  /**
   * Waits, at start, until this node's side of the cluster has {@code cluster.min_size} members:
   * before that it can neither take the cluster's state nor make its own the cluster's.
   *
   * @throws io.antbot.bus.BusException 503 when the side is still too small after {@code
   *     cluster.join_timeout_s}
   */
  void awaitMinimumSize();

  /**
   * The cluster's state, or {@code null} when no node has written one yet. Remembers what it read:
   * the state a {@link #writeIfUnchanged} expects.
   */
  Stored read();

  /**
   * Makes {@code state} the cluster's if the cluster still holds what this node last read or wrote
   * (a compare-and-set on the partition owner: one round trip, which returns once a backup holds
   * the write). Without {@link #locked} two nodes may build a change on the same version, and only
   * the first to write it wins. A side of a split with fewer members than {@code cluster.min_size}
   * refuses: a {@link io.antbot.bus.BusException} 503.
   *
   * @return {@code false}, having written nothing, when another node wrote in between (or this node
   *     never read the state): read, catch up and build the change again
   */
  boolean writeIfUnchanged(Stored state);

  /**
   * Runs {@code work} while holding the cluster-wide configuration lock: every other node's {@link
   * #writeIfUnchanged} waits until it is released, so a write made under it is not overtaken. 503
   * when it cannot be had within a few seconds.
   */
  <T> T locked(Callable<T> work);
}
