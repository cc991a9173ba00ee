package io.antbot.security.token;

import io.antbot.security.crypto.StrictBase64;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.impl.jose.JWK;
import io.vertx.ext.auth.impl.jose.JWS;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checks a token passes before any signature library sees it.
 *
 * <p>In order: size, compact form (exactly three parts, each canonical base64url), a JSON object
 * header, an algorithm on the allow-list ({@code none} never is), no critical or embedded-key
 * parameters, a key id that names a key of the ring, a key made for exactly that algorithm (this
 * stops HS/RS key confusion: an RSA public key is never used as an HMAC secret), and a signature of
 * exactly the length that key produces (this stops the short or padded ECDSA signatures
 * vertx-auth-jwt 5.0.10 would accept). Each refusal names its reason.
 *
 * <p>All tokens signed by one key share one header text, so a header that passed is remembered by
 * its exact text (a few dozen at most) and not parsed again. An instance is bound to one key ring
 * and one allow-list; make a new one when either changes. Thread-safe.
 */
public final class JwsPrecheck {

  private static final Set<String> FORBIDDEN_HEADERS = Set.of("jwk", "jku", "x5u", "x5c");
  private static final int HEADER_CACHE_LIMIT = 64;

  private final KeyLookup keys;
  private final Set<String> allowed;
  private final int maxBytes;
  private final Map<String, CheckedHeader> checkedHeaders = new ConcurrentHashMap<>();

  /** Finds a verification key by id. */
  @FunctionalInterface
  public interface KeyLookup {
    JwtKey byKid(String kid);
  }

  private record CheckedHeader(JsonObject header, JwtKey key, int signatureBytes) {}

  /**
   * A token that passed the checks.
   *
   * @param header the decoded header
   * @param key the ring's key named by {@code kid}
   * @param signingInput {@code header.payload} as sent, the bytes the signature covers
   * @param payloadSegment the payload part, still encoded
   * @param signatureSegment the signature part, still encoded
   */
  public record Inspected(
      JsonObject header,
      JwtKey key,
      String signingInput,
      String payloadSegment,
      String signatureSegment) {

    /** The decoded payload as a JSON object. */
    public JsonObject claims() throws TokenRejectedException {
      byte[] payload = StrictBase64.decodeUrlUnpadded(payloadSegment);
      try {
        return new JsonObject(new String(payload, StandardCharsets.UTF_8));
      } catch (DecodeException | ClassCastException e) {
        throw new TokenRejectedException("the payload is not a JSON object");
      }
    }

    /**
     * Verifies the signature with vertx-auth's JWS primitives (for callers that do not need claim
     * checks).
     */
    public void verifySignature() throws TokenRejectedException {
      boolean valid;
      try {
        byte[] signature = StrictBase64.decodeUrlUnpadded(signatureSegment);
        valid =
            new JWS(new JWK(key.verificationJwk()))
                .verify(signature, signingInput.getBytes(StandardCharsets.US_ASCII));
      } catch (RuntimeException e) {
        valid = false;
      }
      if (!valid) {
        throw new TokenRejectedException("bad signature");
      }
    }
  }

  /**
   * @param allowed the algorithm allow-list
   * @param maxBytes the largest token accepted
   */
  public JwsPrecheck(KeyLookup keys, Set<String> allowed, int maxBytes) {
    this.keys = keys;
    this.allowed = Set.copyOf(allowed);
    this.maxBytes = maxBytes;
  }

  /** One-off check with a fresh instance. */
  public static Inspected inspect(String token, KeyLookup keys, Set<String> allowed, int maxBytes)
      throws TokenRejectedException {
    return new JwsPrecheck(keys, allowed, maxBytes).inspect(token);
  }

  /** Runs every check on {@code token}. */
  public Inspected inspect(String token) throws TokenRejectedException {
    if (token == null || token.isEmpty()) {
      throw new TokenRejectedException("no token");
    }
    if (token.length() > maxBytes) {
      throw new TokenRejectedException(
          "token too large (" + token.length() + " bytes, limit " + maxBytes + ")");
    }
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
      throw new TokenRejectedException("not a compact JWS (expected header.payload.signature)");
    }
    String headerSegment = token.substring(0, first);
    String payloadSegment = token.substring(first + 1, second);
    String signatureSegment = token.substring(second + 1);
    CheckedHeader checked = checkedHeaders.get(headerSegment);
    if (checked == null) {
      checked = checkHeader(headerSegment);
      if (checkedHeaders.size() >= HEADER_CACHE_LIMIT) {
        checkedHeaders.clear();
      }
      checkedHeaders.put(headerSegment, checked);
    }
    if (StrictBase64.decodedLengthUrlUnpadded(payloadSegment) < 0) {
      throw new TokenRejectedException("the payload is not canonical base64url");
    }
    if (signatureSegment.isEmpty()) {
      throw new TokenRejectedException("no signature");
    }
    int signatureBytes = StrictBase64.decodedLengthUrlUnpadded(signatureSegment);
    if (signatureBytes < 0) {
      throw new TokenRejectedException("the signature is not canonical base64url");
    }
    JwtKey key = checked.key();
    int expected = checked.signatureBytes();
    if (signatureBytes != expected) {
      throw new TokenRejectedException(
          "signature is "
              + signatureBytes
              + " bytes, "
              + key.alg()
              + " with key "
              + describe(key.kid())
              + " makes "
              + expected);
    }
    return new Inspected(
        checked.header(), key, token.substring(0, second), payloadSegment, signatureSegment);
  }

  private CheckedHeader checkHeader(String headerSegment) throws TokenRejectedException {
    byte[] headerBytes = StrictBase64.decodeUrlUnpadded(headerSegment);
    if (headerBytes == null || headerBytes.length == 0) {
      throw new TokenRejectedException("the header is not canonical base64url");
    }
    JsonObject header;
    try {
      header = new JsonObject(new String(headerBytes, StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw new TokenRejectedException("the header is not a JSON object");
    }
    if (!(header.getValue("alg") instanceof String alg)) {
      throw new TokenRejectedException("no algorithm (alg) in the header");
    }
    if ("none".equals(alg.toLowerCase(Locale.ROOT))) {
      throw new TokenRejectedException("algorithm none is not accepted");
    }
    if (!allowed.contains(alg)) {
      throw new TokenRejectedException(
          "algorithm "
              + describe(alg)
              + " is not allowed (allowed: "
              + String.join(", ", allowed.stream().sorted().toList())
              + ")");
    }
    if (header.containsKey("crit")) {
      throw new TokenRejectedException("critical header parameters (crit) are not supported");
    }
    for (String name : FORBIDDEN_HEADERS) {
      if (header.containsKey(name)) {
        throw new TokenRejectedException(
            "keys carried in the token (" + name + ") are not accepted");
      }
    }
    if (!(header.getValue("kid") instanceof String kid) || kid.isEmpty()) {
      throw new TokenRejectedException("no key id (kid) in the header");
    }
    JwtKey key = keys.byKid(kid);
    if (key == null) {
      throw new TokenRejectedException("unknown key id " + describe(kid));
    }
    if (!key.alg().equals(alg)) {
      throw new TokenRejectedException(
          "algorithm " + alg + " does not match key " + describe(kid) + " (" + key.alg() + ")");
    }
    return new CheckedHeader(header, key, key.signatureBytes());
  }

  /** A value from the token, cut and quoted, for a reason text. */
  private static String describe(String value) {
    String cut = value.length() > 40 ? value.substring(0, 37) + "..." : value;
    return "\"" + cut.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
  }
}
