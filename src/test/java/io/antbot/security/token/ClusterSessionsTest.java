package io.antbot.security.token;

import static io.antbot.cluster.ClusterTesting.on;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The cluster's refresh families on a real (one-member) Hazelcast map: the compare-and-set that
 * lets one of two concurrent changes win, and values in the map that are not families.
 */
class ClusterSessionsTest {

  private static final long TTL = 7 * 86_400;

  private static HazelcastInstance hazelcast;
  private static Vertx vertx;

  @BeforeAll
  static void member() throws Exception {
    hazelcast = io.antbot.cluster.TestHazelcast.member("cluster-sessions-test-secret");
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void close() {
    vertx.close().await();
    hazelcast.shutdown();
  }

  @Test
  @DisplayName(
      "a family another node wrote between this node's read and its write is decided again on"
          + " that node's version: the token is then spent, a reuse, and the family revoked")
  void lostRaceDecidedAgain() throws Exception {
    Context context = vertx.getOrCreateContext();
    RefreshSessions node = new RefreshSessions();
    ClusterSessions shared = new ClusterSessions(hazelcast, Clock.systemUTC());
    on(context, () -> shared.join(vertx, context, node, () -> {}));
    RefreshSessions.Rotated started = on(context, () -> start(node, shared, "alice"));
    String family = started.familyId();
    IMap<String, Object> map = hazelcast.getMap(ClusterSessions.MAP);

    AtomicInteger decisions = new AtomicInteger();
    RefreshSessions.Outcome outcome =
        on(
            context,
            () ->
                shared.update(
                    family,
                    text -> {
                      RefreshSessions working = node.detached(family, text);
                      RefreshSessions.Outcome decided =
                          working.use(started.refreshToken(), 20, TTL);
                      ClusterSessions.Change<RefreshSessions.Outcome> change =
                          new ClusterSessions.Change<>(working.snapshot(family), decided);
                      if (decisions.incrementAndGet() > 1) {
                        return Future.succeededFuture(change);
                      }
                      // Another node rotates the same token first.
                      RefreshSessions other = node.detached(family, text);
                      other.use(started.refreshToken(), 10, TTL);
                      return Future.fromCompletionStage(
                              map.setAsync(family, other.snapshot(family).text()), context)
                          .map(change);
                    }));
    assertThat(decisions.get()).isEqualTo(2);
    assertThat(outcome).isInstanceOf(RefreshSessions.Refused.class);
    assertThat(((RefreshSessions.Refused) outcome).why()).isEqualTo(RefreshSessions.Refusal.REUSE);
    RefreshSessions cluster = new RefreshSessions();
    cluster.adopt((String) map.get(family));
    assertThat(cluster.holds(family)).as("revoked in the cluster").isFalse();
    assertThat(on(context, () -> Future.succeededFuture(node.holds(family))))
        .as("and in this node's copy")
        .isFalse();
  }

  @Test
  @DisplayName(
      "values in the map that are not families are logged and left alone: the node's copy is"
          + " unharmed, a decision sees them as no family")
  void foreignValues() throws Exception {
    IMap<String, Object> map = hazelcast.getMap(ClusterSessions.MAP);
    map.set("not-json", "{{{");
    map.set("a-number", 42);
    Context context = vertx.getOrCreateContext();
    RefreshSessions node = new RefreshSessions();
    ClusterSessions shared = new ClusterSessions(hazelcast, Clock.systemUTC());
    on(context, () -> shared.join(vertx, context, node, () -> {}));
    String family = on(context, () -> start(node, shared, "bob")).familyId();
    map.set("later", new JsonObject().put("id", "later").put("user", 5).encode());

    List<String> seen = new ArrayList<>();
    for (String key : List.of("not-json", "a-number")) {
      String result =
          on(
              context,
              () ->
                  shared.update(
                      key,
                      text -> {
                        seen.add(text);
                        try {
                          node.detached(key, text);
                          return Future.succeededFuture(ClusterSessions.Change.none("a family"));
                        } catch (IllegalArgumentException e) {
                          return Future.succeededFuture(
                              ClusterSessions.Change.none(e.getMessage()));
                        }
                      }));
      assertThat(result).isEqualTo("not a JSON object");
    }
    assertThat(seen).containsExactly("{{{", ClusterSessions.INVALID);
    assertThat(map.get("a-number")).isEqualTo(42);
    assertThat(on(context, () -> Future.succeededFuture(node.familiesOf("bob"))))
        .containsExactly(family);
  }

  private static Future<RefreshSessions.Rotated> start(
      RefreshSessions node, ClusterSessions shared, String user) {
    RefreshSessions working = node.detached(null, null);
    RefreshSessions.Rotated rotated = working.start(user, 0, TTL);
    RefreshSessions.Snapshot family = working.snapshot(rotated.familyId());
    return shared.update(
        rotated.familyId(),
        text -> Future.succeededFuture(new ClusterSessions.Change<>(family, rotated)));
  }

  /** Runs {@code action} on {@code context} and waits for its future (at most 30 s). */
}
