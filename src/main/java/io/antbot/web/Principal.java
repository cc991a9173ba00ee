package io.antbot.web;

import io.antbot.bus.SecurityMessages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The caller of an API request, as the security service authenticated it.
 *
 * @param user        the user name (the token's {@code sub})
 * @param roles       the user's roles
 * @param permissions the permissions those roles grant
 * @param expiresAt   when the caller's access token expires, epoch seconds
 */
public record Principal(String user, JsonArray roles, JsonArray permissions, long expiresAt) {

  /** The caller as the security service's edge gate authenticated it. */
  public static Principal of(SecurityMessages.Principal principal) {
    return new Principal(principal.user(), new JsonArray(principal.roles()), new JsonArray(principal.permissions()),
      principal.expiresAt());
  }

  /** {@code {user, roles, permissions, expires_at}} with the expiry as an ISO-8601 instant. */
  public JsonObject toJson() {
    return new JsonObject().put("user", user).put("roles", roles).put("permissions", permissions)
      .put("expires_at", Instant.ofEpochSecond(expiresAt).toString());
  }
}
