package io.antbot.bus;

import io.vertx.core.json.JsonObject;

/** Reply of login and refresh: {@code {access_token, refresh_token, token_type, expires_in}}. */
public record TokenPair(String accessToken, String refreshToken, long expiresIn) {
  public static TokenPair fromJson(JsonObject json) {
    return new TokenPair(
        JsonFields.requireString(json, "access_token"),
        JsonFields.requireString(json, "refresh_token"),
        JsonFields.requireLong(json, "expires_in"));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("access_token", accessToken)
        .put("refresh_token", refreshToken)
        .put("token_type", "Bearer")
        .put("expires_in", expiresIn);
  }

  @Override
  public String toString() {
    return "TokenPair[expires_in=" + expiresIn + "]";
  }
}
