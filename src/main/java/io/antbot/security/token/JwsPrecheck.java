package io.antbot.security.token;

import io.antbot.security.crypto.StrictBase64;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.impl.jose.JWK;
import io.vertx.ext.auth.impl.jose.JWS;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
 * its exact text (a few dozen at most), with the vertx-auth {@link JWS} verifier of its key, and
 * neither is made again. An instance is bound to one key ring and one allow-list; make a new one
 * when either changes. Thread-safe: vertx-auth's {@link JWS} guards its {@code Mac} and {@code
 * Signature}.
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

  /**
   * A header that passed, with its key's verifier ({@code null} when vertx-auth cannot load the
   * key: every signature is then refused).
   */
  private record CheckedHeader(JsonObject header, JwtKey key, int signatureBytes, JWS verifier) {}

  /**
   * A token that passed the checks.
   *
   * @param header the decoded header
   * @param key the ring's key named by {@code kid}
   * @param token the whole token
   * @param payloadEnd where the payload part ends in {@code token} (the second dot): the signature
   *     covers {@code token} up to there
   */
  public record Inspected(
      JsonObject header, JwtKey key, String token, int payloadEnd, JWS verifier) {

    /**
     * The decoded payload as a JSON object. The inspection found the payload part canonical, so the
     * JDK decoder reads it as is.
     */
    public JsonObject claims() throws TokenRejectedException {
      int payloadStart = token.indexOf('.') + 1;
      byte[] payload =
          Base64.getUrlDecoder()
              .decode(
                  token.substring(payloadStart, payloadEnd).getBytes(StandardCharsets.US_ASCII));
      try {
        return new JsonObject(Buffer.buffer(payload));
      } catch (DecodeException | ClassCastException e) {
        throw new TokenRejectedException("the payload is not a JSON object");
      }
    }

    /** Verifies the signature with the key's vertx-auth {@link JWS}. */
    public void verifySignature() throws TokenRejectedException {
      boolean valid;
      try {
        byte[] signature =
            Base64.getUrlDecoder()
                .decode(token.substring(payloadEnd + 1).getBytes(StandardCharsets.US_ASCII));
        valid =
            verifier != null
                && verifier.verify(
                    signature, token.substring(0, payloadEnd).getBytes(StandardCharsets.US_ASCII));
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
    CheckedHeader checked = checkedHeaders.get(headerSegment);
    if (checked == null) {
      checked = checkHeader(headerSegment);
      if (checkedHeaders.size() >= HEADER_CACHE_LIMIT) {
        checkedHeaders.clear();
      }
      checkedHeaders.put(headerSegment, checked);
    }
    if (StrictBase64.decodedLengthUrlUnpadded(token, first + 1, second) < 0) {
      throw new TokenRejectedException("the payload is not canonical base64url");
    }
    if (second + 1 == token.length()) {
      throw new TokenRejectedException("no signature");
    }
    int signatureBytes = StrictBase64.decodedLengthUrlUnpadded(token, second + 1, token.length());
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
    return new Inspected(checked.header(), key, token, second, checked.verifier());
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
    return new CheckedHeader(header, key, key.signatureBytes(), verifier(key));
  }

  private static JWS verifier(JwtKey key) {
    try {
      return new JWS(new JWK(key.verificationJwk()));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** A value from the token, cut and quoted, for a reason text. */
  private static String describe(String value) {
    String cut = value.length() > 40 ? value.substring(0, 37) + "..." : value;
    return "\"" + cut.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
  }
}
