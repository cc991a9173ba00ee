package io.antbot.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network split on loopback: three core nodes with {@code cluster.min_size: 2}; two of them are
 * frozen ({@code SIGSTOP}), which to the third is the same as the network between them failing: it
 * hears nothing, drops them, and is a minority of one. Then they are resumed and the sides merge.
 */
class ClusterSplitIT {

  private static final String KEY = "trading.max_position_size";

  @TempDir static Path root;
  private static ClusterNodes nodes;
  private static int httpA;
  private static int httpB;
  private static int httpC;

  @BeforeAll
  static void formCluster() throws Exception {
    nodes = new ClusterNodes(root, "cluster-split-it-secret-0123456789");
    List<Integer> hazelcast =
        List.of(
            ClusterProcesses.freePort(), ClusterProcesses.freePort(), ClusterProcesses.freePort());
    httpA = ClusterProcesses.freePort();
    httpB = ClusterProcesses.freePort();
    httpC = ClusterProcesses.freePort();
    nodes.conf(
        "conf",
        hazelcast,
        "  min_size: 2\n  heartbeat_timeout_s: 3\n  join_timeout_s: 90\n",
        "bots: []\n");
    String fingerprint = nodes.makeKeys("conf");
    nodes.start("a", "conf", hazelcast.get(0), httpA);
    nodes.awaitLog("a", "waiting for cluster.min_size members");
    nodes.start("b", "conf", hazelcast.get(1), httpB);
    nodes.start("c", "conf", hazelcast.get(2), httpC);
    nodes.awaitLog("b", "runtime started");
    // The keys check passed on the keys `keys init` made, and says so with their fingerprint.
    nodes.awaitLog("b", "keys fingerprint " + fingerprint);
    nodes.awaitLog("c", "runtime started");
    // a, which waited for them, may come up after them.
    nodes.awaitLog("a", "runtime started");
    nodes.login(httpA);
    ClusterProcesses.await(
        "each node lists three members",
        () -> nodes.members(httpA) == 3 && nodes.members(httpB) == 3 && nodes.members(httpC) == 3,
        Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() throws Exception {
    if (nodes != null) {
      nodes.close();
    }
  }

  @Test
  @DisplayName(
      "cut off from the two others, a node refuses writes with 503 and goes on serving reads;"
          + " healed, the cluster is whole again with one version sequence and no refused write")
  void minorityRefusesWritesThenMerges() throws Exception {
    HttpResponse<String> before = nodes.put(httpA, KEY, 0.21);
    assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
    long agreed = new JsonObject(before.body()).getLong("version");
    for (int port : new int[] {httpB, httpC}) {
      ClusterProcesses.await(
          "the write reaches the node at " + port,
          () -> versionOn(port) == agreed,
          Duration.ofSeconds(20));
    }

    nodes.signal("b", "STOP");
    nodes.signal("c", "STOP");
    ClusterProcesses.await(
        "a drops the silent members", () -> nodes.members(httpA) == 1, Duration.ofSeconds(60));

    HttpResponse<String> refused = nodes.put(httpA, KEY, 0.22);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(new JsonObject(refused.body()).getString("detail")).contains("cluster.min_size");
    assertThat(refused.body()).doesNotContain("Exception").doesNotContain("\tat ");
    JsonObject read = nodes.getQuietly(httpA, "/api/v1/config/" + KEY);
    assertThat(read).as("a read on the minority side").isNotNull();
    assertThat(read.getDouble("value")).isEqualTo(0.21);
    assertThat(read.getLong("version")).isEqualTo(agreed);

    nodes.signal("b", "CONT");
    nodes.signal("c", "CONT");
    ClusterProcesses.await(
        "the sides merge: each node lists three members",
        () -> nodes.members(httpA) == 3 && nodes.members(httpB) == 3 && nodes.members(httpC) == 3,
        Duration.ofSeconds(90));

    long[] after = new long[1];
    ClusterProcesses.await(
        "a write on a is accepted again",
        () -> {
          try {
            HttpResponse<String> response = nodes.put(httpA, KEY, 0.23);
            if (response.statusCode() == 200) {
              after[0] = new JsonObject(response.body()).getLong("version");
              return true;
            }
            return false;
          } catch (Exception e) {
            return false;
          }
        },
        Duration.ofSeconds(60));
    assertThat(after[0])
        .as("the version after the heal follows the agreed one")
        .isGreaterThan(agreed);
    for (int port : new int[] {httpA, httpB, httpC}) {
      ClusterProcesses.await(
          "the node at " + port + " serves the write made after the heal",
          () -> versionOn(port) == after[0],
          Duration.ofSeconds(30));
      JsonObject value = nodes.getQuietly(port, "/api/v1/config/" + KEY);
      assertThat(value.getDouble("value")).isEqualTo(0.23);
    }
    JsonObject history = nodes.getQuietly(httpB, "/api/v1/config/history?limit=50");
    assertThat(history).isNotNull();
    assertThat(history.encode()).as("the refused write is nowhere").doesNotContain("0.22");
  }

  private static long versionOn(int port) {
    JsonObject value = nodes.getQuietly(port, "/api/v1/config/" + KEY);
    return value == null ? -1 : value.getLong("version");
  }
}
