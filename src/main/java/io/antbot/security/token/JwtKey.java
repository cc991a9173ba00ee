package io.antbot.security.token;

import io.antbot.security.crypto.StrictBase64;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * A JWT signing or verification key as a JSON Web Key (RFC 7517), with the times the ring needs for
 * rotation.
 *
 * @param kid the key id written in token headers
 * @param alg the one algorithm this key is used with
 * @param jwk the full JWK: private parts included for a signing key (a secret), public only
 *     otherwise
 * @param createdAt when the key was made
 * @param retiredAt when a newer key replaced it for signing, or {@code null} while it is the newest
 */
public record JwtKey(String kid, String alg, JsonObject jwk, Instant createdAt, Instant retiredAt) {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<String> PRIVATE_MEMBERS =
      Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

  /**
   * A new key for {@code alg}; RSA keys get {@code rsaBits} bits. Slow for RSA: call from a worker.
   */
  public static JwtKey generate(String alg, int rsaBits, Instant now) {
    if (!JwtAlgorithms.SUPPORTED.contains(alg)) {
      throw new IllegalArgumentException("unsupported JWT algorithm " + alg);
    }
    byte[] id = new byte[8];
    RANDOM.nextBytes(id);
    String kid = HexFormat.of().formatHex(id);
    JsonObject jwk =
        new JsonObject()
            .put("kty", JwtAlgorithms.keyType(alg))
            .put("kid", kid)
            .put("alg", alg)
            .put("use", "sig");
    try {
      if (JwtAlgorithms.isHmac(alg)) {
        byte[] secret = new byte[JwtAlgorithms.hmacKeyBytes(alg)];
        RANDOM.nextBytes(secret);
        jwk.put("k", StrictBase64.encodeUrlUnpadded(secret));
      } else if (JwtAlgorithms.isRsa(alg)) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(new RSAKeyGenParameterSpec(rsaBits, RSAKeyGenParameterSpec.F4));
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        jwk.put("n", unsigned(key.getModulus()))
            .put("e", unsigned(key.getPublicExponent()))
            .put("d", unsigned(key.getPrivateExponent()))
            .put("p", unsigned(key.getPrimeP()))
            .put("q", unsigned(key.getPrimeQ()))
            .put("dp", unsigned(key.getPrimeExponentP()))
            .put("dq", unsigned(key.getPrimeExponentQ()))
            .put("qi", unsigned(key.getCrtCoefficient()));
      } else if (JwtAlgorithms.isEc(alg)) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        String curve = JwtAlgorithms.curve(alg);
        generator.initialize(new ECGenParameterSpec("secp" + curve.substring(2) + "r1"));
        KeyPair pair = generator.generateKeyPair();
        int size = JwtAlgorithms.ecCoordinateBytes(alg);
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        jwk.put("crv", curve)
            .put("x", fixed(pub.getW().getAffineX(), size))
            .put("y", fixed(pub.getW().getAffineY(), size))
            .put("d", fixed(((ECPrivateKey) pair.getPrivate()).getS(), size));
      } else {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] pub = pair.getPublic().getEncoded();
        byte[] priv = pair.getPrivate().getEncoded();
        // X.509 and PKCS#8 encodings of an Ed25519 key end with the raw 32-byte key (RFC 8410).
        jwk.put("crv", "Ed25519")
            .put(
                "x",
                StrictBase64.encodeUrlUnpadded(
                    Arrays.copyOfRange(pub, pub.length - 32, pub.length)))
            .put(
                "d",
                StrictBase64.encodeUrlUnpadded(
                    Arrays.copyOfRange(priv, priv.length - 32, priv.length)));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + alg + " key in this JVM", e);
    }
    return new JwtKey(kid, alg, jwk, now, null);
  }

  /**
   * A verification key from a JWK published by someone else (or a test vector). It must name its
   * algorithm, be meant for signatures ({@code use} absent or {@code sig}; {@code key_ops} absent
   * or containing {@code verify}) and have the key type the algorithm needs.
   *
   * @param kid the key id to use when the JWK has none
   */
  public static JwtKey fromJwk(JsonObject jwk, String kid) {
    String alg = jwk.getString("alg");
    if (alg == null || !JwtAlgorithms.SUPPORTED.contains(alg)) {
      throw new IllegalArgumentException("JWK: unsupported or missing algorithm " + alg);
    }
    String use = jwk.getString("use");
    if (use != null && !"sig".equals(use)) {
      throw new IllegalArgumentException("JWK: key is for use \"" + use + "\", not signatures");
    }
    JsonArray ops = jwk.getJsonArray("key_ops");
    if (ops != null && !ops.contains("verify")) {
      throw new IllegalArgumentException("JWK: key_ops does not allow verify");
    }
    if (!JwtAlgorithms.keyType(alg).equals(jwk.getString("kty"))) {
      throw new IllegalArgumentException(
          "JWK: key type " + jwk.getString("kty") + " cannot be used with " + alg);
    }
    if (JwtAlgorithms.isEc(alg) && !JwtAlgorithms.curve(alg).equals(jwk.getString("crv"))) {
      throw new IllegalArgumentException(
          "JWK: curve " + jwk.getString("crv") + " cannot be used with " + alg);
    }
    String id = jwk.getString("kid", kid);
    return new JwtKey(id, alg, jwk.copy().put("kid", id), null, null);
  }

  /**
   * The JWK without private members, for a JWKS; {@code null} for HMAC keys, which have no public
   * part.
   */
  public JsonObject publicJwk() {
    if (JwtAlgorithms.isHmac(alg)) {
      return null;
    }
    JsonObject pub = jwk.copy();
    PRIVATE_MEMBERS.forEach(pub::remove);
    return pub;
  }

  /** What the verifier is given: the public JWK, or for HMAC the shared secret itself. */
  public JsonObject verificationJwk() {
    return JwtAlgorithms.isHmac(alg) ? jwk : publicJwk();
  }

  public boolean canSign() {
    return jwk.containsKey("d") || jwk.containsKey("k");
  }

  /**
   * The exact length a signature made with this key has (JWS signatures have one length per key).
   */
  public int signatureBytes() {
    if (JwtAlgorithms.isHmac(alg)) {
      return JwtAlgorithms.hmacKeyBytes(alg);
    }
    if (JwtAlgorithms.isRsa(alg)) {
      byte[] modulus = StrictBase64.decodeUrlUnpadded(jwk.getString("n", ""));
      if (modulus == null) {
        return -1;
      }
      return (new BigInteger(1, modulus).bitLength() + 7) / 8;
    }
    if (JwtAlgorithms.isEc(alg)) {
      return 2 * JwtAlgorithms.ecCoordinateBytes(alg);
    }
    return 64;
  }

  public JwtKey retire(Instant at) {
    return new JwtKey(kid, alg, jwk, createdAt, at);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("kid", kid).put("alg", alg).put("jwk", jwk);
    if (createdAt != null) {
      json.put("created_at", createdAt.toString());
    }
    if (retiredAt != null) {
      json.put("retired_at", retiredAt.toString());
    }
    return json;
  }

  public static JwtKey fromJson(JsonObject json) {
    String created = json.getString("created_at");
    String retired = json.getString("retired_at");
    return new JwtKey(
        json.getString("kid"),
        json.getString("alg"),
        json.getJsonObject("jwk"),
        created == null ? null : Instant.parse(created),
        retired == null ? null : Instant.parse(retired));
  }

  @Override
  public String toString() {
    return "JwtKey[" + kid + ", " + alg + "]";
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return StrictBase64.encodeUrlUnpadded(bytes);
  }

  private static String fixed(BigInteger value, int size) {
    byte[] bytes = value.toByteArray();
    byte[] out = new byte[size];
    int copy = Math.min(bytes.length, size);
    System.arraycopy(bytes, bytes.length - copy, out, size - copy, copy);
    return StrictBase64.encodeUrlUnpadded(out);
  }
}
