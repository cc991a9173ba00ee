package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.metrics.alert.remove}: {@code {name}} → {@code {removed: name}}, 404 when no rule
 * has that name, 400 when the name could not be a rule's.
 */
public record AlertRemove(String name) {

  private static final Set<String> FIELDS = Set.of("name");

  public static AlertRemove fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    return new AlertRemove(AlertRuleSpec.requireName(json));
  }

  public JsonObject toJson() {
    return new JsonObject().put("name", name);
  }
}
