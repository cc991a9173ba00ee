package io.antbot.security.token;

import io.antbot.settings.Settings;
import java.time.Duration;
import java.util.Set;

/**
 * How tokens are issued and checked ({@code security.jwt.*}).
 *
 * @param algorithm the algorithm of new signing keys (must be in {@code allowedAlgorithms})
 * @param allowedAlgorithms the only algorithms a presented token may use
 * @param issuer {@code iss} written and required
 * @param audience {@code aud} written and required
 * @param accessTtl lifetime of access tokens
 * @param refreshTtl lifetime of a refresh token (each refresh starts a new one)
 * @param leewayS clock skew tolerated on {@code exp}, {@code nbf} and {@code iat}, in seconds
 * @param maxBytes the largest token accepted
 * @param rotationAge signing keys older than this are rotated (zero: never automatically)
 * @param rsaBits modulus size of new RSA signing keys
 * @param cacheSize how many verified tokens are remembered (0: none), see {@link TokenService}
 * @param sessionLifetime how long a login session (a refresh family) lives however often it is
 *     refreshed
 * @param maxSessionsPerUser live login sessions one user holds; a further login ends the oldest
 */
public record JwtSettings(
    String algorithm,
    Set<String> allowedAlgorithms,
    String issuer,
    String audience,
    Duration accessTtl,
    Duration refreshTtl,
    int leewayS,
    int maxBytes,
    Duration rotationAge,
    int rsaBits,
    int cacheSize,
    Duration sessionLifetime,
    int maxSessionsPerUser) {

  /**
   * Settings with the schema's session limits ({@code security.jwt.session_lifetime_s} and {@code
   * max_sessions_per_user}).
   */
  public JwtSettings(
      String algorithm,
      Set<String> allowedAlgorithms,
      String issuer,
      String audience,
      Duration accessTtl,
      Duration refreshTtl,
      int leewayS,
      int maxBytes,
      Duration rotationAge,
      int rsaBits,
      int cacheSize) {
    this(
        algorithm,
        allowedAlgorithms,
        issuer,
        audience,
        accessTtl,
        refreshTtl,
        leewayS,
        maxBytes,
        rotationAge,
        rsaBits,
        cacheSize,
        Duration.ofSeconds(
            ((Number) Settings.defaultOf("security.jwt.session_lifetime_s")).longValue()),
        ((Number) Settings.defaultOf("security.jwt.max_sessions_per_user")).intValue());
  }

  /**
   * How long a retired key must stay to verify what it signed: the longest access token plus the
   * leeway.
   */
  public Duration retiredKeyLifetime(Duration longestIssuedTtl) {
    Duration longest = longestIssuedTtl.compareTo(accessTtl) > 0 ? longestIssuedTtl : accessTtl;
    return longest.plusSeconds(leewayS);
  }
}
