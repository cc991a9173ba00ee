package io.antbot.cluster;

import io.antbot.settings.SectionReader;
import io.antbot.settings.Settings;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code cluster} section, read once before Vert.x is built (every key needs a restart).
 * Defaults, ranges and patterns are the schema's; {@link #toString()} never shows the secret.
 *
 * @param enabled run clustered
 * @param name cluster name
 * @param secret shared secret of the members ({@code null} when not clustered)
 * @param members {@code host:port} of members to join
 * @param host interface Hazelcast binds
 * @param port Hazelcast port
 * @param publicHost address the event bus is reached at by other members
 * @param eventBusPort port of the clustered event bus, 0 = any
 * @param nodeName this node's name
 * @param role {@code core}, {@code bots} or a comma-separated list of services
 * @param minSize members a side of a split needs to accept writes
 * @param joinTimeoutS how long a node without the config service waits for one
 * @param heartbeatTimeoutS a member silent this long is dropped
 * @param tlsCert PEM certificate of the event bus
 * @param tlsKey PEM key of the event bus
 * @param tlsCa PEM CA a peer's certificate must chain to
 */
public record ClusterOptions(
    boolean enabled,
    String name,
    String secret,
    List<String> members,
    String host,
    int port,
    String publicHost,
    int eventBusPort,
    String nodeName,
    String role,
    int minSize,
    int joinTimeoutS,
    int heartbeatTimeoutS,
    String tlsCert,
    String tlsKey,
    String tlsCa) {

  /** Every service a node can run, in deployment order. */
  public static final List<String> SERVICES =
      List.of("config", "security", "logging", "metrics", "http", "bridge");

  public static final String CORE = "core";
  public static final String BOTS = "bots";

  /**
   * Reads the section; {@code defaultNode} names the node when {@code node_name} is not set.
   *
   * @throws IllegalArgumentException listing every problem as {@code cluster.<key>: <reason>}
   */
  public static ClusterOptions fromJson(JsonObject section, String defaultNode) {
    SectionReader in = Settings.read("cluster", section == null ? new JsonObject() : section);
    in.rejectUnknown();
    SectionReader tls = in.child("tls");
    boolean enabled = in.bool("enabled");
    String secret = in.string("secret");
    if (enabled && secret == null) {
      in.problem(
          "secret",
          "required when the cluster is enabled (at least 16 characters; give it by"
              + " ANTBOT_CLUSTER__SECRET)");
    }
    String cert = tls.string("cert");
    String key = tls.string("key");
    String ca = tls.string("ca");
    int given = (cert == null ? 0 : 1) + (key == null ? 0 : 1) + (ca == null ? 0 : 1);
    if (given != 0 && given != 3) {
      in.problem("tls", "cert, key and ca must be given together (mutual TLS)");
    }
    String host = in.string("host");
    String publicHost = in.string("public_host");
    String node = in.string("node_name");
    ClusterOptions options =
        new ClusterOptions(
            enabled,
            in.string("name"),
            secret,
            List.copyOf(in.strings("members")),
            host,
            (int) in.integer("port"),
            publicHost == null ? host : publicHost,
            (int) in.integer("event_bus_port"),
            node == null ? defaultNode : node,
            in.string("role"),
            (int) in.integer("min_size"),
            (int) in.integer("join_timeout_s"),
            (int) in.integer("heartbeat_timeout_s"),
            cert,
            key,
            ca);
    in.orThrow();
    return options;
  }

  /**
   * The name of a node that was given none: {@code <host>-<pid>}, with what the name rule does not
   * allow in a host name replaced.
   */
  public static String defaultNodeName() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "node";
    }
    String safe = host.replaceAll("[^A-Za-z0-9._-]", "-");
    if (safe.isEmpty() || !Character.isLetterOrDigit(safe.charAt(0))) {
      safe = "node" + safe;
    }
    if (safe.length() > 40) {
      safe = safe.substring(0, 40);
    }
    return safe + "-" + ProcessHandle.current().pid();
  }

  /** The services this node runs, in deployment order. */
  public Set<String> services() {
    if (!enabled || CORE.equals(role)) {
      return new LinkedHashSet<>(SERVICES);
    }
    if (BOTS.equals(role)) {
      return Set.of();
    }
    Set<String> named = new LinkedHashSet<>(Arrays.asList(role.split(",")));
    Set<String> ordered = new LinkedHashSet<>();
    for (String service : SERVICES) {
      if (named.contains(service)) {
        ordered.add(service);
      }
    }
    return ordered;
  }

  public boolean tls() {
    return tlsCert != null;
  }

  @Override
  public String toString() {
    return "ClusterOptions[enabled="
        + enabled
        + ", name="
        + name
        + ", members="
        + members
        + ", host="
        + host
        + ", port="
        + port
        + ", node="
        + nodeName
        + ", role="
        + role
        + ", tls="
        + tls()
        + "]";
  }
}
