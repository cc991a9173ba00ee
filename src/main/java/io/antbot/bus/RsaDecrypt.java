package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.security.rsa.decrypt}: {@code {envelope}} (base64url, as {@code rsa.encrypt}
 * returns it).
 */
public record RsaDecrypt(String envelope) {
  private static final Set<String> FIELDS = Set.of("envelope");

  public static RsaDecrypt fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    return new RsaDecrypt(
        JsonFields.requireString(json, "envelope", SecurityFields.MAX_CIPHERTEXT_CHARS));
  }

  public JsonObject toJson() {
    return new JsonObject().put("envelope", envelope);
  }
}
