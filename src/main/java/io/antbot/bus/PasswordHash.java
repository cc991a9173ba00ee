package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** {@code antbot.security.password.hash}: {@code {password}} → {@code {hash}}. */
public record PasswordHash(String password) {
  private static final Set<String> FIELDS = Set.of("password");

  public static PasswordHash fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    return new PasswordHash(SecurityFields.requirePassword(json, "password"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("password", password);
  }

  @Override
  public String toString() {
    return "PasswordHash[...]";
  }
}
