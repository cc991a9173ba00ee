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
