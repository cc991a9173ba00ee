package io.antbot.security.password;

/**
 * A password or a stored hash that cannot be used; the message is safe to show and never contains
 * either.
 */
public class PasswordException extends Exception {

  public PasswordException(String message) {
    super(message, null, false, false);
  }
}
