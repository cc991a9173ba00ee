package io.antbot.security.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one fixed key, for a caller that MACs many messages with it (a Fernet key).
 *
 * <p>{@link SymmetricCiphers#hmacSha256} re-keys its thread's {@code Mac} on every call, and {@code
 * Mac.init} hashes the padded key again each time. Here each thread keeps a {@code Mac} keyed once:
 * {@code doFinal} leaves it ready for the next message under the same key. Thread-safe.
 */
final class KeyedHmacSha256 {

  private final ThreadLocal<Mac> mac;

  /**
   * @throws IllegalArgumentException when the key is empty
   */
  KeyedHmacSha256(byte[] key) {
    if (key.length == 0) {
      throw new IllegalArgumentException("HMAC-SHA256: the key must not be empty");
    }
    SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
    this.mac =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac keyed = Mac.getInstance("HmacSHA256");
                keyed.init(spec);
                return keyed;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
              }
            });
  }

  /** Writes the MAC of {@code length} bytes of {@code data} from {@code offset} to {@code out}. */
  void sign(byte[] data, int offset, int length, byte[] out, int outOffset) {
    Mac keyed = mac.get();
    keyed.update(data, offset, length);
    try {
      keyed.doFinal(out, outOffset);
    } catch (GeneralSecurityException e) {
      // Only a too short output buffer makes doFinal fail, which callers size exactly.
      throw new IllegalStateException("HMAC-SHA256: " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * Whether the 32 bytes of {@code data} from {@code tagOffset} are the MAC of its first {@code
   * tagOffset} bytes; compared in constant time.
   */
  boolean verifyTrailing(byte[] data, int tagOffset) {
    Mac keyed = mac.get();
    keyed.update(data, 0, tagOffset);
    byte[] expected = keyed.doFinal();
    return MessageDigest.isEqual(
        expected, Arrays.copyOfRange(data, tagOffset, tagOffset + expected.length));
  }
}
