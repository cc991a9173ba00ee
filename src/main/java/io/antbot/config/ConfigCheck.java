package io.antbot.config;

import io.antbot.bus.ConfigProblem;
import io.antbot.settings.ConfigException;
import io.antbot.settings.ConfigSchema;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Validates a conf directory for an environment without starting anything — for a command-line
 * check before a deployment ({@code antbot-core config-check --conf conf --env production}) or in
 * CI.
 */
public final class ConfigCheck {

  private ConfigCheck() {}

  /**
   * The configuration a process starts from, before any service runs: the files, environment,
   * system properties and {@code commandLine} (no runtime overrides), validated. The launcher reads
   * what it needs before Vert.x exists from it: the {@code cluster} section, and on a node without
   * the config service its {@code bots}.
   *
   * @throws ConfigException one line naming the first error and where it was set
   */
  public static JsonObject boot(
      Path confDir,
      String env,
      Map<String, String> environment,
      Properties properties,
      JsonObject commandLine)
      throws ConfigException {
    ConfigSchema schema = ConfigSchema.readOrShipped(confDir);
    List<ConfigLayers.Layer> layers = new ArrayList<>(ConfigLayers.files(confDir, env));
    layers.add(ConfigLayers.environment(environment));
    layers.add(ConfigLayers.systemProperties(properties));
    layers.add(new ConfigLayers.Layer("command-line", commandLine, null));
    JsonObject merged = ConfigLayers.merge(layers);
    ValidationReport report =
        ProblemLocations.locate(new ConfigValidator(schema).validate(merged), layers);
    if (!report.valid()) {
      throw new ConfigException(report.errorLine());
    }
    return merged;
  }

  /**
   * Keys a core node's files may set for itself: its binds, its name and role, its TLS files, its
   * state directory and its bots. Everything else in the files must be the same on every core node
   * (docs/cluster.md).
   */
  static final List<String> NODE_KEYS =
      List.of(
          "cluster.node_name",
          "cluster.host",
          "cluster.port",
          "cluster.public_host",
          "cluster.event_bus_port",
          "cluster.role",
          "cluster.tls",
          "http.host",
          "http.port",
          "http.tls",
          "bridge.host",
          "bridge.port",
          "bridge.tls",
          "core.state_dir",
          "bots");

  /**
   * A digest of what {@code confDir}'s files give for {@code env}, without {@link #NODE_KEYS} and
   * with secrets masked: equal on two core nodes whose files agree on everything shared, in
   * whatever order the files list it. Core nodes compare theirs when they meet (the runtime
   * overrides are shared and applied on top of each node's files, so files that differ would give
   * different configurations under one version number).
   *
   * @throws ConfigException when a file cannot be read
   */
  public static String filesDigest(Path confDir, String env) throws ConfigException {
    ConfigSchema schema = ConfigSchema.readOrShipped(confDir);
    JsonObject merged = ConfigLayers.merge(ConfigLayers.files(confDir, env));
    for (String key : NODE_KEYS) {
      remove(merged, key);
    }
    StringBuilder canonical = new StringBuilder(env).append('\0');
    canonical(new Redaction(schema).redact(merged), canonical);
    byte[] digest;
    try {
      digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    return java.util.HexFormat.of().formatHex(digest, 0, 16);
  }

  private static void remove(JsonObject config, String key) {
    JsonObject at = config;
    String[] segments = key.split("\\.");
    for (int i = 0; i < segments.length - 1; i++) {
      if (!(at.getValue(segments[i]) instanceof JsonObject next)) {
        return;
      }
      at = next;
    }
    at.remove(segments[segments.length - 1]);
  }

  /** JSON with every object's keys in order. */
  private static void canonical(Object value, StringBuilder out) {
    if (value instanceof JsonObject object) {
      out.append('{');
      boolean first = true;
      for (String name : new java.util.TreeSet<>(object.fieldNames())) {
        if (!first) {
          out.append(',');
        }
        first = false;
        out.append(io.vertx.core.json.Json.encode(name)).append(':');
        canonical(object.getValue(name), out);
      }
      out.append('}');
    } else if (value instanceof io.vertx.core.json.JsonArray array) {
      out.append('[');
      for (int i = 0; i < array.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        canonical(array.getValue(i), out);
      }
      out.append(']');
    } else {
      out.append(io.vertx.core.json.Json.encode(value));
    }
  }

  /**
   * Errors and warnings of the configuration that {@code confDir} and {@code env} would give, with
   * the file and line (or variable) that set each value. Runtime overrides are not included. A file
   * that cannot be read or parsed is reported as one {@code syntax} error.
   */
  public static ValidationReport run(
      Path confDir, String env, Map<String, String> environment, Properties properties) {
    try {
      ConfigSchema schema = ConfigSchema.readOrShipped(confDir);
      List<ConfigLayers.Layer> layers = new ArrayList<>(ConfigLayers.files(confDir, env));
      layers.add(ConfigLayers.environment(environment));
      layers.add(ConfigLayers.systemProperties(properties));
      JsonObject merged = ConfigLayers.merge(layers);
      return ProblemLocations.locate(new ConfigValidator(schema).validate(merged), layers);
    } catch (ConfigException e) {
      return new ValidationReport(
          List.of(new ConfigProblem("", ConfigProblem.SYNTAX, e.getMessage(), null)), List.of());
    }
  }
}
