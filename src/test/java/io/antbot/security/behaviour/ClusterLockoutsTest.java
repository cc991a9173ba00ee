package io.antbot.security.behaviour;

import static io.antbot.cluster.ClusterTesting.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.antbot.bus.Addresses;
import io.antbot.cluster.ClusterTesting;
import io.antbot.cluster.TestHazelcast;
import io.antbot.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Login locks shared by two core nodes and a bots node, three clustered Vert.x instances on three
 * real Hazelcast members in this JVM: once the node that locks a subject (or lifts a lock) has the
 * change in force on the others ({@link ClusterLockouts#inForce}, which the login's and the
 * unlock's replies wait for), the other node's guard decides as it does. The processes-and-HTTP
 * version of this is {@code ClusterIT}.
 */
class ClusterLockoutsTest {

  private static final String IP = "192.0.2.7";

  private static List<Vertx> nodes;
  private static Node a;
  private static Node b;

  /** A core node: its login guard, followed from the cluster as the security service does. */
  private record Node(Vertx vertx, Context context, LoginGuard guard, ClusterLockouts shared) {

    static Node join(Vertx vertx) throws Exception {
      Context context = vertx.getOrCreateContext();
      LoginGuard guard =
          new LoginGuard(
              LockoutOptions.fromJson(new JsonObject().put("max_failures_per_user", 3)),
              Clock.systemUTC());
      ClusterLockouts shared =
          new ClusterLockouts(VertxInternals.hazelcast(vertx), Clock.systemUTC());
      on(context, () -> shared.follow(vertx, context, guard));
      return new Node(vertx, context, guard, shared);
    }

    String memberId() {
      return VertxInternals.hazelcast(vertx).getCluster().getLocalMember().getUuid().toString();
    }

    /** {@code count} wrong passwords for {@code user} here, then what the login's reply awaits. */
    void fail(String user, int count) throws Exception {
      on(
          context,
          () -> {
            for (int i = 0; i < count; i++) {
              guard.recordFailure(user, IP);
            }
            return shared.inForce();
          });
    }

    void unlock(String user) throws Exception {
      on(
          context,
          () -> {
            guard.unlockUser(user);
            return shared.inForce();
          });
    }
  }

  @BeforeAll
  static void cluster() throws Exception {
    nodes = TestHazelcast.clusteredVertx("cluster-lockouts-test-secret", List.of("a", "b", "bots"));
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
      "a lock set on a holds on b when a's login reply comes, and a lock lifted on a is lifted on b"
          + " when a's unlock reply comes, b busy meanwhile; the bots node is not waited for")
  void inForceEverywhereFromTheReplyOn() throws Exception {
    assertThat(b.guard.check("mallory", IP).allowed()).isTrue();
    // b is busy (a burst of work, a long pause) while a locks: the map's entry listener tells b
    // only once b gets to it, after a's reply.
    ClusterTesting.writeWhileBusy(
        b.context,
        a.vertx,
        Addresses.SECURITY_LOCKOUT_CONFIRM,
        () -> {
          a.fail("mallory", 3);
          return null;
        });
    assertThat(a.guard.check("mallory", IP).allowed()).isFalse();
    LoginGuard.Check onB = b.guard.check("mallory", IP);
    assertThat(onB.allowed()).as("locked on b too").isFalse();
    assertThat(onB.locked()).containsExactly("user:mallory@" + IP);

    ClusterTesting.writeWhileBusy(
        b.context,
        a.vertx,
        Addresses.SECURITY_LOCKOUT_CONFIRM,
        () -> {
          a.unlock("mallory");
          return null;
        });
    assertThat(b.guard.check("mallory", IP).allowed()).as("lifted on b too").isTrue();

    // The other way round, without holding a: b's lock holds on a from b's reply on.
    b.fail("trudy", 3);
    assertThat(a.guard.check("trudy", IP).allowed()).isFalse();
  }

  @Test
  @DisplayName("a malformed lock change is refused whole with 400 and locks nothing")
  void malformedConfirmations() throws Exception {
    long until = System.currentTimeMillis() + 60_000;
    List<Object> bodies =
        List.of(
            new JsonObject(),
            new JsonObject().put("subject", "user:bad-0@" + IP),
            new JsonObject().put("subject", "user:bad-1@" + IP).put("until", until).put("x", 1),
            new JsonObject().put("subject", "user:bad-2@" + IP).put("until", "soon"),
            new JsonObject().put("subject", "user:bad-3@" + IP).put("until", 1.5),
            new JsonObject().put("subject", "user:bad-4@" + IP).put("until", -5),
            new JsonObject().put("subject", "user:bad-5@" + IP).put("until", 1e300),
            new JsonObject().put("subject", "user:bad-6@" + IP).put("until", Long.MAX_VALUE),
            new JsonObject().put("subject", "role:bad-7").put("until", until),
            new JsonObject().put("subject", "").put("until", until),
            new JsonObject()
                .put("subject", "user:" + "x".repeat(ClusterLockouts.MAX_SUBJECT_LENGTH) + "@" + IP)
                .put("until", until),
            new JsonObject().put("subject", 7).put("until", until),
            "not json");
    for (Object body : bodies) {
      assertThatThrownBy(
              () ->
                  on(
                      a.context,
                      () ->
                          a.vertx
                              .eventBus()
                              .request(Addresses.SECURITY_LOCKOUT_CONFIRM + b.memberId(), body)))
          .as("%s", body)
          .hasCauseInstanceOf(ReplyException.class)
          .cause()
          .satisfies(
              failure -> assertThat(((ReplyException) failure).failureCode()).isEqualTo(400));
    }
    for (int i = 0; i <= 6; i++) {
      assertThat(b.guard.check("bad-" + i, IP).allowed()).as("bad-%s", i).isTrue();
    }
    // A well-formed change at the same address is taken: the refusals above were the bodies'.
    on(
        a.context,
        () ->
            a.vertx
                .eventBus()
                .request(
                    Addresses.SECURITY_LOCKOUT_CONFIRM + b.memberId(),
                    new JsonObject().put("subject", "user:only-on-b@" + IP).put("until", until)));
    assertThat(b.guard.check("only-on-b", IP).allowed()).isFalse();
    assertThat(a.guard.check("only-on-b", IP).allowed()).as("a never heard of it").isTrue();
  }
}
