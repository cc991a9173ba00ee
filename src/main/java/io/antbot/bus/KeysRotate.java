package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.security.keys.rotate}: {@code {kind: jwt | fernet, actor?}} → {@code {kind,
 * key_id}}.
 */
public record KeysRotate(String kind, String actor) {
  private static final Set<String> FIELDS = Set.of("kind", "actor");
  public static final Set<String> KINDS = Set.of("jwt", "fernet");

  public static KeysRotate fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    String kind = JsonFields.requireString(json, "kind");
    if (!KINDS.contains(kind)) {
      throw BusException.badRequest(
          "kind: expected jwt or fernet, got " + JsonFields.describe(kind));
    }
    return new KeysRotate(kind, SecurityFields.actorField(json));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("kind", kind);
    if (actor != null) {
      json.put("actor", actor);
    }
    return json;
  }
}
