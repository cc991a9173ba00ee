package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** {@code antbot.security.token.refresh}: {@code {refresh_token, source_ip?}}. */
public record TokenRefresh(String refreshToken, String sourceIp) {
  private static final Set<String> FIELDS = Set.of("refresh_token", "source_ip");

  public static TokenRefresh fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    return new TokenRefresh(
        SecurityFields.refreshTokenField(json, "refresh_token"),
        SecurityFields.sourceIpField(json, false));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("refresh_token", refreshToken);
    if (sourceIp != null) {
      json.put("source_ip", sourceIp);
    }
    return json;
  }

  @Override
  public String toString() {
    return "TokenRefresh[...]";
  }
}
