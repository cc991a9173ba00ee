package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.security.token.revoke}: {@code {token | jti, actor?}} — an access token (revokes it
 * and its session), a refresh token (revokes its session), or a bare access-token id.
 */
public record TokenRevoke(String token, String jti, String actor) {
  private static final Set<String> FIELDS = Set.of("token", "jti", "actor");

  public static TokenRevoke fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    String token = JsonFields.optionalString(json, "token", null, SecurityFields.MAX_TOKEN_CHARS);
    String jti =
        JsonFields.optionalMatching(
            json, "jti", JsonFields.TOKEN_ID, "a token id (base64url, at most 64)");
    if ((token == null || token.isBlank()) == (jti == null || jti.isBlank())) {
      throw BusException.badRequest("token, jti: give exactly one of them");
    }
    if (token != null) {
      token = SecurityFields.withoutScheme(token);
      if (!SecurityFields.JWT_COMPACT.matcher(token).matches()
          && !SecurityFields.REFRESH_TOKEN.matcher(token).matches()) {
        throw BusException.badRequest(
            "token: expected an access token (a JWT, header.payload.signature in base64url) "
                + "or a refresh token (<id>.<secret>), got "
                + JsonFields.describe(token));
      }
    }
    return new TokenRevoke(token, jti, SecurityFields.actorField(json));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (token != null) {
      json.put("token", token);
    }
    if (jti != null) {
      json.put("jti", jti);
    }
    if (actor != null) {
      json.put("actor", actor);
    }
    return json;
  }

  @Override
  public String toString() {
    return "TokenRevoke[jti=" + jti + "]";
  }
}
