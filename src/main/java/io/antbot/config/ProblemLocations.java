package io.antbot.config;

import java.util.List;

/**
 * Finds, for a validation problem, the layer that set the value: {@code file:line}, an env
 * variable, a property.
 */
final class ProblemLocations {

  private ProblemLocations() {}

  /**
   * Adds to each problem the {@code file:line} (or source) of the highest layer that set its path.
   */
  static ValidationReport locate(ValidationReport report, List<ConfigLayers.Layer> layers) {
    return new ValidationReport(
        report.errors().stream().map(problem -> problem.at(where(problem.path(), layers))).toList(),
        report.warnings().stream()
            .map(problem -> problem.at(where(problem.path(), layers)))
            .toList());
  }

  /**
   * {@code env ANTBOT_HTTP__PORT} or {@code system property antbot.http.port} rather than just the
   * layer.
   */
  private static String describe(String source, String key) {
    return switch (source) {
      case ConfigLayers.ENV_SOURCE -> "env " + ConfigLayers.environmentName(key);
      case ConfigLayers.PROPERTIES_SOURCE -> "system property antbot." + key;
      default -> source;
    };
  }

  private static String where(String path, List<ConfigLayers.Layer> layers) {
    if (path.isEmpty()) {
      return null;
    }
    for (int i = layers.size() - 1; i >= 0; i--) {
      ConfigLayers.Layer layer = layers.get(i);
      if (layer.document() != null) {
        if (layer.document().lines().containsKey(path)) {
          return layer.document().locate(path);
        }
      } else {
        int bracket = path.indexOf('[');
        String key = bracket < 0 ? path : path.substring(0, bracket);
        if (ConfigLayers.contains(layer.content(), key)) {
          return describe(layer.source(), key);
        }
      }
    }
    return null;
  }
}
