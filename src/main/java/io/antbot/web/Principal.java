package io.antbot.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The caller of an API request, as the security service authenticated it.
 *
 * @param user        the user name (the token's {@code sub})
 * @param roles       the user's roles
 * @param permissions the permissions those roles grant
 */
public record Principal(String user, JsonArray roles, JsonArray permissions) {

  public static Principal fromJson(JsonObject json) {
    return new Principal(json.getString("user"), json.getJsonArray("roles", new JsonArray()),
      json.getJsonArray("permissions", new JsonArray()));
  }

  public JsonObject toJson() {
    return new JsonObject().put("user", user).put("roles", roles).put("permissions", permissions);
  }
}
