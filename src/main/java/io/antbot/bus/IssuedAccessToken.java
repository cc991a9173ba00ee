package io.antbot.bus;

import io.vertx.core.json.JsonObject;

/** Reply of token.issue: {@code {access_token, token_type, expires_in, jti}}. */
public record IssuedAccessToken(String accessToken, long expiresIn, String jti) {
  public static IssuedAccessToken fromJson(JsonObject json) {
    return new IssuedAccessToken(
        JsonFields.requireString(json, "access_token"),
        JsonFields.requireLong(json, "expires_in"),
        JsonFields.requireString(json, "jti"));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("access_token", accessToken)
        .put("token_type", "Bearer")
        .put("expires_in", expiresIn)
        .put("jti", jti);
  }

  @Override
  public String toString() {
    return "IssuedAccessToken[jti=" + jti + "]";
  }
}
