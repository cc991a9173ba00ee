package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.security.reencrypt}: {@code {token}} → {@code {token}} under the newest Fernet key.
 */
public record Reencrypt(String token) {
  private static final Set<String> FIELDS = Set.of("token");

  public static Reencrypt fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    return new Reencrypt(
        JsonFields.requireString(json, "token", SecurityFields.MAX_CIPHERTEXT_CHARS));
  }

  public JsonObject toJson() {
    return new JsonObject().put("token", token);
  }
}
