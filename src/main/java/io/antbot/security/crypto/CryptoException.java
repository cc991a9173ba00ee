package io.antbot.security.crypto;

/**
 * A cryptographic operation that did not succeed: a wrong key, a corrupted or forged input, a bad
 * format.
 *
 * <p>The message says which check failed in words safe to show a caller; it never contains key
 * material or data.
 */
public class CryptoException extends Exception {

  public CryptoException(String message) {
    super(message, null, false, false);
  }
}
