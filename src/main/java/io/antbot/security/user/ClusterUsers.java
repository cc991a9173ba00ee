package io.antbot.security.user;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.antbot.cluster.HazelcastSetup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * User accounts shared by the core nodes: a Hazelcast map {@code antbot.users} (user name → the
 * stored account, bcrypt hash included; one backup), beside each node's own {@code users.json}. A
 * change is acknowledged once the cluster holds it; the other nodes take it through an entry
 * listener and save it, so a user added on one node logs in on another and a password changed on
 * one ends the sessions everywhere. Writes are asynchronous; the blocking reads at start run on a
 * worker.
 */
public final class ClusterUsers {

  static final String MAP = HazelcastSetup.MAP_PREFIX + "users";

  private final IMap<String, String> map;
  private UUID listener;

  public ClusterUsers(HazelcastInstance hazelcast) {
    this.map = hazelcast.getMap(MAP);
  }

  /** Puts {@code user} in the cluster; completes on {@code context} once a backup holds it. */
  Future<Void> publish(Context context, User user) {
    return Future.fromCompletionStage(
            map.setAsync(user.username(), user.toStoredJson().encode()), context)
        .mapEmpty();
  }

  /** Every account the cluster holds (blocking: call on a worker). */
  List<User> all() {
    List<User> users = new ArrayList<>();
    map.values().forEach(text -> users.add(User.fromStoredJson(new JsonObject(text))));
    return users;
  }

  /**
   * Calls {@code onRemote} on {@code context} for each account another node adds or changes, and
   * hands the cluster the accounts only this node has (a whole-cluster restart).
   */
  Future<Void> join(Vertx vertx, Context context, List<User> local, Consumer<User> onRemote) {
    listener =
        map.addEntryListener(
            new Listener(user -> context.runOnContext(v -> onRemote.accept(user))), true);
    return vertx.executeBlocking(
        () -> {
          for (User user : local) {
            map.putIfAbsent(user.username(), user.toStoredJson().encode());
          }
          for (String text : map.values()) {
            User user = User.fromStoredJson(new JsonObject(text));
            context.runOnContext(v -> onRemote.accept(user));
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

  private record Listener(Consumer<User> onUser)
      implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      onUser.accept(User.fromStoredJson(new JsonObject(event.getValue())));
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      onUser.accept(User.fromStoredJson(new JsonObject(event.getValue())));
    }
  }
}
