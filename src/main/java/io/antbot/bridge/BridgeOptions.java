package io.antbot.bridge;

import io.antbot.settings.SectionReader;
import io.antbot.settings.Settings;
import io.vertx.core.json.JsonObject;

/**
 * The {@code bridge} section: read once when the bridge starts (every key needs a restart).
 * Defaults, ranges and allowed values are the schema's.
 *
 * @param enabled whether the bridge listens
 * @param host interface to bind
 * @param port TCP port, 0 picks a free one
 * @param maxFrameBytes largest frame accepted
 * @param framesPerSecond frames one connection may send per second
 * @param maxRegistrations addresses one connection may register
 * @param maxConnections open connections in all
 * @param idleTimeoutS a connection silent both ways this long is closed
 * @param authTimeoutS a connection not authenticated this long after it opened is closed
 * @param recheckS how often a connection's token is checked again
 * @param requestTimeoutMs a request not answered this long gets err 503
 * @param maxWriteQueueFrames frames queued for a slow reader before pushed messages are dropped
 * @param tlsCert PEM certificate chain; TLS is on when this and {@code tlsKey} are set
 * @param tlsKey PEM private key
 * @param tlsMinVersion oldest TLS version accepted
 * @param tlsClientCa PEM file of the CAs whose client certificates are accepted; when set, a client
 *     certificate is required and names (CN) the only user whose token the connection accepts
 */
public record BridgeOptions(
    boolean enabled,
    String host,
    int port,
    int maxFrameBytes,
    int framesPerSecond,
    int maxRegistrations,
    int maxConnections,
    int idleTimeoutS,
    int authTimeoutS,
    int recheckS,
    long requestTimeoutMs,
    int maxWriteQueueFrames,
    String tlsCert,
    String tlsKey,
    String tlsMinVersion,
    String tlsClientCa) {

  /**
   * Reads the section.
   *
   * @throws IllegalArgumentException listing every problem as {@code bridge.<key>: <reason>}
   */
  public static BridgeOptions fromJson(JsonObject section) {
    SectionReader in = Settings.read("bridge", section);
    in.rejectUnknown();
    SectionReader tls = in.child("tls");
    String cert = tls.string("cert");
    String key = tls.string("key");
    if ((cert == null) != (key == null)) {
      in.problem("tls", "cert and key must be given together");
    }
    String clientCa = tls.string("client_ca");
    if (clientCa != null && cert == null) {
      in.problem("tls.client_ca", "client certificates need TLS: set tls.cert and tls.key too");
    }
    BridgeOptions options =
        new BridgeOptions(
            in.bool("enabled"),
            in.string("host"),
            (int) in.integer("port"),
            (int) in.integer("max_frame_bytes"),
            (int) in.integer("frames_per_second"),
            (int) in.integer("max_registrations"),
            (int) in.integer("max_connections"),
            (int) in.integer("idle_timeout_s"),
            (int) in.integer("auth_timeout_s"),
            (int) in.integer("recheck_s"),
            in.integer("request_timeout_ms"),
            (int) in.integer("max_write_queue_frames"),
            cert,
            key,
            tls.string("min_version"),
            clientCa);
    in.orThrow();
    return options;
  }

  public boolean tls() {
    return tlsCert != null && tlsKey != null;
  }

  /** Whether a client must present a certificate signed by {@link #tlsClientCa()}. */
  public boolean clientCertificates() {
    return tls() && tlsClientCa != null;
  }
}
