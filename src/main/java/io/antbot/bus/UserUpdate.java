package io.antbot.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * {@code antbot.security.users.update}: {@code {username, password?, roles?, enabled?, actor?}} →
 * {@code {user}}.
 */
public record UserUpdate(
    String username, String password, List<String> roles, Boolean enabled, String actor) {
  private static final Set<String> FIELDS =
      Set.of("username", "password", "roles", "enabled", "actor");

  public static UserUpdate fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    String password =
        json.containsKey("password") ? SecurityFields.requirePassword(json, "password") : null;
    Boolean enabled =
        json.containsKey("enabled") ? JsonFields.optionalBoolean(json, "enabled", true) : null;
    UserUpdate update =
        new UserUpdate(
            SecurityFields.userNameField(json, "username"),
            password,
            SecurityFields.optionalStrings(json, "roles"),
            enabled,
            SecurityFields.actorField(json));
    if (password == null && update.roles() == null && enabled == null) {
      throw BusException.badRequest("password, roles, enabled: give at least one to change");
    }
    return update;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("username", username);
    if (password != null) {
      json.put("password", password);
    }
    if (roles != null) {
      json.put("roles", new JsonArray(roles));
    }
    if (enabled != null) {
      json.put("enabled", enabled);
    }
    if (actor != null) {
      json.put("actor", actor);
    }
    return json;
  }

  @Override
  public String toString() {
    return "UserUpdate[" + username + "]";
  }
}
