package io.antbot.security.token;

import static io.antbot.cluster.ClusterTesting.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import io.antbot.bus.Addresses;
import io.antbot.cluster.ClusterTesting;
import io.antbot.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Revocations shared by two core nodes and a bots node, three clustered Vert.x instances on three
 * real Hazelcast members in this JVM: a revocation's acknowledgement waits until the other core
 * node has it in force, and what another member sends to a node's confirmation address is checked
 * before it is believed. The processes-and-HTTP version of this is {@code ClusterIT}.
 */
class ClusterRevocationsTest {

  private static List<Vertx> nodes;
  private static Node a;
  private static Node b;

  /** A core node: its revocation list, followed from the cluster as the security service does. */
  private record Node(
      Vertx vertx, Context context, RevocationList list, ClusterRevocations shared) {

    static Node join(Vertx vertx) throws Exception {
      Context context = vertx.getOrCreateContext();
      RevocationList list = new RevocationList();
      list.share();
      HazelcastInstance hazelcast = VertxInternals.hazelcast(vertx);
      ClusterRevocations shared = new ClusterRevocations(hazelcast, Clock.systemUTC());
      on(context, () -> shared.join(vertx, context, list, list::accept));
      return new Node(vertx, context, list, shared);
    }

    String memberId() {
      return VertxInternals.hazelcast(vertx).getCluster().getLocalMember().getUuid().toString();
    }

    /** Revokes {@code count} tokens here and acknowledges them as the security service does. */
    Map<String, Long> revoke(String prefix, int count) throws Exception {
      long exp = Instant.now().getEpochSecond() + 900;
      Map<String, Long> revoked = new HashMap<>();
      for (int i = 0; i < count; i++) {
        revoked.put(prefix + i, exp);
      }
      on(
          context,
          () -> {
            revoked.forEach(list::revoke);
            return shared.publish(context, list.takeUnshared());
          });
      return revoked;
    }
  }

  @BeforeAll
  static void cluster() throws Exception {
    nodes =
        io.antbot.cluster.TestHazelcast.clusteredVertx(
            "cluster-revocations-test-secret", List.of("a", "b", "bots"));
    a = Node.join(nodes.get(0));
    b = Node.join(nodes.get(1));
    assertThat(VertxInternals.hazelcast(a.vertx).getCluster().getMembers()).hasSize(3);
  }

  @AfterAll
  static void close() {
    a.shared.leave();
    b.shared.leave();
    for (Vertx node : nodes) {
      node.close().await();
    }
  }

  @Test
  @DisplayName(
      "revocations acknowledged on a are in force on b when a's acknowledgement comes, the bots"
          + " node (no security service) not waited for")
  void inForceEverywhereFromTheReplyOn() throws Exception {
    // b is busy (a burst of work, a long pause) while a acknowledges: the map's entry listener
    // tells b only once b gets to it, after a's reply.
    ClusterTesting.writeWhileBusy(
        b.context, a.vertx, Addresses.SECURITY_REVOCATION_CONFIRM, () -> a.revoke("from-a-", 1));
    assertThat(b.list.isRevoked("from-a-0")).isTrue();
    // 2,500 at once (a password change ending many sessions): three messages to b.
    Map<String, Long> many = a.revoke("many-from-a-", 2_500);
    assertThat(many.keySet()).allSatisfy(jti -> assertThat(b.list.isRevoked(jti)).isTrue());
    Map<String, Long> fromB = b.revoke("from-b-", 1);
    assertThat(a.list.isRevoked(fromB.keySet().iterator().next())).isTrue();
  }

  @Test
  @DisplayName(
      "what a member sends to a node's confirmation address is in force there from its answer on")
  void confirmationAddress() throws Exception {
    JsonObject reply =
        on(
            a.context,
            () ->
                a.vertx
                    .eventBus()
                    .<JsonObject>request(
                        Addresses.SECURITY_REVOCATION_CONFIRM + b.memberId(),
                        new JsonObject()
                            .put(
                                "revoked",
                                new JsonObject()
                                    .put("only-on-b", Instant.now().getEpochSecond() + 60)))
                    .map(message -> message.body()));
    assertThat(reply.getInteger("accepted")).isEqualTo(1);
    assertThat(b.list.isRevoked("only-on-b")).isTrue();
    assertThat(a.list.isRevoked("only-on-b")).as("not in the map: a never heard of it").isFalse();
  }

  @Test
  @DisplayName("a malformed confirmation is refused whole with 400 and changes nothing on the node")
  void malformedConfirmations() throws Exception {
    long exp = Instant.now().getEpochSecond() + 60;
    String tooLong = "j".repeat(ClusterRevocations.MAX_JTI_LENGTH + 1);
    JsonObject tooMany = new JsonObject();
    for (int i = 0; i <= ClusterRevocations.CONFIRM_BATCH; i++) {
      tooMany.put("many-" + i, exp);
    }
    List<Object> bodies =
        List.of(
            new JsonObject(),
            new JsonObject().put("revoked", new JsonArray().add("bad-0")),
            new JsonObject().put("revoked", new JsonObject().put("bad-1", exp)).put("extra", 1),
            new JsonObject().put("revoked", new JsonObject().put("bad-2", "soon")),
            new JsonObject().put("revoked", new JsonObject().put("bad-3", 1.5)),
            new JsonObject().put("revoked", new JsonObject().put("bad-4", -5)),
            new JsonObject().put("revoked", new JsonObject().put("bad-5", 1e300)),
            new JsonObject().put("revoked", new JsonObject().put("bad-6", exp).put("", exp)),
            new JsonObject().put("revoked", new JsonObject().put("bad-7", exp).put(tooLong, exp)),
            new JsonObject().put("revoked", tooMany),
            "not json");
    for (Object body : bodies) {
      assertThatThrownBy(
              () ->
                  on(
                      a.context,
                      () ->
                          a.vertx
                              .eventBus()
                              .request(Addresses.SECURITY_REVOCATION_CONFIRM + b.memberId(), body)))
          .as("%s", body)
          .hasCauseInstanceOf(ReplyException.class)
          .cause()
          .satisfies(
              failure -> assertThat(((ReplyException) failure).failureCode()).isEqualTo(400));
    }
    for (int i = 0; i <= 7; i++) {
      assertThat(b.list.isRevoked("bad-" + i)).as("bad-%s", i).isFalse();
    }
    assertThat(b.list.isRevoked("many-0")).isFalse();
    assertThat(b.list.isRevoked(tooLong)).isFalse();
  }
}
