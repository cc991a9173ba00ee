package io.antbot.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The caller of an API request, as the security service authenticated it.
 *
 * @param source the security service's principal
 */
public record Principal(io.antbot.bus.Principal source) {

  /** The caller as the security service's edge gate authenticated it. */
  public static Principal of(io.antbot.bus.Principal principal) {
    return new Principal(principal);
  }

  /** The user name (the token's {@code sub}). */
  public String user() {
    return source.user();
  }

  /**
   * {@code {user, roles, permissions, expires_at}}: the user's roles, the permissions those roles
   * grant, and when the caller's access token expires as an ISO-8601 instant.
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("user", source.user())
        .put("roles", new JsonArray(source.roles()))
        .put("permissions", new JsonArray(source.permissions()))
        .put("expires_at", Instant.ofEpochSecond(source.expiresAt()).toString());
  }
}
