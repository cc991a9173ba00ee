package io.antbot.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code http} section of the configuration, read when the HTTP verticle starts: all of it
 * needs a restart.
 *
 * @param host interface to bind; default {@value #DEFAULT_HOST}
 * @param port TCP port; default {@value #DEFAULT_PORT}, 0 picks a free port
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
    long eventsRecheckS) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8001;
  public static final long DEFAULT_READY_TIMEOUT_MS = 2_000;
  public static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
  public static final long DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
  public static final long DEFAULT_IDLE_TIMEOUT_S = 120;
  public static final String DEFAULT_TLS_MIN_VERSION = "TLSv1.2";
  public static final int DEFAULT_EVENTS_PER_USER = 4;
  public static final int DEFAULT_EVENTS_PER_IP = 16;
  public static final long DEFAULT_EVENTS_RECHECK_S = 5;

  /** The TLS versions the server can speak, oldest first; {@code tlsMinVersion} cuts the list. */
  static final List<String> TLS_VERSIONS = List.of("TLSv1.2", "TLSv1.3");

  /** An exact origin: scheme, host and optional port, no path, no wildcard. */
  private static final Pattern ORIGIN =
      Pattern.compile("https?://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");

  public static HttpOptions fromJson(JsonObject json) {
    JsonObject section = json == null ? new JsonObject() : json;
    JsonObject tls = section.getValue("tls") instanceof JsonObject t ? t : new JsonObject();
    JsonObject cors = section.getValue("cors") instanceof JsonObject c ? c : new JsonObject();
    JsonObject events = section.getValue("events") instanceof JsonObject e ? e : new JsonObject();
    List<String> origins = new ArrayList<>();
    if (cors.getValue("allowed_origins") instanceof JsonArray array) {
      array.forEach(origin -> origins.add(String.valueOf(origin)));
    }
    return new HttpOptions(
        String.valueOf(section.getValue("host", DEFAULT_HOST)),
        (int) number(section, "port", DEFAULT_PORT),
        number(section, "ready_timeout_ms", DEFAULT_READY_TIMEOUT_MS),
        number(section, "request_timeout_ms", DEFAULT_REQUEST_TIMEOUT_MS),
        number(section, "body_limit_bytes", DEFAULT_BODY_LIMIT_BYTES),
        number(section, "idle_timeout_s", DEFAULT_IDLE_TIMEOUT_S),
        tls.getValue("cert") instanceof String cert && !cert.isBlank() ? cert : null,
        tls.getValue("key") instanceof String key && !key.isBlank() ? key : null,
        String.valueOf(tls.getValue("min_version", DEFAULT_TLS_MIN_VERSION)),
        List.copyOf(origins),
        (int) number(events, "max_per_user", DEFAULT_EVENTS_PER_USER),
        (int) number(events, "max_per_ip", DEFAULT_EVENTS_PER_IP),
        number(events, "recheck_s", DEFAULT_EVENTS_RECHECK_S));
  }

  private static long number(JsonObject section, String key, long fallback) {
    Object value = section.getValue(key, fallback);
    return value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        ? n.longValue()
        : -1;
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

  /** Every problem with its path; empty when the options are usable. */
  public List<String> validate() {
    List<String> problems = new ArrayList<>();
    if (host == null || host.isBlank()) {
      problems.add("http.host: must not be blank");
    }
    if (port < 0 || port > 65535) {
      problems.add("http.port: expected an integer from 0 to 65535");
    }
    if (readyTimeoutMs <= 0) {
      problems.add("http.ready_timeout_ms: expected a positive integer");
    }
    if (requestTimeoutMs <= 0) {
      problems.add("http.request_timeout_ms: expected a positive integer");
    }
    if (bodyLimitBytes <= 0) {
      problems.add("http.body_limit_bytes: expected a positive integer");
    }
    if (idleTimeoutS < 1 || idleTimeoutS > 86_400) {
      problems.add("http.idle_timeout_s: expected an integer from 1 to 86400");
    }
    if (eventsPerUser < 1 || eventsPerIp < 1 || eventsRecheckS < 1) {
      problems.add("http.events: max_per_user, max_per_ip and recheck_s must be positive integers");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      problems.add("http.tls: cert and key must be given together");
    }
    if (!TLS_VERSIONS.contains(tlsMinVersion)) {
      problems.add(
          "http.tls.min_version: expected one of "
              + String.join(", ", TLS_VERSIONS)
              + ", got \""
              + tlsMinVersion
              + "\"");
    }
    for (String origin : corsOrigins) {
      if (!ORIGIN.matcher(origin).matches()) {
        problems.add(
            "http.cors.allowed_origins: expected an exact origin such as https://ops.example.com, got \""
                + origin
                + "\"");
      }
    }
    return problems;
  }
}
