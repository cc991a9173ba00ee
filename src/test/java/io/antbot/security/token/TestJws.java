package io.antbot.security.token;

import io.antbot.security.crypto.StrictBase64;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.impl.jose.JWK;
import io.vertx.ext.auth.impl.jose.JWS;
import java.nio.charset.StandardCharsets;

/** Builds tokens the way an attacker or a foreign issuer would: any header, any claims, any key. */
public final class TestJws {

  private TestJws() {}

  public static String encode(JsonObject json) {
    return StrictBase64.encodeUrlUnpadded(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** Signs {@code header.claims} with {@code key}'s private JWK (vertx-auth's JWS primitives). */
  public static String sign(JsonObject header, JsonObject claims, JwtKey key) {
    String input = encode(header) + "." + encode(claims);
    byte[] signature = new JWS(new JWK(key.jwk())).sign(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + StrictBase64.encodeUrlUnpadded(signature);
  }

  /** An HS256 token MACed with arbitrary secret bytes. */
  public static String hs256(JsonObject header, JsonObject claims, byte[] secret) throws Exception {
    String input = encode(header) + "." + encode(claims);
    byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
    byte[] mac =
        io.antbot.security.crypto.SymmetricCiphers.hmacSha256(secret, bytes, 0, bytes.length);
    return input + "." + StrictBase64.encodeUrlUnpadded(mac);
  }

  /** Claims our service would accept, valid for {@code ttlS} seconds from now. */
  public static JsonObject claims(String issuer, String audience, long ttlS) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject()
        .put("iss", issuer)
        .put("aud", audience)
        .put("sub", "alice")
        .put("iat", now)
        .put("exp", now + ttlS)
        .put("jti", "jti-" + System.nanoTime())
        .put("roles", new io.vertx.core.json.JsonArray().add("viewer"))
        .put("permissions", new io.vertx.core.json.JsonArray().add("*:read"));
  }
}
