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
