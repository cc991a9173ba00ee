package io.antbot.security.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The symmetric primitives the security service builds on — AES-CBC with PKCS#7 padding, AES-GCM
 * and HMAC-SHA256 — each checked against the Wycheproof vectors.
 *
 * <p>JCE objects are costly to look up and not thread-safe, so each thread keeps its own instances
 * and re-keys them per call. Every failure (bad key size, bad padding, bad tag) is a {@link
 * CryptoException} whose message names the primitive, never the key or data.
 */
public final class SymmetricCiphers {

  /** Bytes of an HMAC-SHA256 tag. */
  public static final int HMAC_SHA256_BYTES = 32;

  private static final ThreadLocal<Cipher> CBC =
      ThreadLocal.withInitial(() -> cipher("AES/CBC/PKCS5Padding"));
  private static final ThreadLocal<Cipher> GCM =
      ThreadLocal.withInitial(() -> cipher("AES/GCM/NoPadding"));
  private static final ThreadLocal<Mac> HMAC =
      ThreadLocal.withInitial(SymmetricCiphers::hmacInstance);

  private SymmetricCiphers() {}

  public static byte[] aesCbcEncrypt(byte[] key, byte[] iv, byte[] plaintext)
      throws CryptoException {
    return aesCbc(Cipher.ENCRYPT_MODE, key, iv, plaintext, 0, plaintext.length);
  }

  /**
   * Decrypts {@code length} bytes of {@code ciphertext} from {@code offset}; a bad padding is a
   * failure.
   */
  public static byte[] aesCbcDecrypt(
      byte[] key, byte[] iv, byte[] ciphertext, int offset, int length) throws CryptoException {
    return aesCbc(Cipher.DECRYPT_MODE, key, iv, ciphertext, offset, length);
  }

  private static byte[] aesCbc(
      int mode, byte[] key, byte[] iv, byte[] input, int offset, int length)
      throws CryptoException {
    requireAesKey(key);
    if (iv.length != 16) {
      throw new CryptoException("AES-CBC: the IV must be 16 bytes, got " + iv.length);
    }
    try {
      Cipher cipher = CBC.get();
      cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      return cipher.doFinal(input, offset, length);
    } catch (GeneralSecurityException e) {
      throw new CryptoException(
          "AES-CBC: " + (mode == Cipher.DECRYPT_MODE ? "decryption failed" : "encryption failed"));
    }
  }

  /**
   * AES-GCM encryption; the result is the ciphertext followed by the {@code tagBits / 8}-byte tag.
   *
   * @param aad additional authenticated data, may be empty, never {@code null}
   */
  public static byte[] aesGcmEncrypt(
      byte[] key, byte[] iv, byte[] aad, byte[] plaintext, int tagBits) throws CryptoException {
    return aesGcm(Cipher.ENCRYPT_MODE, key, iv, aad, plaintext, tagBits);
  }

  /**
   * AES-GCM decryption of ciphertext-and-tag; any change to key, IV, AAD, ciphertext or tag is a
   * failure.
   */
  public static byte[] aesGcmDecrypt(
      byte[] key, byte[] iv, byte[] aad, byte[] ciphertextAndTag, int tagBits)
      throws CryptoException {
    return aesGcm(Cipher.DECRYPT_MODE, key, iv, aad, ciphertextAndTag, tagBits);
  }

  private static byte[] aesGcm(
      int mode, byte[] key, byte[] iv, byte[] aad, byte[] input, int tagBits)
      throws CryptoException {
    requireAesKey(key);
    if (iv.length == 0) {
      throw new CryptoException("AES-GCM: the IV must not be empty");
    }
    if (tagBits < 96 || tagBits > 128 || tagBits % 8 != 0) {
      throw new CryptoException("AES-GCM: unsupported tag size " + tagBits);
    }
    try {
      Cipher cipher = GCM.get();
      cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(tagBits, iv));
      cipher.updateAAD(aad);
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      // An encryption reusing the last (key, IV) pair is refused by the JDK; callers always use
      // fresh IVs.
      throw new CryptoException(
          "AES-GCM: "
              + (mode == Cipher.DECRYPT_MODE ? "authentication failed" : "encryption failed"));
    } finally {
      if (mode == Cipher.ENCRYPT_MODE) {
        GCM.remove();
      }
    }
  }

  /**
   * HMAC-SHA256 of {@code length} bytes of {@code data} from {@code offset}; the key may be any
   * length.
   */
  public static byte[] hmacSha256(byte[] key, byte[] data, int offset, int length)
      throws CryptoException {
    if (key.length == 0) {
      throw new CryptoException("HMAC-SHA256: the key must not be empty");
    }
    try {
      Mac mac = HMAC.get();
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(data, offset, length);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new CryptoException("HMAC-SHA256: " + e.getClass().getSimpleName());
    }
  }

  /**
   * Whether {@code tag} is the HMAC-SHA256 of the data; compared in constant time. A tag shorter
   * than the full 32 bytes is compared with the same number of leading bytes of the full MAC
   * (truncated tags, RFC 2104 §5); an empty or longer tag never matches.
   */
  public static boolean hmacSha256Verify(
      byte[] key, byte[] data, int offset, int length, byte[] tag) throws CryptoException {
    byte[] full = hmacSha256(key, data, offset, length);
    if (tag.length == 0 || tag.length > full.length) {
      return false;
    }
    byte[] expected = tag.length == full.length ? full : java.util.Arrays.copyOf(full, tag.length);
    return MessageDigest.isEqual(expected, tag);
  }

  private static void requireAesKey(byte[] key) throws CryptoException {
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new CryptoException("AES: the key must be 16, 24 or 32 bytes, got " + key.length);
    }
  }

  private static Cipher cipher(String transformation) {
    try {
      return Cipher.getInstance(transformation);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(transformation + " is not available in this JVM", e);
    }
  }

  private static Mac hmacInstance() {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
