package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Set;

/**
 * {@code antbot.security.encrypt} and {@code .rsa.encrypt}: {@code {data_b64}} (standard
 * SecurityFields.base64, padded).
 */
public record Encrypt(byte[] data) {
  private static final Set<String> FIELDS = Set.of("data_b64");

  public static Encrypt fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    return new Encrypt(SecurityFields.base64(json, "data_b64"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("data_b64", Base64.getEncoder().encodeToString(data));
  }

  @Override
  public String toString() {
    return "Encrypt[" + data.length + " bytes]";
  }
}
