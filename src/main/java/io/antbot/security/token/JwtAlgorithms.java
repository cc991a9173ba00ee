package io.antbot.security.token;

import java.util.Set;

/** The JWS algorithms the service knows, and what each needs of a key and a signature. */
public final class JwtAlgorithms {

  /**
   * Everything that may appear in {@code security.jwt.allowed_algorithms}. {@code none} is never
   * among them.
   */
  public static final Set<String> SUPPORTED =
      Set.of(
          "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
          "ES384", "ES512", "EdDSA");

  private JwtAlgorithms() {}

  public static boolean isHmac(String alg) {
    return alg.startsWith("HS");
  }

  public static boolean isRsa(String alg) {
    return alg.startsWith("RS") || alg.startsWith("PS");
  }

  public static boolean isEc(String alg) {
    return alg.startsWith("ES");
  }

  /** The JWK key type an algorithm needs: {@code oct}, {@code RSA}, {@code EC} or {@code OKP}. */
  public static String keyType(String alg) {
    if (isHmac(alg)) {
      return "oct";
    }
    if (isRsa(alg)) {
      return "RSA";
    }
    if (isEc(alg)) {
      return "EC";
    }
    return "OKP";
  }

  /** Bytes of an HMAC key (the hash size: RFC 7518 §3.2 asks for at least that much). */
  public static int hmacKeyBytes(String alg) {
    return Integer.parseInt(alg.substring(2)) / 8;
  }

  /** The JWK curve of an ECDSA algorithm. */
  public static String curve(String alg) {
    return switch (alg) {
      case "ES256" -> "P-256";
      case "ES384" -> "P-384";
      case "ES512" -> "P-521";
      default -> throw new IllegalArgumentException("not an ECDSA algorithm: " + alg);
    };
  }

  /** Bytes of one ECDSA coordinate for a curve (R and S each take this many in a JWS signature). */
  public static int ecCoordinateBytes(String alg) {
    return switch (alg) {
      case "ES256" -> 32;
      case "ES384" -> 48;
      case "ES512" -> 66;
      default -> throw new IllegalArgumentException("not an ECDSA algorithm: " + alg);
    };
  }
}
