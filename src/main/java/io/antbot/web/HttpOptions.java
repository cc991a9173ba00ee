package io.antbot.web;

import io.antbot.settings.SectionReader;
import io.antbot.settings.Settings;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code http} section of the configuration, read when the HTTP verticle starts: all of it
 * needs a restart.
 *
 * @param host interface to bind
 * @param port TCP port, 0 picks a free port
 * @param readyTimeoutMs how long {@code /health/ready} waits for each service's status, in ms
 * @param requestTimeoutMs an API request not answered in this many ms gets a 503
 * @param bodyLimitBytes larger request bodies get a 413
 * @param idleTimeoutS a connection that neither sends nor receives anything for this many seconds
 *     is closed
 * @param tlsCert PEM certificate chain; TLS (and HTTP/2) is on when this and {@code tlsKey} are set
 * @param tlsKey PEM private key (unencrypted: PKCS#8, PKCS#1 RSA or SEC 1 EC)
 * @param tlsMinVersion oldest TLS version accepted: {@code TLSv1.2} (the default) or {@code
 *     TLSv1.3}
 * @param corsOrigins exact origins ({@code scheme://host[:port]}) allowed by CORS; empty (the
 *     default) turns CORS off
 * @param eventsPerUser open {@code /events} streams one user may hold; one more is a 429
 * @param eventsPerIp open {@code /events} streams one client address may hold; one more is a 429
 * @param eventsRecheckS how often an open stream's token is checked again (revoked, user disabled:
 *     closed)
 * @param consoleEnabled whether the operator console is served at {@code /console/}
 */
public record HttpOptions(
    String host,
    int port,
    long readyTimeoutMs,
    long requestTimeoutMs,
    long bodyLimitBytes,
    long idleTimeoutS,
    String tlsCert,
    String tlsKey,
    String tlsMinVersion,
    List<String> corsOrigins,
    int eventsPerUser,
    int eventsPerIp,
    long eventsRecheckS,
    boolean consoleEnabled) {

  /** The TLS versions the server can speak, oldest first; {@code tlsMinVersion} cuts the list. */
  static final List<String> TLS_VERSIONS = List.of("TLSv1.2", "TLSv1.3");

  /**
   * Reads the section; every default, range and allowed value comes from the schema.
   *
   * @throws IllegalArgumentException listing every problem as {@code http.<path>: <reason>}
   */
  public static HttpOptions fromJson(JsonObject json) {
    SectionReader in = Settings.read("http", json);
    in.rejectUnknown();
    SectionReader tls = in.child("tls");
    SectionReader cors = in.child("cors");
    SectionReader events = in.child("events");
    SectionReader console = in.child("console");
    String cert = tls.string("cert");
    String key = tls.string("key");
    if ((cert == null) != (key == null)) {
      in.problem("tls", "cert and key must be given together");
    }
    String host = in.string("host");
    if (host == null || host.isBlank()) {
      in.problem("host", "must not be blank");
    }
    HttpOptions options =
        new HttpOptions(
            host,
            (int) in.integer("port"),
            in.integer("ready_timeout_ms"),
            in.integer("request_timeout_ms"),
            in.integer("body_limit_bytes"),
            in.integer("idle_timeout_s"),
            cert,
            key,
            tls.string("min_version"),
            cors.strings("allowed_origins"),
            (int) events.integer("max_per_user"),
            (int) events.integer("max_per_ip"),
            events.integer("recheck_s"),
            console.bool("enabled"));
    in.orThrow();
    return options;
  }

  /** The options of an empty section: every default of the schema. */
  public static HttpOptions defaults() {
    return fromJson(new JsonObject());
  }

  public boolean tls() {
    return tlsCert != null && tlsKey != null;
  }

  /** The TLS versions enabled on the server: {@code tlsMinVersion} and every newer one. */
  public Set<String> tlsVersions() {
    int oldest = TLS_VERSIONS.indexOf(tlsMinVersion);
    return new LinkedHashSet<>(TLS_VERSIONS.subList(Math.max(oldest, 0), TLS_VERSIONS.size()));
  }

  /** Whether CORS is on: at least one allowed origin is configured. */
  public boolean cors() {
    return !corsOrigins.isEmpty();
  }
}
