package io.antbot.security.token;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The JWT keys in use, oldest first: the newest signs new tokens; every key still in the ring
 * verifies.
 *
 * <p>Rotation adds a new key and marks the previous newest as retired; a retired key stays until
 * every token it signed has expired ({@link #prune}), so rotation never logs anyone out. Immutable:
 * changes return a new ring. The JSON form ({@link #toJson}) contains private keys and belongs in
 * an owner-only file.
 */
public final class JwtKeyRing {

  private final List<JwtKey> keys;
  private final Map<String, JwtKey> byKid;

  public JwtKeyRing(List<JwtKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a JWT key ring needs at least one key");
    }
    this.keys = List.copyOf(keys);
    this.byKid =
        keys.stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    JwtKey::kid,
                    Function.identity(),
                    (a, b) -> {
                      throw new IllegalArgumentException(
                          "two JWT keys share the key id " + a.kid());
                    }));
  }

  public List<JwtKey> keys() {
    return keys;
  }

  /** The key that signs new tokens. */
  public JwtKey signingKey() {
    return keys.get(keys.size() - 1);
  }

  /** The key with id {@code kid}, or {@code null}. */
  public JwtKey byKid(String kid) {
    return byKid.get(kid);
  }

  /** A ring where {@code fresh} signs and the current signing key is retired at {@code now}. */
  public JwtKeyRing rotate(JwtKey fresh, Instant now) {
    List<JwtKey> next = new ArrayList<>();
    for (JwtKey key : keys) {
      next.add(key.retiredAt() == null ? key.retire(now) : key);
    }
    next.add(fresh);
    return new JwtKeyRing(next);
  }

  /**
   * The ring without keys retired more than {@code tokenLifetime} before {@code now} (no token they
   * signed can still be valid); the signing key always stays.
   */
  public JwtKeyRing prune(Instant now, Duration tokenLifetime) {
    List<JwtKey> kept =
        keys.stream()
            .filter(
                key -> key.retiredAt() == null || key.retiredAt().plus(tokenLifetime).isAfter(now))
            .toList();
    return kept.size() == keys.size() ? this : new JwtKeyRing(kept);
  }

  /** Whether the signing key is older than {@code maxAge} (zero or negative: never). */
  public boolean signingKeyOlderThan(Duration maxAge, Instant now) {
    Instant created = signingKey().createdAt();
    return !maxAge.isZero()
        && !maxAge.isNegative()
        && created != null
        && created.plus(maxAge).isBefore(now);
  }

  /** The JSON Web Key Set of the public keys (HMAC keys have none and are never listed). */
  public JsonObject jwks() {
    JsonArray list = new JsonArray();
    for (JwtKey key : keys) {
      JsonObject pub = key.publicJwk();
      if (pub != null) {
        list.add(pub);
      }
    }
    return new JsonObject().put("keys", list);
  }

  public JsonObject toJson() {
    return new JsonObject().put("keys", new JsonArray(keys.stream().map(JwtKey::toJson).toList()));
  }

  public static JwtKeyRing fromJson(JsonObject json) {
    JsonArray list = json.getJsonArray("keys");
    if (list == null || list.isEmpty()) {
      throw new IllegalArgumentException("no keys in the JWT key file");
    }
    List<JwtKey> keys = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JwtKey key = JwtKey.fromJson(list.getJsonObject(i));
      if (!JwtAlgorithms.SUPPORTED.contains(key.alg()) || key.kid() == null || key.jwk() == null) {
        throw new IllegalArgumentException(
            "JWT key file: keys[" + i + "] is incomplete or has an unsupported algorithm");
      }
      keys.add(key);
    }
    return new JwtKeyRing(keys);
  }
}
