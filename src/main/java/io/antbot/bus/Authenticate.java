package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** {@code antbot.security.authenticate}: {@code {source_ip, token, user_agent?}}. */
public record Authenticate(String sourceIp, String token, String userAgent) {
  private static final Set<String> FIELDS = Set.of("source_ip", "token", "user_agent");

  public static Authenticate fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    return new Authenticate(
        SecurityFields.sourceIpField(json, true),
        SecurityFields.withoutScheme(
            JsonFields.requireString(
                json, "token", SecurityFields.MAX_TOKEN_CHARS + SecurityFields.BEARER.length())),
        JsonFields.optionalString(json, "user_agent", null, SecurityFields.MAX_USER_AGENT_CHARS));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("source_ip", sourceIp).put("token", token);
    if (userAgent != null) {
      json.put("user_agent", userAgent);
    }
    return json;
  }

  @Override
  public String toString() {
    return "Authenticate[from " + sourceIp + "]";
  }
}
