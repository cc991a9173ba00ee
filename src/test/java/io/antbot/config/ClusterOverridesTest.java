package io.antbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import io.antbot.bus.BusException;
import io.antbot.bus.ConfigWriteGuard;
import io.antbot.bus.FailureCode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two core nodes' configurations sharing one real (one-member) Hazelcast map: the compare-and-set
 * that keeps one version sequence without a lock. Each {@link LiveConfig} has its own files and
 * state, as on two machines; the processes-and-network version of this is {@code ClusterIT}.
 */
@DisplayName("Configuration in a cluster: one version sequence by compare-and-set")
class ClusterOverridesTest {

  private static final String KEY = "trading.max_position_size";

  private static HazelcastInstance hazelcast;

  @BeforeAll
  static void member() throws Exception {
    hazelcast = io.antbot.cluster.TestHazelcast.member("cluster-overrides-test-secret");
  }

  @AfterAll
  static void close() {
    hazelcast.shutdown();
  }

  @BeforeEach
  void emptyCluster() {
    hazelcast.getMap(ClusterOverrides.MAP).clear();
  }

  /** One node: its configuration, what it broadcast and what it took from the cluster. */
  private record Node(LiveConfig live, List<Long> broadcast, List<Long> caughtUp) {

    static Node start(Path root, String name) throws Exception {
      ConfigFixture fixture = new ConfigFixture(root.resolve(name));
      List<Long> broadcast = Collections.synchronizedList(new ArrayList<>());
      List<Long> caughtUp = Collections.synchronizedList(new ArrayList<>());
      LiveConfig live =
          new LiveConfig(
              fixture.conf,
              "development",
              Map.of(),
              System::getProperties,
              new JsonObject()
                  .put("core", new JsonObject().put("state_dir", fixture.state.toString())),
              Clock.systemUTC(),
              applied -> broadcast.add(applied.event().version()));
      live.share(
          new ClusterOverrides(hazelcast, Duration.ofSeconds(5)),
          name,
          applied -> caughtUp.add(applied.event().version()));
      live.start();
      return new Node(live, broadcast, caughtUp);
    }

    long set(double value) {
      LiveConfig.Outcome outcome =
          live.set(KEY, value, "test", null, new ConfigWriteGuard(false, null));
      assertThat(outcome).isInstanceOf(LiveConfig.Applied.class);
      return ((LiveConfig.Applied) outcome).event().version();
    }

    double value() {
      return ConfigLayers.lookup(live.current().config(), KEY) instanceof Number number
          ? number.doubleValue()
          : Double.NaN;
    }
  }

  @Test
  @DisplayName("a node that missed a change builds its own on top of it, with the next version")
  void staleWriterCatchesUp(@TempDir Path root) throws Exception {
    Node a = Node.start(root, "a");
    Node b = Node.start(root, "b");
    long start = a.live.current().version();
    assertThat(b.live.current().version()).isEqualTo(start);

    assertThat(a.set(0.3)).isEqualTo(start + 1);
    // b has not heard of it (no broadcast between them here): its write is refused by the
    // cluster, it takes a's version and writes the next one.
    assertThat(b.set(0.4)).isEqualTo(start + 2);
    assertThat(b.caughtUp).containsExactly(start + 1);
    assertThat(b.broadcast).containsExactly(start + 2);
    assertThat(new ClusterOverrides(hazelcast, Duration.ofSeconds(5)).read().version())
        .isEqualTo(start + 2);

    // a catches up on its next change in turn.
    assertThat(a.set(0.5)).isEqualTo(start + 3);
    assertThat(a.caughtUp).containsExactly(start + 2);
    assertThat(a.value()).isEqualTo(0.5);
    assertThat(b.live.sync().event().version()).isEqualTo(start + 3);
    assertThat(b.value()).isEqualTo(0.5);
  }

  @Test
  @DisplayName("writes on two nodes at once hand out every version exactly once")
  void concurrentWritesOneSequence(@TempDir Path root) throws Exception {
    Node a = Node.start(root, "a");
    Node b = Node.start(root, "b");
    long start = a.live.current().version();
    int each = 25;
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<List<Long>>> writers = new ArrayList<>();
    for (Node node : List.of(a, b)) {
      writers.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                List<Long> versions = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                  versions.add(node.set(0.01 + i / 100.0 + (node == a ? 0 : 0.5)));
                }
                return versions;
              }));
    }
    go.countDown();
    List<Long> all = new ArrayList<>();
    for (CompletableFuture<List<Long>> writer : writers) {
      all.addAll(writer.get(60, TimeUnit.SECONDS));
    }
    Collections.sort(all);
    assertThat(all)
        .containsExactlyElementsOf(
            LongStream.rangeClosed(start + 1, start + 2L * each).boxed().toList());
    // Each node broadcast only its own versions, and the cluster holds the last one.
    assertThat(a.broadcast).doesNotContainAnyElementsOf(b.broadcast);
    assertThat(a.broadcast.size() + b.broadcast.size()).isEqualTo(2 * each);
    assertThat(new ClusterOverrides(hazelcast, Duration.ofSeconds(5)).read().version())
        .isEqualTo(start + 2L * each);
  }

  @Test
  @DisplayName("a write checked at a version another node has since moved past is a 409")
  void checkedWriteConflicts(@TempDir Path root) throws Exception {
    Node a = Node.start(root, "a");
    Node b = Node.start(root, "b");
    LiveConfig.Outcome preview =
        a.live.set(KEY, 0.6, "test", null, new ConfigWriteGuard(true, null));
    long checked = ((LiveConfig.Preview) preview).version();
    b.set(0.7);
    assertThatThrownBy(
            () -> a.live.set(KEY, 0.6, "test", null, new ConfigWriteGuard(false, checked)))
        .isInstanceOfSatisfying(
            BusException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.CONFLICT));
    assertThat(a.value()).isEqualTo(0.7);
    assertThat(a.broadcast).isEmpty();

    // Checked again, the write goes through on the new version.
    long again =
        ((LiveConfig.Preview) a.live.set(KEY, 0.6, "test", null, new ConfigWriteGuard(true, null)))
            .version();
    assertThat(again).isEqualTo(checked + 1);
    LiveConfig.Outcome written =
        a.live.set(KEY, 0.6, "test", null, new ConfigWriteGuard(false, again));
    assertThat(((LiveConfig.Applied) written).event().version()).isEqualTo(again + 1);
    assertThat(a.value()).isEqualTo(0.6);
  }

  @Test
  @DisplayName("a state another member wrote in another shape is refused, not applied")
  void unreadableStateRefused(@TempDir Path root) throws Exception {
    Node a = Node.start(root, "a");
    hazelcast.<String, String>getMap(ClusterOverrides.MAP).put("current", "{\"version\":\"x\"}");
    assertThatThrownBy(() -> a.set(0.2))
        .isInstanceOfSatisfying(
            BusException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.INTERNAL));
    assertThat(a.broadcast).isEmpty();
  }

  @Test
  @DisplayName(
      "a node stopped while taking a version (overrides written, history not) restarts with the"
          + " cluster's versions, numbering none of its own")
  void restartAfterTornAdopt(@TempDir Path root) throws Exception {
    Node a = Node.start(root, "a");
    Node b = Node.start(root, "b");
    long first = b.set(0.3);
    long second = b.set(0.4);
    // a was cut off in adopt(): the cluster's overrides are on its disk, its history stops before.
    OverrideStore.open(root.resolve("a").resolve("state"))
        .replace(new ClusterOverrides(hazelcast, Duration.ofSeconds(5)).read().overrides());
    long third = b.set(0.5);

    Node restarted = Node.start(root, "a");
    assertThat(restarted.live.current().version()).isEqualTo(third);
    assertThat(restarted.value()).isEqualTo(0.5);
    Map<Long, String> sources = new java.util.HashMap<>();
    restarted.live.history(100).forEach(entry -> sources.put(entry.version(), entry.source()));
    assertThat(sources)
        .containsEntry(first, "runtime")
        .containsEntry(second, "runtime")
        .containsEntry(third, "runtime");
    assertThat(a.live.current().version()).isLessThan(first);
  }
}
