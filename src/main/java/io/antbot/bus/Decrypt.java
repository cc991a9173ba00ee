package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** {@code antbot.security.decrypt}: {@code {token, ttl_s?}} → {@code {data_b64}}. */
public record Decrypt(String token, Long ttlS) {
  private static final Set<String> FIELDS = Set.of("token", "ttl_s");

  public static Decrypt fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    Long ttl = JsonFields.optionalLong(json, "ttl_s");
    if (ttl != null && ttl < 0) {
      throw BusException.badRequest("ttl_s: expected zero or more seconds, got " + ttl);
    }
    return new Decrypt(
        JsonFields.requireString(json, "token", SecurityFields.MAX_CIPHERTEXT_CHARS), ttl);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("token", token);
    if (ttlS != null) {
      json.put("ttl_s", ttlS);
    }
    return json;
  }
}
