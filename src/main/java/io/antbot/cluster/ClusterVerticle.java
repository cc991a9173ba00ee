package io.antbot.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.antbot.bus.Addresses;
import io.antbot.bus.AlertEvent;
import io.antbot.service.Version;
import io.antbot.vertx.VertxInternals;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's view of the cluster, deployed first on every node: answers {@code
 * antbot.cluster.members} (a local consumer: each node answers for itself), publishes membership
 * changes to this node only, raises a critical alert when a member leaves and resolves it when a
 * member of that name is back, and keeps the gauge {@code cluster_members} up to date. A core node
 * compares the digest of its configuration files with every other core node's (member attribute
 * {@link HazelcastSetup#ATTR_CONFIG}): one whose files differ is named in the members' list ({@code
 * config_differs}), logged and alerted on ({@code cluster_config_differs}) until it leaves. Not
 * clustered, it reports this node as the only member.
 *
 * <p>Deployment config: {@code {node, role}}.
 */
public class ClusterVerticle extends VerticleBase {

  public static final String SERVICE = "cluster";
  private static final Logger log = LoggerFactory.getLogger(ClusterVerticle.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private static final long GAUGE_PERIOD_MS = 10_000;

  private final Instant started = Instant.now();
  private final ConcurrentHashMap<String, String> lostAlerts = new ConcurrentHashMap<>();

  /** Member id → the alert raised because its configuration files differ from this node's. */
  private final ConcurrentHashMap<UUID, String> differingAlerts = new ConcurrentHashMap<>();

  private HazelcastInstance hazelcast;
  private UUID listener;
  private String node;
  private String role;

  @Override
  public Future<?> start() {
    node = config().getString("node", ClusterOptions.defaultNodeName());
    role = config().getString("role", ClusterOptions.CORE);
    hazelcast = VertxInternals.hazelcast(vertx);
    vertx.eventBus().localConsumer(Addresses.CLUSTER_MEMBERS, message -> message.reply(members()));
    if (hazelcast != null) {
      listener =
          hazelcast
              .getCluster()
              .addMembershipListener(
                  new MembershipListener() {
                    @Override
                    public void memberAdded(MembershipEvent event) {
                      vertx.runOnContext(v -> changed("joined", event));
                    }

                    @Override
                    public void memberRemoved(MembershipEvent event) {
                      vertx.runOnContext(v -> changed("left", event));
                    }
                  });
      vertx.setPeriodic(1_000, GAUGE_PERIOD_MS, id -> gauge());
      for (Member member : hazelcast.getCluster().getMembers()) {
        compareFiles(member);
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (hazelcast != null && listener != null) {
      try {
        hazelcast.getCluster().removeMembershipListener(listener);
      } catch (RuntimeException e) {
        // Hazelcast is already shutting down with Vert.x: nothing left to listen to.
      }
    }
    return Future.succeededFuture();
  }

  private JsonObject members() {
    JsonArray list = new JsonArray();
    if (hazelcast == null) {
      list.add(
          new JsonObject()
              .put("node_name", node)
              .put("role", role)
              .put("address", null)
              .put("version", Version.current())
              .put("up_since", started.toString())
              .put("local", true));
      return new JsonObject()
          .put("cluster", null)
          .put("clustered", false)
          .put("node", node)
          .put("members", list);
    }
    for (Member member : hazelcast.getCluster().getMembers()) {
      list.add(describe(member));
    }
    JsonArray differing = new JsonArray();
    for (Member member : hazelcast.getCluster().getMembers()) {
      if (filesDiffer(member)) {
        differing.add(member.getAttribute(HazelcastSetup.ATTR_NODE));
      }
    }
    return new JsonObject()
        .put("cluster", hazelcast.getConfig().getClusterName().replaceAll("-[0-9a-f]{24}$", ""))
        .put("clustered", true)
        .put("node", node)
        .put("members", list)
        .put("config_differs", differing);
  }

  private static JsonObject describe(Member member) {
    return new JsonObject()
        .put("node_name", member.getAttribute(HazelcastSetup.ATTR_NODE))
        .put("role", member.getAttribute(HazelcastSetup.ATTR_ROLE))
        .put("address", member.getAddress().getHost() + ":" + member.getAddress().getPort())
        .put("version", member.getAttribute(HazelcastSetup.ATTR_VERSION))
        .put("up_since", member.getAttribute(HazelcastSetup.ATTR_STARTED))
        .put("config", member.getAttribute(HazelcastSetup.ATTR_CONFIG))
        .put("local", member.localMember());
  }

  /** Whether this is a core node, {@code member} another, and their files' digests differ. */
  private boolean filesDiffer(Member member) {
    if (member.localMember()) {
      return false;
    }
    Member local = hazelcast.getCluster().getLocalMember();
    String mine = local.getAttribute(HazelcastSetup.ATTR_CONFIG);
    String theirs = member.getAttribute(HazelcastSetup.ATTR_CONFIG);
    return mine != null
        && theirs != null
        && runsConfig(local.getAttribute(HazelcastSetup.ATTR_ROLE))
        && runsConfig(member.getAttribute(HazelcastSetup.ATTR_ROLE))
        && !mine.equals(theirs);
  }

  /** Whether a node of {@code role} runs the config service (a core node). */
  private static boolean runsConfig(String role) {
    return role != null
        && (role.equals(ClusterOptions.CORE)
            || java.util.List.of(role.split(",")).contains("config"));
  }

  private void compareFiles(Member member) {
    if (!filesDiffer(member) || differingAlerts.containsKey(member.getUuid())) {
      return;
    }
    String name = member.getAttribute(HazelcastSetup.ATTR_NODE);
    String id = "cluster.config_differs." + name + "." + UUID.randomUUID();
    differingAlerts.put(member.getUuid(), id);
    String message =
        "the configuration files of core node "
            + name
            + " differ from this node's: the shared runtime overrides give the two different"
            + " configurations under one version (every core node needs the same conf/; docs/cluster.md)";
    log.warn(message);
    alert(id, name, "cluster_config_differs", "warning", AlertEvent.FIRING, message);
  }

  private void changed(String event, MembershipEvent change) {
    JsonObject member = describe(change.getMember());
    String name = member.getString("node_name");
    int size = change.getMembers().size();
    log.info(
        "cluster member {}: {} ({}), {} member(s) now",
        event,
        name,
        member.getString("address"),
        size);
    vertx
        .eventBus()
        .publish(
            Addresses.CLUSTER_MEMBERSHIP,
            new JsonObject()
                .put("event", event)
                .put("node_name", name)
                .put("address", member.getString("address"))
                .put("members", size)
                .put("at", Instant.now().toString()),
            LOCAL);
    if ("left".equals(event)) {
      String differing = differingAlerts.remove(change.getMember().getUuid());
      if (differing != null) {
        alert(
            differing,
            name,
            "cluster_config_differs",
            "warning",
            AlertEvent.RESOLVED,
            "core node " + name + ", whose configuration files differed, left");
      }
      String id = "cluster.member_lost." + name + "." + UUID.randomUUID();
      if (lostAlerts.putIfAbsent(name, id) == null) {
        alert(
            id,
            name,
            "cluster_member_lost",
            "critical",
            AlertEvent.FIRING,
            "cluster member " + name + " left; " + size + " remain");
      }
    } else {
      compareFiles(change.getMember());
      String id = lostAlerts.remove(name);
      if (id != null) {
        alert(
            id,
            name,
            "cluster_member_lost",
            "critical",
            AlertEvent.RESOLVED,
            "cluster member " + name + " is back");
      }
    }
    gauge();
  }

  private void alert(
      String id, String name, String rule, String severity, String state, String message) {
    vertx
        .eventBus()
        .publish(
            Addresses.ALERTS,
            new AlertEvent(
                    id,
                    SERVICE,
                    rule,
                    severity,
                    state,
                    message,
                    Instant.now(),
                    new JsonObject().put("node_name", name))
                .toJson(),
            LOCAL);
  }

  private void gauge() {
    int size = hazelcast.getCluster().getMembers().size();
    vertx
        .eventBus()
        .send(
            Addresses.METRICS_CUSTOM_SET,
            new JsonObject()
                .put("name", "cluster_members")
                .put("value", size)
                .put("description", "Members of the cluster as this node sees them"),
            LOCAL);
  }
}
