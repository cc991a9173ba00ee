package io.antbot.security.user;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * A user account.
 *
 * @param username the login name
 * @param passwordHash the bcrypt hash (never shown outside the store)
 * @param roles role names from {@code security.roles}
 * @param enabled a disabled user can neither log in nor use tokens issued before
 * @param createdAt when the account was made
 * @param updatedAt when it last changed
 * @param unlockedAt when the command line last asked a running runtime to lift this user's login
 *     locks ({@code user unlock}); {@code null} when it never did
 */
public record User(
    String username,
    String passwordHash,
    List<String> roles,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt,
    Instant unlockedAt) {

  public User {
    roles = List.copyOf(roles);
  }

  /** An account the command line never unlocked. */
  public User(
      String username,
      String passwordHash,
      List<String> roles,
      boolean enabled,
      Instant createdAt,
      Instant updatedAt) {
    this(username, passwordHash, roles, enabled, createdAt, updatedAt, null);
  }

  /** The stored form, hash included. */
  public JsonObject toStoredJson() {
    JsonObject json =
        new JsonObject()
            .put("username", username)
            .put("password_hash", passwordHash)
            .put("roles", new JsonArray(roles))
            .put("enabled", enabled)
            .put("created_at", createdAt.toString())
            .put("updated_at", updatedAt.toString());
    return unlockedAt == null ? json : json.put("unlocked_at", unlockedAt.toString());
  }

  /** The form shown to callers: no hash. */
  public JsonObject toPublicJson() {
    return new JsonObject()
        .put("username", username)
        .put("roles", new JsonArray(roles))
        .put("enabled", enabled)
        .put("created_at", createdAt.toString())
        .put("updated_at", updatedAt.toString());
  }

  public static User fromStoredJson(JsonObject json) {
    return new User(
        json.getString("username"),
        json.getString("password_hash"),
        json.getJsonArray("roles", new JsonArray()).stream().map(String::valueOf).toList(),
        json.getBoolean("enabled", true),
        Instant.parse(json.getString("created_at")),
        Instant.parse(json.getString("updated_at")),
        json.getString("unlocked_at") == null
            ? null
            : Instant.parse(json.getString("unlocked_at")));
  }

  public User withPassword(String hash, Instant at) {
    return new User(username, hash, roles, enabled, createdAt, at, unlockedAt);
  }

  public User withRoles(List<String> newRoles, Instant at) {
    return new User(username, passwordHash, newRoles, enabled, createdAt, at, unlockedAt);
  }

  public User withEnabled(boolean flag, Instant at) {
    return new User(username, passwordHash, roles, flag, createdAt, at, unlockedAt);
  }

  /**
   * The account with an unlock request of {@code at} (the account itself is unchanged: no new
   * updated_at).
   */
  public User withUnlockRequest(Instant at) {
    return new User(username, passwordHash, roles, enabled, createdAt, updatedAt, at);
  }

  @Override
  public String toString() {
    return "User[" + username + ", roles=" + roles + ", enabled=" + enabled + "]";
  }
}
