package io.antbot.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * {@code antbot.security.users.add}: {@code {username, password, roles, enabled?, actor?}} → {@code
 * {user}}.
 */
public record UserAdd(
    String username, String password, List<String> roles, boolean enabled, String actor) {
  private static final Set<String> FIELDS =
      Set.of("username", "password", "roles", "enabled", "actor");

  public static UserAdd fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    List<String> roles = SecurityFields.optionalStrings(json, "roles");
    if (roles == null) {
      throw JsonFields.missing("roles");
    }
    return new UserAdd(
        SecurityFields.userNameField(json, "username"),
        SecurityFields.requirePassword(json, "password"),
        roles,
        JsonFields.optionalBoolean(json, "enabled", true),
        SecurityFields.actorField(json));
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("username", username)
            .put("password", password)
            .put("roles", new JsonArray(roles))
            .put("enabled", enabled);
    if (actor != null) {
      json.put("actor", actor);
    }
    return json;
  }

  @Override
  public String toString() {
    return "UserAdd[" + username + ", roles=" + roles + "]";
  }
}
