package io.antbot.cluster;

import static io.antbot.cluster.ClusterTesting.on;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.antbot.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How a writer waits for the other members' confirmations, with three clustered Vert.x instances on
 * three real Hazelcast members in this JVM: a, the writer; b, a core node whose answers the test
 * gives or holds back (a node that hangs without leaving the cluster); and a bots node that serves
 * no confirmation address. What each service confirms is in the tests of its own state ({@code
 * ClusterRevocationsTest}, {@code ClusterUsersTest}, {@code ClusterConfigConfirmTest}).
 */
class PeerConfirmationsTest {

  private static final String PREFIX = "antbot.test.confirm.";

  /** Long enough that a write which waits for a held confirmation cannot finish in the test. */
  private static final long LONG_MS = 120_000;

  private static List<Vertx> nodes;
  private static Vertx a;
  private static Context aContext;
  private static UUID bId;

  /** What b was asked to confirm, each with the promise of its answer, in order. */
  private static final LinkedBlockingQueue<Asked> asked = new LinkedBlockingQueue<>();

  private record Asked(JsonObject body, Promise<JsonObject> answer) {}

  @BeforeAll
  static void cluster() throws Exception {
    nodes =
        TestHazelcast.clusteredVertx("peer-confirmations-test-secret", List.of("a", "b", "bots"));
    a = nodes.get(0);
    aContext = a.getOrCreateContext();
    Vertx b = nodes.get(1);
    Context bContext = b.getOrCreateContext();
    bId = VertxInternals.hazelcast(b).getCluster().getLocalMember().getUuid();
    on(
        bContext,
        () ->
            PeerConfirmations.serve(
                    b,
                    bContext,
                    VertxInternals.hazelcast(b),
                    PREFIX,
                    body -> {
                      Promise<JsonObject> answer = Promise.promise();
                      asked.add(new Asked(body, answer));
                      return answer.future();
                    })
                .completion());
    assertThat(VertxInternals.hazelcast(a).getCluster().getMembers()).hasSize(3);
  }

  @AfterAll
  static void close() {
    // b may have left already (the test's last step); closing it again does nothing.
    for (Vertx node : nodes) {
      node.close().await();
    }
  }

  /** a sends {@code n} to the others with {@code timeoutMs}; completes when the write would. */
  private static CompletableFuture<Void> write(int n, long timeoutMs) {
    HazelcastInstance hazelcast = VertxInternals.hazelcast(a);
    CompletableFuture<Void> done = new CompletableFuture<>();
    aContext.runOnContext(
        v ->
            PeerConfirmations.tellOthers(
                    a, hazelcast, PREFIX, List.of(new JsonObject().put("n", n)), "test", timeoutMs)
                .onComplete(done::complete, done::completeExceptionally));
    return done;
  }

  private static Asked nextAsked() throws InterruptedException {
    Asked next = asked.poll(30, TimeUnit.SECONDS);
    assertThat(next).as("b was asked").isNotNull();
    return next;
  }

  @Test
  @DisplayName(
      "a member that lets a confirmation time out is not waited for again until it answers, then"
          + " is; the bots node is never waited for")
  void laggingMemberNotWaitedForUntilItAnswers() throws Exception {
    // Waited for: the write completes only once b answers.
    writeWaitedFor(1);

    // b hangs: the write waits its timeout, then completes (successfully: the map holds a change).
    CompletableFuture<Void> timedOut = write(2, 500);
    Asked heldBack = nextAsked();
    timedOut.get(30, TimeUnit.SECONDS);
    assertThat(PeerConfirmations.isLagging(a, PREFIX, bId)).isTrue();

    // b is lagging: the next write is still sent to b but completes with b's answer held back; were
    // it waited for, it would wait LONG_MS.
    CompletableFuture<Void> notWaited = write(3, LONG_MS);
    Asked lateAsked = nextAsked();
    assertThat(lateAsked.body().getInteger("n")).isEqualTo(3);
    notWaited.get(30, TimeUnit.SECONDS);

    // b answers that one: it is waited for again from the next write on. (Its answer to write 2
    // comes after a stopped waiting for it, and is dropped.)
    bAnswers(heldBack);
    answerReaching(lateAsked).get(30, TimeUnit.SECONDS);
    assertThat(PeerConfirmations.isLagging(a, PREFIX, bId)).as("b answered again").isFalse();
    writeWaitedFor(4);
    assertThat(asked).as("nothing else was sent to b").isEmpty();

    // b lags, then leaves the cluster: its lag is forgotten with it.
    CompletableFuture<Void> beforeLeaving = write(5, 500);
    nextAsked();
    beforeLeaving.get(30, TimeUnit.SECONDS);
    assertThat(PeerConfirmations.isLagging(a, PREFIX, bId)).isTrue();
    CompletableFuture<Void> bLeft = new CompletableFuture<>();
    VertxInternals.hazelcast(a)
        .getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent event) {}

              @Override
              public void memberRemoved(MembershipEvent event) {
                if (event.getMember().getUuid().equals(bId)) {
                  bLeft.complete(null);
                }
              }
            });
    nodes.get(1).close().await();
    bLeft.get(30, TimeUnit.SECONDS);
    write(6, LONG_MS).get(30, TimeUnit.SECONDS);
    assertThat(PeerConfirmations.isLagging(a, PREFIX, bId)).isFalse();
  }

  /** Write {@code n}, asserted to wait for b's answer, then answered by b. */
  private static void writeWaitedFor(int n) throws Exception {
    CompletableFuture<Void> written = write(n, LONG_MS);
    Asked asked = nextAsked();
    assertThat(asked.body().getInteger("n")).isEqualTo(n);
    // A write that did not wait would have completed on a's event loop before b was asked.
    assertThat(written).as("write %d waits for b's answer", n).isNotDone();
    bAnswers(asked);
    written.get(30, TimeUnit.SECONDS);
  }

  private static void bAnswers(Asked asked) {
    nodes
        .get(1)
        .runOnContext(
            v -> asked.answer().complete(new JsonObject().put("n", asked.body().getValue("n"))));
  }

  /**
   * b answers {@code asked}; completes once a has handled that answer: a's inbound interceptor sees
   * it and hands it to the waiting handler, on a's event loop, and a task queued there after that
   * runs after the handler.
   */
  private static CompletableFuture<Void> answerReaching(Asked asked) {
    Object n = asked.body().getValue("n");
    CompletableFuture<Void> handled = new CompletableFuture<>();
    AtomicReference<Handler<DeliveryContext<Object>>> interceptor = new AtomicReference<>();
    interceptor.set(
        delivery -> {
          boolean answer =
              delivery.message().body() instanceof JsonObject body && n.equals(body.getValue("n"));
          delivery.next();
          if (answer) {
            a.eventBus().removeInboundInterceptor(interceptor.get());
            aContext.runOnContext(v -> handled.complete(null));
          }
        });
    a.eventBus().addInboundInterceptor(interceptor.get());
    bAnswers(asked);
    return handled;
  }
}
