package io.antbot.security.crypto;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Fernet tokens as the specification (https://github.com/fernet/spec) defines them, byte-compatible
 * with Python's {@code cryptography.fernet}: {@code 0x80 | timestamp (8 bytes, big-endian seconds)
 * | IV (16) | AES-128-CBC ciphertext | HMAC-SHA256 (32)} over everything before the MAC, as padded
 * base64url.
 *
 * <p>Decryption checks the MAC in constant time before anything else; with a time-to-live it then
 * rejects a token older than the TTL, or stamped more than {@value #MAX_CLOCK_SKEW_S} s in the
 * future, as Python does. The clock and the IV source are injectable so that the specification's
 * vectors can be reproduced exactly.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Fernet {

  /**
   * Seconds a token's timestamp may lie in the future when a TTL is checked (Python's {@code
   * _MAX_CLOCK_SKEW}).
   */
  public static final long MAX_CLOCK_SKEW_S = 60;

  private static final byte VERSION = (byte) 0x80;
  private static final int HEADER_BYTES = 1 + 8 + 16;
  private static final int MAC_BYTES = SymmetricCiphers.HMAC_SHA256_BYTES;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final FernetKey key;
  private final KeyedHmacSha256 hmac;
  private final LongSupplier clockSeconds;
  private final Consumer<byte[]> ivSource;

  /** A Fernet with the system clock and a {@link SecureRandom} IV. */
  public Fernet(FernetKey key) {
    this(key, () -> System.currentTimeMillis() / 1000, RANDOM::nextBytes);
  }

  /**
   * @param clockSeconds the current time in seconds since the epoch
   * @param ivSource fills a 16-byte array with the IV of a new token
   */
  public Fernet(FernetKey key, LongSupplier clockSeconds, Consumer<byte[]> ivSource) {
    this.key = key;
    this.hmac = new KeyedHmacSha256(key.signingKey());
    this.clockSeconds = clockSeconds;
    this.ivSource = ivSource;
  }

  public FernetKey key() {
    return key;
  }

  /** Encrypts {@code data} stamped with the current time. */
  public String encrypt(byte[] data) throws CryptoException {
    return encrypt(data, clockSeconds.getAsLong());
  }

  /**
   * Encrypts {@code data} stamped with {@code timestampS} (used to keep a token's age when
   * re-encrypting).
   */
  public String encrypt(byte[] data, long timestampS) throws CryptoException {
    byte[] iv = new byte[16];
    ivSource.accept(iv);
    byte[] ciphertext = SymmetricCiphers.aesCbcEncrypt(key.encryptionKey(), iv, data);
    ByteBuffer token = ByteBuffer.allocate(HEADER_BYTES + ciphertext.length + MAC_BYTES);
    token.put(VERSION).putLong(timestampS).put(iv).put(ciphertext);
    byte[] bytes = token.array();
    hmac.sign(bytes, 0, bytes.length - MAC_BYTES, bytes, bytes.length - MAC_BYTES);
    return StrictBase64.encodeUrlPadded(bytes);
  }

  /**
   * Decrypts {@code token}.
   *
   * @param ttl the largest accepted age, or {@code null} to accept any age (and any timestamp)
   * @throws CryptoException when the token is malformed, was not made with this key, or is too old
   *     or too new
   */
  public byte[] decrypt(String token, Duration ttl) throws CryptoException {
    return decrypt(decode(token), ttl);
  }

  /**
   * Decrypts an already decoded token (see {@link #decode(String)}): lets a key ring decode once.
   */
  byte[] decrypt(byte[] bytes, Duration ttl) throws CryptoException {
    if (!macMatches(bytes)) {
      throw new CryptoException("Fernet: the token was not made with this key or was altered");
    }
    int macOffset = bytes.length - MAC_BYTES;
    long timestamp = ByteBuffer.wrap(bytes, 1, 8).getLong();
    if (ttl != null) {
      long now = clockSeconds.getAsLong();
      if (timestamp + ttl.toSeconds() < now) {
        throw new CryptoException(
            "Fernet: the token has expired (older than " + ttl.toSeconds() + " s)");
      }
      if (now + MAX_CLOCK_SKEW_S < timestamp) {
        throw new CryptoException("Fernet: the token is stamped in the future");
      }
    }
    byte[] iv = Arrays.copyOfRange(bytes, 9, 25);
    try {
      return SymmetricCiphers.aesCbcDecrypt(
          key.encryptionKey(), iv, bytes, HEADER_BYTES, macOffset - HEADER_BYTES);
    } catch (CryptoException e) {
      throw new CryptoException("Fernet: the ciphertext does not decrypt");
    }
  }

  /** Whether the MAC of a decoded token was made with this key (constant-time comparison). */
  boolean macMatches(byte[] decoded) {
    return hmac.verifyTrailing(decoded, decoded.length - MAC_BYTES);
  }

  /**
   * Decodes the token text and checks its shape: canonical padded base64url, version {@code 0x80},
   * and a ciphertext that is a whole, non-zero number of AES blocks.
   */
  public static byte[] decode(String token) throws CryptoException {
    byte[] bytes = token == null ? null : StrictBase64.decodeUrlPadded(token);
    if (bytes == null) {
      throw new CryptoException("Fernet: the token is not url-safe base64");
    }
    int ciphertextBytes = bytes.length - HEADER_BYTES - MAC_BYTES;
    if (ciphertextBytes < 16 || ciphertextBytes % 16 != 0) {
      throw new CryptoException(
          "Fernet: the token is too short or its ciphertext is not whole blocks");
    }
    if (bytes[0] != VERSION) {
      throw new CryptoException(
          "Fernet: unknown version 0x" + Integer.toHexString(bytes[0] & 0xff));
    }
    return bytes;
  }

  /**
   * The timestamp of a well-formed token (not authenticated: use only after a successful decrypt).
   */
  public static long timestampOf(byte[] decoded) {
    return ByteBuffer.wrap(decoded, 1, 8).getLong();
  }
}
