package io.antbot.launcher;

import io.antbot.cluster.ClusterOptions;
import io.antbot.cluster.HazelcastSetup;
import io.antbot.metrics.MetricsBackend;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Instant;
import java.util.ArrayList;

/** What the command line does for {@code cluster.enabled}: a clustered Vert.x on Hazelcast. */
final class ClusterStart {

  /** Launcher config keys set here (beside {@link LaunchOptions}'s). */
  static final String SERVICES = "services";

  static final String CLUSTERED = "clustered";
  static final String NODE = "node";
  static final String ROLE = "node_role";
  static final String JOIN_TIMEOUT_S = "join_timeout_s";
  static final String TLS = "tls";
  static final String BOTS = "bots";

  private ClusterStart() {}

  /**
   * Builds a clustered Vert.x, waiting until this member has joined (or formed) the cluster; the
   * member announces {@code configDigest}, the digest of its configuration files.
   */
  static Vertx vertx(ClusterOptions cluster, String configDigest) {
    HazelcastClusterManager manager =
        new HazelcastClusterManager(HazelcastSetup.hazelcast(cluster, Instant.now(), configDigest));
    return Vertx.builder()
        .with(HazelcastSetup.eventBus(MetricsBackend.vertxOptions(), cluster))
        .withMetrics(MetricsBackend.metricsFactory(cluster.nodeName()))
        .withClusterManager(manager)
        .buildClustered()
        .await();
  }

  /** The one line printed when the clustered Vert.x could not be built. */
  static String cannotJoin(ClusterOptions cluster, Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    return "cluster: node "
        + cluster.nodeName()
        + " cannot join cluster \""
        + cluster.name()
        + "\" (bind "
        + cluster.host()
        + ":"
        + cluster.port()
        + ", members "
        + cluster.members()
        + "): "
        + why.lines().findFirst().orElse(why);
  }

  /**
   * What the launcher needs beyond {@link LaunchOptions}: the services this node runs and, when it
   * has no config service to ask, the bots of its own configuration.
   */
  static JsonObject launcherConfig(ClusterOptions cluster, JsonObject boot) {
    JsonObject config =
        new JsonObject()
            .put(SERVICES, new JsonArray(new ArrayList<>(cluster.services())))
            .put(CLUSTERED, cluster.enabled())
            .put(NODE, cluster.nodeName())
            .put(ROLE, cluster.enabled() ? cluster.role() : ClusterOptions.CORE)
            .put(JOIN_TIMEOUT_S, cluster.joinTimeoutS())
            .put(TLS, cluster.enabled() && cluster.tls());
    if (!cluster.services().contains("config")) {
      Object bots = boot.getValue("bots");
      config.put(BOTS, bots instanceof JsonArray list ? list : new JsonArray());
    }
    return config;
  }
}
