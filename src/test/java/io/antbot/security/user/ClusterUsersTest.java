package io.antbot.security.user;

import static io.antbot.cluster.ClusterTesting.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.antbot.bus.Addresses;
import io.antbot.cluster.ClusterTesting;
import io.antbot.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Accounts shared by two core nodes, two clustered Vert.x instances on two real Hazelcast members
 * in this JVM: an account change's acknowledgement waits until the other node has taken it, and
 * what a member sends to a node's account address is checked before it is believed. The
 * processes-and-HTTP version of this is {@code ClusterIT}.
 */
class ClusterUsersTest {

  private static List<Vertx> nodes;
  private static Node a;
  private static Node b;

  /** A core node: the accounts it took from the cluster, as the account service does. */
  private record Node(Vertx vertx, Context context, Map<String, User> taken, ClusterUsers shared) {

    static Node join(Vertx vertx) throws Exception {
      Context context = vertx.getOrCreateContext();
      Map<String, User> taken = new ConcurrentHashMap<>();
      ClusterUsers shared = new ClusterUsers(VertxInternals.hazelcast(vertx));
      on(context, () -> shared.join(vertx, context, List.of(), u -> taken.put(u.username(), u)));
      return new Node(vertx, context, taken, shared);
    }

    String address() {
      return Addresses.SECURITY_USER_CONFIRM
          + VertxInternals.hazelcast(vertx).getCluster().getLocalMember().getUuid();
    }
  }

  @BeforeAll
  static void cluster() throws Exception {
    nodes =
        io.antbot.cluster.TestHazelcast.clusteredVertx(
            "cluster-users-test-secret", List.of("a", "b"));
    a = Node.join(nodes.get(0));
    b = Node.join(nodes.get(1));
  }

  @AfterAll
  static void close() {
    a.shared.leave();
    b.shared.leave();
    for (Vertx node : nodes) {
      node.close().await();
    }
  }

  private static User user(String name, boolean enabled) {
    Instant now = Instant.now();
    return new User(name, "$2b$12$" + "a".repeat(53), List.of("viewer"), enabled, now, now, null);
  }

  @Test
  @DisplayName(
      "an account changed on a is taken by b when a's acknowledgement comes, even with b busy")
  void takenEverywhereFromTheReplyOn() throws Exception {
    on(a.context, () -> a.shared.publish(a.context, user("carol", true)));
    assertThat(b.taken.get("carol").enabled()).isTrue();
    // b is busy (a burst of work, a long pause) while a disables carol: the map's entry listener
    // tells b only once b gets to it, after a's reply.
    ClusterTesting.writeWhileBusy(
        b.context,
        a.vertx,
        Addresses.SECURITY_USER_CONFIRM,
        () -> on(a.context, () -> a.shared.publish(a.context, user("carol", false))));
    assertThat(b.taken.get("carol").enabled()).as("disabled on b from a's reply on").isFalse();
  }

  @Test
  @DisplayName("a malformed account is refused whole with 400 and never taken")
  void malformedAccounts() throws Exception {
    JsonObject good = user("mallory", true).toStoredJson();
    JsonObject noUpdate = good.copy();
    noUpdate.remove("updated_at");
    List<Object> bodies =
        List.of(
            "not json",
            new JsonObject(),
            new JsonObject().put("user", good.copy()).put("extra", 1),
            new JsonObject().put("user", good.copy().put("username", "Mallory Root")),
            new JsonObject().put("user", good.copy().put("username", 7)),
            new JsonObject().put("user", good.copy().put("password_hash", "")),
            new JsonObject().put("user", good.copy().put("password_hash", "x".repeat(201))),
            new JsonObject().put("user", good.copy().put("roles", "admin")),
            new JsonObject().put("user", good.copy().put("roles", new JsonArray().add(1))),
            new JsonObject().put("user", good.copy().put("enabled", "yes")),
            new JsonObject().put("user", good.copy().put("created_at", "yesterday")),
            new JsonObject().put("user", noUpdate),
            new JsonObject().put("user", good.copy().put("unlocked_at", 5)));
    for (Object body : bodies) {
      assertThatThrownBy(() -> on(a.context, () -> a.vertx.eventBus().request(b.address(), body)))
          .as("%s", body)
          .hasCauseInstanceOf(ReplyException.class)
          .cause()
          .satisfies(
              failure -> assertThat(((ReplyException) failure).failureCode()).isEqualTo(400));
    }
    assertThat(b.taken).doesNotContainKey("mallory");
  }
}
