package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** {@code antbot.security.password.verify}: {@code {password, hash}} → {@code {valid}}. */
public record PasswordVerify(String password, String hash) {
  private static final Set<String> FIELDS = Set.of("password", "hash");

  public static PasswordVerify fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    return new PasswordVerify(
        SecurityFields.requirePassword(json, "password"),
        JsonFields.requireString(json, "hash", 128));
  }

  public JsonObject toJson() {
    return new JsonObject().put("password", password).put("hash", hash);
  }

  @Override
  public String toString() {
    return "PasswordVerify[...]";
  }
}
