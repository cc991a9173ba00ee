package io.antbot.security.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Public identifiers for keys: a truncated SHA-256 over a domain label and the key bytes. */
public final class KeyIds {

  private KeyIds() {}

  /** 16 hex digits naming {@code keyBytes}; the label keeps ids of different key kinds apart. */
  public static String fingerprint(String label, byte[] keyBytes) {
    MessageDigest sha256 = sha256();
    sha256.update(label.getBytes(StandardCharsets.US_ASCII));
    sha256.update((byte) 0);
    sha256.update(keyBytes);
    return HexFormat.of().formatHex(sha256.digest(), 0, 8);
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
