package io.antbot.web;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code http} section of the configuration.
 *
 * @param host            interface to bind; default {@value #DEFAULT_HOST} (restart to change)
 * @param port            TCP port; default {@value #DEFAULT_PORT}, 0 picks a free port (restart to change)
 * @param readyTimeoutMs  how long {@code /health/ready} waits for each service's status, in ms (live)
 */
public record HttpOptions(String host, int port, long readyTimeoutMs) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8001;
  public static final long DEFAULT_READY_TIMEOUT_MS = 2_000;

  public static HttpOptions fromJson(JsonObject json) {
    JsonObject section = json == null ? new JsonObject() : json;
    Object port = section.getValue("port", DEFAULT_PORT);
    Object timeout = section.getValue("ready_timeout_ms", DEFAULT_READY_TIMEOUT_MS);
    return new HttpOptions(
      String.valueOf(section.getValue("host", DEFAULT_HOST)),
      port instanceof Number n ? n.intValue() : -1,
      timeout instanceof Number n ? n.longValue() : -1);
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
    return problems;
  }
}
