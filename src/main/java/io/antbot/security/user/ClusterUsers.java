package io.antbot.security.user;

import com.hazelcast.core.EntryEvent;
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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * User accounts shared by the core nodes: a Hazelcast map {@code antbot.users} (user name → the
 * stored account, bcrypt hash included; one backup), beside each node's own {@code users.json}. A
 * change is acknowledged once the cluster holds it and every other core node has taken it ({@link
 * PeerConfirmations}, at {@link Addresses#SECURITY_USER_CONFIRM}): a user added on one node logs in
 * on another, and a disabled account or a changed password is refused everywhere, from the reply
 * on. Each node also follows the map by an entry listener and saves what it takes. Writes are
 * asynchronous; the blocking reads at start run on a worker.
 */
public final class ClusterUsers {

  static final String MAP = HazelcastSetup.MAP_PREFIX + "users";

  /** The most roles an account handed over by another node may carry. */
  static final int MAX_ROLES = 64;

  private final HazelcastInstance hazelcast;
  private final IMap<String, String> map;
  private UUID listener;
  private Vertx vertx;
  private MessageConsumer<Object> confirmations;

  public ClusterUsers(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    this.map = hazelcast.getMap(MAP);
  }

  /**
   * Puts {@code user} in the cluster; completes on {@code context} once a backup holds it and the
   * other core nodes have taken it (or did not answer in time).
   */
  Future<Void> publish(Context context, User user) {
    JsonObject stored = user.toStoredJson();
    return Future.fromCompletionStage(map.setAsync(user.username(), stored.encode()), context)
        .compose(
            written ->
                vertx == null
                    ? Future.<Void>succeededFuture()
                    : PeerConfirmations.tellOthers(
                        vertx,
                        hazelcast,
                        Addresses.SECURITY_USER_CONFIRM,
                        List.of(new JsonObject().put("user", stored)),
                        "the account " + user.username()));
  }

  /** Every account the cluster holds (blocking: call on a worker). */
  List<User> all() {
    List<User> users = new ArrayList<>();
    map.values().forEach(text -> users.add(User.fromStoredJson(new JsonObject(text))));
    return users;
  }

  /**
   * Serves this node's account address, then calls {@code onRemote} on {@code context} for each
   * account another node adds or changes, and hands the cluster the accounts only this node has (a
   * whole-cluster restart).
   */
  Future<Void> join(Vertx vertx, Context context, List<User> local, Consumer<User> onRemote) {
    this.vertx = vertx;
    confirmations =
        PeerConfirmations.serve(
            vertx,
            context,
            hazelcast,
            Addresses.SECURITY_USER_CONFIRM,
            body -> {
              onRemote.accept(parse(body));
              return Future.succeededFuture(new JsonObject());
            });
    return confirmations
        .completion()
        .compose(
            registered -> {
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
            });
  }

  /**
   * An account another node handed over: {@code {user: {username, password_hash, roles, enabled,
   * created_at, updated_at, unlocked_at?}}}, each field of its type and shape; anything else is
   * refused whole.
   */
  static User parse(JsonObject body) {
    if (body.size() != 1 || !(body.getValue("user") instanceof JsonObject user)) {
      throw new IllegalArgumentException("expected {user: {...}}");
    }
    if (!(user.getValue("username") instanceof String name) || !UserStore.isValidUsername(name)) {
      throw new IllegalArgumentException("username: " + UserStore.usernameRule());
    }
    if (!(user.getValue("password_hash") instanceof String hash)
        || hash.isEmpty()
        || hash.length() > 200) {
      throw new IllegalArgumentException("password_hash: a bcrypt hash");
    }
    if (!(user.getValue("roles") instanceof JsonArray roles)
        || roles.size() > MAX_ROLES
        || !roles.stream().allMatch(role -> role instanceof String text && !text.isEmpty())) {
      throw new IllegalArgumentException("roles: at most " + MAX_ROLES + " role names");
    }
    if (!(user.getValue("enabled") instanceof Boolean)) {
      throw new IllegalArgumentException("enabled: true or false");
    }
    for (String at : List.of("created_at", "updated_at", "unlocked_at")) {
      Object value = user.getValue(at);
      if (value == null && at.equals("unlocked_at")) {
        continue;
      }
      try {
        Instant.parse((String) value);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(at + ": an ISO-8601 instant");
      }
    }
    return User.fromStoredJson(user);
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
