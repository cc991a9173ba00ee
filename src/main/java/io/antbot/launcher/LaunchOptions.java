package io.antbot.launcher;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the launcher needs to start the runtime: {@code {"conf": DIR, "env": ENV, "port": N,
 * "cluster": true, "node_name": NAME, "role": ROLE}}.
 *
 * @param conf the configuration directory; default {@value #DEFAULT_CONF}
 * @param env development, staging or production; default {@value #DEFAULT_ENV}
 * @param port overrides {@code http.port} when not {@code null}
 * @param cluster {@code --cluster}: sets {@code cluster.enabled: true}
 * @param nodeName {@code --node-name}: sets {@code cluster.node_name} when not {@code null}
 * @param role {@code --role}: sets {@code cluster.role} when not {@code null}
 */
public record LaunchOptions(
    String conf, String env, Integer port, boolean cluster, String nodeName, String role) {

  public static final String DEFAULT_CONF = "conf";
  public static final String DEFAULT_ENV = "development";
  public static final List<String> ENVIRONMENTS = List.of("development", "staging", "production");

  public LaunchOptions(String conf, String env, Integer port) {
    this(conf, env, port, false, null, null);
  }

  public LaunchOptions {
    if (!ENVIRONMENTS.contains(env)) {
      throw new IllegalArgumentException(
          "env: expected one of " + String.join(", ", ENVIRONMENTS) + ", got \"" + env + "\"");
    }
    if (port != null && (port < 0 || port > 65535)) {
      throw new IllegalArgumentException("port: expected 0 to 65535, got " + port);
    }
  }

  public static LaunchOptions fromJson(JsonObject json) {
    Object port = json.getValue("port");
    if (port != null && !(port instanceof Integer)) {
      throw new IllegalArgumentException("port: expected an integer, got " + port);
    }
    return new LaunchOptions(
        json.getString("conf", DEFAULT_CONF),
        json.getString("env", DEFAULT_ENV),
        (Integer) port,
        json.getBoolean("cluster", false),
        json.getString("node_name"),
        json.getString("role"));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("conf", conf).put("env", env);
    if (port != null) {
      json.put("port", port);
    }
    if (cluster) {
      json.put("cluster", true);
    }
    if (nodeName != null) {
      json.put("node_name", nodeName);
    }
    if (role != null) {
      json.put("role", role);
    }
    return json;
  }

  /**
   * The configuration the command line imposes above every other source: the HTTP port, and with
   * port 0 (a free one) the bridge's port too, so that a runtime started for a test or a demo takes
   * no fixed port at all; and the cluster flags.
   */
  JsonObject overrides() {
    JsonObject overrides = new JsonObject();
    if (port != null) {
      overrides.put("http", new JsonObject().put("port", port));
      if (port == 0) {
        overrides.put("bridge", new JsonObject().put("port", 0));
      }
    }
    JsonObject clustering = new JsonObject();
    if (cluster) {
      clustering.put("enabled", true);
    }
    if (nodeName != null) {
      clustering.put("node_name", nodeName);
    }
    if (role != null) {
      clustering.put("role", role);
    }
    if (!clustering.isEmpty()) {
      overrides.put("cluster", clustering);
    }
    return overrides;
  }
}
