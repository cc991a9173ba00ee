package io.antbot.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;

/** A real one-member Hazelcast, configured as the runtime configures its own, on a free port. */
public final class TestHazelcast {

  private TestHazelcast() {}

  public static HazelcastInstance member(String secret) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
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
}
