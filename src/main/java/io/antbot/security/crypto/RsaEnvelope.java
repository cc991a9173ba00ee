package io.antbot.security.crypto;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Hybrid encryption for data of any size: a fresh AES-256-GCM key encrypts the data, and RSA-OAEP
 * (SHA-256, MGF1-SHA-256) wraps that key for the recipient's public key.
 *
 * <p>Binary layout, all of it authenticated (everything before the ciphertext is the GCM additional
 * data):
 *
 * <pre>
 *   version 0x01 | key fingerprint (8 bytes) | wrapped key length (2 bytes, big-endian) | wrapped key
 *   | GCM nonce (12 bytes) | ciphertext and 16-byte tag
 * </pre>
 *
 * The fingerprint names the RSA key so that an envelope made for another key is refused with a
 * clear message instead of a generic failure. Every other failure has one text, as in {@link
 * RsaOaep}.
 */
public final class RsaEnvelope {

  private static final byte VERSION = 0x01;
  private static final int FINGERPRINT_BYTES = 8;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] NO_LABEL = new byte[0];
  private static final SecureRandom RANDOM = new SecureRandom();

  private RsaEnvelope() {}

  /** Seals {@code data} for the holder of {@code keys}' private key. */
  public static byte[] seal(RsaKeyPair keys, byte[] data) throws CryptoException {
    byte[] contentKey = new byte[32];
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(contentKey);
    RANDOM.nextBytes(nonce);
    try {
      byte[] wrapped = RsaOaep.encrypt(keys.publicKey(), contentKey, NO_LABEL);
      byte[] fingerprint = HexFormat.of().parseHex(keys.fingerprint());
      ByteBuffer header =
          ByteBuffer.allocate(1 + FINGERPRINT_BYTES + 2 + wrapped.length + NONCE_BYTES);
      header.put(VERSION).put(fingerprint).putShort((short) wrapped.length).put(wrapped).put(nonce);
      byte[] aad = Arrays.copyOf(header.array(), header.capacity() - NONCE_BYTES);
      byte[] sealed = SymmetricCiphers.aesGcmEncrypt(contentKey, nonce, aad, data, TAG_BITS);
      return ByteBuffer.allocate(header.capacity() + sealed.length)
          .put(header.array())
          .put(sealed)
          .array();
    } finally {
      Arrays.fill(contentKey, (byte) 0);
    }
  }

  /**
   * Opens an envelope made by {@link #seal}; fails when it was made for another key, altered, or
   * truncated.
   */
  public static byte[] open(RsaKeyPair keys, byte[] envelope) throws CryptoException {
    ByteBuffer in = ByteBuffer.wrap(envelope);
    if (envelope.length < 1 + FINGERPRINT_BYTES + 2 || in.get() != VERSION) {
      throw new CryptoException("RSA envelope: not an envelope of version 1");
    }
    byte[] fingerprint = new byte[FINGERPRINT_BYTES];
    in.get(fingerprint);
    if (!HexFormat.of().formatHex(fingerprint).equals(keys.fingerprint())) {
      throw new CryptoException(
          "RSA envelope: made for key "
              + HexFormat.of().formatHex(fingerprint)
              + ", not for this service's key "
              + keys.fingerprint());
    }
    int wrappedLength = in.getShort() & 0xffff;
    if (in.remaining() < wrappedLength + NONCE_BYTES + TAG_BITS / 8) {
      throw new CryptoException("RSA envelope: truncated");
    }
    byte[] wrapped = new byte[wrappedLength];
    in.get(wrapped);
    byte[] aad = Arrays.copyOf(envelope, in.position());
    byte[] nonce = new byte[NONCE_BYTES];
    in.get(nonce);
    byte[] sealed = new byte[in.remaining()];
    in.get(sealed);
    byte[] contentKey = null;
    try {
      contentKey = RsaOaep.decrypt(keys.privateKey(), wrapped, NO_LABEL);
      if (contentKey.length != 32) {
        throw new CryptoException("RSA envelope: decryption failed");
      }
      return SymmetricCiphers.aesGcmDecrypt(contentKey, nonce, aad, sealed, TAG_BITS);
    } catch (CryptoException e) {
      throw new CryptoException("RSA envelope: decryption failed");
    } finally {
      if (contentKey != null) {
        Arrays.fill(contentKey, (byte) 0);
      }
    }
  }
}
