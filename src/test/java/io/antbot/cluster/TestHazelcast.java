package io.antbot.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.antbot.testing.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A real one-member Hazelcast, configured as the runtime configures its own, on a free port. */
public final class TestHazelcast {

  private TestHazelcast() {}

  public static HazelcastInstance member(String secret) throws IOException {
    int port = FreePorts.next();
    ClusterOptions options =
        ClusterOptions.fromJson(
            new JsonObject()
                .put("enabled", true)
                .put("secret", secret)
                .put("members", new JsonArray())
                .put("port", port)
                .put("node_name", "test"),
            "test");
    return Hazelcast.newHazelcastInstance(HazelcastSetup.hazelcast(options, Instant.now()));
  }

  /**
   * {@code names.size()} clustered Vert.x instances in this JVM, each on its own Hazelcast member
   * (TCP-IP on 127.0.0.1, configured as the runtime configures its own), joined into one cluster.
   */
  public static List<Vertx> clusteredVertx(String secret, List<String> names) throws IOException {
    List<String> members = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      ports.add(FreePorts.next());
      members.add("127.0.0.1:" + ports.get(i));
    }
    List<Vertx> nodes = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      ClusterOptions options =
          ClusterOptions.fromJson(
              new JsonObject()
                  .put("enabled", true)
                  .put("secret", secret)
                  .put("members", new JsonArray(members))
                  .put("host", "127.0.0.1")
                  .put("port", ports.get(i))
                  .put("node_name", names.get(i)),
              names.get(i));
      nodes.add(
          Vertx.builder()
              .with(HazelcastSetup.eventBus(new VertxOptions(), options))
              .withClusterManager(
                  new HazelcastClusterManager(HazelcastSetup.hazelcast(options, Instant.now())))
              .buildClustered()
              .await());
    }
    return nodes;
  }
}
