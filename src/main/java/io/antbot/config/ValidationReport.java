package io.antbot.config;

import io.antbot.bus.ConfigProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What validating a configuration found: errors (the configuration is refused) and warnings
 * (unknown keys).
 *
 * @param errors every broken rule, in document order
 * @param warnings every unknown key, with the nearest known key
 */
public record ValidationReport(List<ConfigProblem> errors, List<ConfigProblem> warnings) {

  public ValidationReport {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  public boolean valid() {
    return errors.isEmpty();
  }

  /** The errors on one line, {@code "; "} between them, each with its location when known. */
  public String errorLine() {
    return errors.stream().map(ConfigProblem::line).collect(Collectors.joining("; "));
  }

  /** {@code {valid, errors, warnings}}, the reply of {@code antbot.config.validate}. */
  public JsonObject toJson() {
    JsonArray errorList = new JsonArray();
    errors.forEach(problem -> errorList.add(problem.toJson()));
    JsonArray warningList = new JsonArray();
    warnings.forEach(problem -> warningList.add(problem.toJson()));
    return new JsonObject()
        .put("valid", valid())
        .put("errors", errorList)
        .put("warnings", warningList);
  }
}
