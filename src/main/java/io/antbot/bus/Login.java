package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** {@code antbot.security.login}: {@code {username, password, source_ip}}. */
public record Login(String username, String password, String sourceIp) {
  private static final Set<String> FIELDS = Set.of("username", "password", "source_ip");

  public static Login fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    return new Login(
        SecurityFields.userNameField(json, "username"),
        SecurityFields.requirePassword(json, "password"),
        SecurityFields.sourceIpField(json, true));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("username", username)
        .put("password", password)
        .put("source_ip", sourceIp);
  }

  @Override
  public String toString() {
    return "Login[" + username + " from " + sourceIp + "]";
  }
}
