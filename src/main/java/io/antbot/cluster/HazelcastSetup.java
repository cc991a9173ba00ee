package io.antbot.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import io.antbot.service.Version;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hazelcast and clustered event-bus settings from {@link ClusterOptions}.
 *
 * <p>Hazelcast's defaults multicast and phone home; here members join by TCP-IP to the listed
 * members only, with multicast, auto-detection and phone-home off and a 1 s connection timeout.
 *
 * <p>The cluster secret: Hazelcast's open-source edition has no member authentication, but members
 * whose cluster names differ refuse each other at the join. The name used on the wire is therefore
 * {@code <name>-<HMAC-SHA256(secret, name), 96 bits>}: a JVM with another secret computes another
 * name and cannot join, and the secret itself never leaves the process. This is a guard against a
 * stray or misconfigured JVM, not against an attacker on the network who can read the join traffic:
 * the Hazelcast port must be firewalled to the members (docs/cluster.md), and the event bus, which
 * carries the messages, takes mutual TLS.
 */
public final class HazelcastSetup {

  /** Maps the runtime keeps in Hazelcast: each with a backup and split-brain protection. */
  public static final String MAP_PREFIX = "antbot.";

  public static final String SPLIT_BRAIN_PROTECTION = "antbot-quorum";

  /** First Hazelcast serializer type id Bucket4j's serializers take (a few consecutive ids). */
  private static final int BUCKET4J_TYPE_ID_BASE = 10_000;

  /** Member attributes every node sets, read back by {@link ClusterMembers}. */
  public static final String ATTR_NODE = "antbot.node";

  public static final String ATTR_ROLE = "antbot.role";
  public static final String ATTR_VERSION = "antbot.version";
  public static final String ATTR_STARTED = "antbot.started";

  /**
   * Member attribute: the digest of the node's configuration files ({@code
   * ConfigCheck.filesDigest}), which core nodes compare.
   */
  public static final String ATTR_CONFIG = "antbot.config";

  private HazelcastSetup() {}

  /** The Hazelcast configuration of this member. */
  public static Config hazelcast(ClusterOptions options, Instant started) {
    return hazelcast(options, started, null);
  }

  /**
   * {@link #hazelcast(ClusterOptions, Instant)} for a node whose configuration files have the
   * digest {@code configDigest} ({@code null}: not announced).
   */
  public static Config hazelcast(ClusterOptions options, Instant started, String configDigest) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(wireName(options.name(), options.secret()));
    config.setInstanceName("antbot-" + options.nodeName());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty(
        "hazelcast.max.no.heartbeat.seconds", Integer.toString(options.heartbeatTimeoutS()));
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    config.setProperty("hazelcast.local.localAddress", options.host());
    config.getMetricsConfig().setEnabled(false);
    config.getJetConfig().setEnabled(false);

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(options.port()).setPortAutoIncrement(false);
    network.setPublicAddress(options.publicHost() + ":" + options.port());
    network.getRestApiConfig().setEnabled(false);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig()
        .setEnabled(true)
        .setConnectionTimeoutSeconds(1)
        .addMember(options.host() + ":" + options.port());
    options.members().forEach(member -> join.getTcpIpConfig().addMember(member));

    // Writes only: a minority side goes on reading what it holds (each node serves reads from its
    // own copy anyway), and a node starting alone can read the maps while it waits for the others.
    config.addSplitBrainProtectionConfig(
        new SplitBrainProtectionConfig(SPLIT_BRAIN_PROTECTION, true, options.minSize())
            .setProtectOn(SplitBrainProtectionOn.WRITE));
    config.addMapConfig(
        new MapConfig(MAP_PREFIX + "*")
            .setBackupCount(1)
            .setSplitBrainProtectionName(options.minSize() > 1 ? SPLIT_BRAIN_PROTECTION : null));

    // Bucket4j's entry processors (the cluster's rate-limit buckets) with their compact
    // serializers.
    io.github.bucket4j.grid.hazelcast.HazelcastProxyManager.addCustomSerializers(
        config.getSerializationConfig(), BUCKET4J_TYPE_ID_BASE);
    config
        .getMemberAttributeConfig()
        .setAttribute(ATTR_NODE, options.nodeName())
        .setAttribute(ATTR_ROLE, options.role())
        .setAttribute(ATTR_VERSION, Version.current())
        .setAttribute(ATTR_STARTED, started.toString());
    if (configDigest != null) {
      config.getMemberAttributeConfig().setAttribute(ATTR_CONFIG, configDigest);
    }
    return config;
  }

  /** The event bus of this member: its bind, the address others reach, mutual TLS when given. */
  public static VertxOptions eventBus(VertxOptions vertxOptions, ClusterOptions options) {
    EventBusOptions bus = vertxOptions.getEventBusOptions();
    bus.setHost(options.host())
        .setPort(options.eventBusPort())
        .setClusterPublicHost(options.publicHost());
    if (options.tls()) {
      bus.setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions().setCertPath(options.tlsCert()).setKeyPath(options.tlsKey()))
          .setTrustOptions(new PemTrustOptions().addCertPath(options.tlsCa()))
          .setClientAuth(ClientAuth.REQUIRED);
    }
    return vertxOptions;
  }

  /** The cluster name on the wire: the configured name with a tag only the secret gives. */
  static String wireName(String name, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] tag = mac.doFinal(("antbot-cluster:" + name).getBytes(StandardCharsets.UTF_8));
      return name + "-" + HexFormat.of().formatHex(tag, 0, 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
