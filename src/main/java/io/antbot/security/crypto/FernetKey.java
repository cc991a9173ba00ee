package io.antbot.security.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A Fernet key: 32 bytes, the first 16 for HMAC-SHA256 signing, the last 16 for AES-128-CBC
 * encryption, written as padded base64url (the format of Python's {@code Fernet.generate_key()}).
 *
 * <p>{@link #toString()} never shows the key; {@link #encoded()} is the one way to get the text.
 */
public final class FernetKey {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] signingKey;
  private final byte[] encryptionKey;
  private final String id;

  private FernetKey(byte[] raw) {
    this.signingKey = Arrays.copyOfRange(raw, 0, 16);
    this.encryptionKey = Arrays.copyOfRange(raw, 16, 32);
    this.id = KeyIds.fingerprint("fernet", raw);
  }

  /**
   * Parses the base64url text of a key; fails when it is not exactly 32 bytes in canonical form.
   */
  public static FernetKey parse(String encoded) throws CryptoException {
    byte[] raw = encoded == null ? null : StrictBase64.decodeUrlPadded(encoded.trim());
    if (raw == null || raw.length != 32) {
      throw new CryptoException("Fernet key: expected 32 bytes of url-safe base64 (44 characters)");
    }
    return new FernetKey(raw);
  }

  public static FernetKey generate() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return new FernetKey(raw);
  }

  /** The key as padded base64url text: a secret. */
  public String encoded() {
    byte[] raw = new byte[32];
    System.arraycopy(signingKey, 0, raw, 0, 16);
    System.arraycopy(encryptionKey, 0, raw, 16, 16);
    return StrictBase64.encodeUrlPadded(raw);
  }

  /**
   * A short public identifier (a truncated SHA-256 of the key), safe for logs and the audit trail.
   */
  public String id() {
    return id;
  }

  byte[] signingKey() {
    return signingKey;
  }

  byte[] encryptionKey() {
    return encryptionKey;
  }

  @Override
  public String toString() {
    return "FernetKey[" + id + "]";
  }
}
