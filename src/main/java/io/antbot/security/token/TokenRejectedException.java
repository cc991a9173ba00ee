package io.antbot.security.token;

/**
 * A token that is not accepted; {@link #reason()} says why in a few words meant for the caller and
 * the logs (it never contains the token).
 */
public class TokenRejectedException extends Exception {

  private final String reason;

  public TokenRejectedException(String reason) {
    super("token rejected: " + reason, null, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
