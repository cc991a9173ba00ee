package io.antbot.security.token;

/**
 * An access token as issued.
 *
 * @param token the compact JWT (a secret of its holder: never log it)
 * @param jti its id, for revocation and the audit trail
 * @param issuedAtS {@code iat}, epoch seconds
 * @param expiresAtS {@code exp}, epoch seconds
 */
public record IssuedToken(String token, String jti, long issuedAtS, long expiresAtS) {

  @Override
  public String toString() {
    return "IssuedToken[jti=" + jti + ", exp=" + expiresAtS + "]";
  }
}
