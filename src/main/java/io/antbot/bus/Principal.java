package io.antbot.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Reply of authenticate: {@code {user, roles, permissions, jti, expires_at}} ({@code expires_at} in
 * epoch seconds).
 */
public record Principal(
    String user, List<String> roles, List<String> permissions, String jti, long expiresAt) {
  public Principal {
    roles = List.copyOf(roles);
    permissions = List.copyOf(permissions);
  }

  public static Principal fromJson(JsonObject json) {
    return new Principal(
        JsonFields.requireString(json, "user"),
        SecurityFields.strings(json, "roles"),
        SecurityFields.strings(json, "permissions"),
        JsonFields.requireString(json, "jti"),
        JsonFields.requireLong(json, "expires_at"));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("user", user)
        .put("roles", new JsonArray(roles))
        .put("permissions", new JsonArray(permissions))
        .put("jti", jti)
        .put("expires_at", expiresAt);
  }
}
