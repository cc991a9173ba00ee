package io.antbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.antbot.bus.Addresses;
import io.antbot.vertx.VertxInternals;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two core nodes' config services, on two clustered Vert.x instances with two real Hazelcast
 * members in this JVM: a write acknowledged on a is served by b from the reply on, even when b lost
 * a's broadcast (the clustered bus delivers at most once; b drops every {@code
 * antbot.config.changed} here). The processes-and-HTTP version is {@code ClusterIT}.
 */
class ClusterConfigConfirmTest {

  private static final String KEY = "trading.max_position_size";
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  @TempDir static Path root;
  private static List<Vertx> nodes;
  private static Vertx a;
  private static Vertx b;
  private static final AtomicInteger dropped = new AtomicInteger();

  @BeforeAll
  static void cluster() throws Exception {
    nodes =
        io.antbot.cluster.TestHazelcast.clusteredVertx(
            "cluster-config-confirm-test-secret", List.of("a", "b"));
    a = nodes.get(0);
    b = nodes.get(1);
    new ConfigFixture(root.resolve("a")).deployNode(a, "a").await(60, TimeUnit.SECONDS);
    new ConfigFixture(root.resolve("b")).deployNode(b, "b").await(60, TimeUnit.SECONDS);
    b.eventBus()
        .addInboundInterceptor(
            delivery -> {
              if (Addresses.CONFIG_CHANGED.equals(delivery.message().address())) {
                dropped.incrementAndGet();
                return;
              }
              delivery.next();
            });
  }

  @AfterAll
  static void close() {
    for (Vertx node : nodes) {
      node.close().await();
    }
  }

  private static JsonObject request(Vertx on, String address, Object body) throws Exception {
    return request(on, address, body, LOCAL);
  }

  private static JsonObject request(Vertx on, String address, Object body, DeliveryOptions options)
      throws Exception {
    return on.eventBus()
        .<JsonObject>request(address, body, options)
        .map(Message::body)
        .await(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName(
      "a write acknowledged on a is served by b from the reply on, though b lost a's broadcast")
  void servedEverywhereFromTheReplyOn() throws Exception {
    for (double value : new double[] {0.21, 0.22, 0.23}) {
      JsonObject written =
          request(
              a,
              Addresses.CONFIG_SET,
              new JsonObject().put("key", KEY).put("value", value).put("actor", "test"));
      long version = written.getLong("version");
      JsonObject onB = request(b, Addresses.CONFIG_GET, new JsonObject().put("key", KEY));
      assertThat(onB.getLong("version")).isEqualTo(version);
      assertThat(onB.getDouble("value")).isEqualTo(value);
    }
    assertThat(dropped.get()).as("a's broadcasts that b dropped").isGreaterThanOrEqualTo(3);
  }

  @Test
  @DisplayName(
      "b's configuration address answers a version it serves with its own, and refuses a"
          + " malformed one with 400")
  void confirmationAddress() throws Exception {
    String address =
        Addresses.CONFIG_CONFIRM
            + VertxInternals.hazelcast(b).getCluster().getLocalMember().getUuid();
    JsonObject answer =
        request(a, address, new JsonObject().put("version", 1), new DeliveryOptions());
    assertThat(answer.getLong("version")).isGreaterThanOrEqualTo(1);
    for (Object body :
        List.of(
            "not json",
            new JsonObject(),
            new JsonObject().put("version", "7"),
            new JsonObject().put("version", 0),
            new JsonObject().put("version", 1.5),
            new JsonObject().put("version", 1e300),
            new JsonObject().put("version", 1).put("extra", true))) {
      assertThatThrownBy(() -> request(a, address, body, new DeliveryOptions()))
          .as("%s", body)
          .isInstanceOf(ReplyException.class)
          .satisfies(
              failure -> assertThat(((ReplyException) failure).failureCode()).isEqualTo(400));
    }
  }
}
