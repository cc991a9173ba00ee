package io.antbot.security.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt password hashes in the OpenBSD format ({@code $2b$12$<22-char salt><31-char hash>}),
 * computed by Bouncy Castle's {@link OpenBSDBCrypt}.
 *
 * <p>Passwords are bytes: no character set is assumed, so hashes made elsewhere from non-UTF-8
 * passwords verify byte for byte. bcrypt reads at most {@value #MAX_PASSWORD_BYTES} bytes of a
 * password; a longer one is refused with a clear error instead of being silently cut (two different
 * long passwords would otherwise share a hash). New hashes use version {@code 2b}; {@code 2a},
 * {@code 2b} and {@code 2y} hashes verify.
 *
 * <p>Hashing costs {@code 2^cost} rounds (cost 12 is about a third of a second): call it from a
 * worker thread. Stateless and thread-safe.
 */
public final class BcryptHasher {

  public static final int MAX_PASSWORD_BYTES = 72;
  public static final int MIN_COST = 4;
  public static final int MAX_COST = 31;

  /** The version written by {@link #hash(byte[], int)}. */
  public static final String VERSION = "2b";

  private static final Set<String> VERSIONS = Set.of("2a", "2b", "2y");
  private static final String ALPHABET =
      "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final int SALT_BYTES = 16;
  private static final int SALT_CHARS = 22;
  private static final int HASH_LENGTH = 60;
  private static final SecureRandom RANDOM = new SecureRandom();

  private BcryptHasher() {}

  /**
   * The parts of a bcrypt setting or hash: version ({@code 2a}/{@code 2b}/{@code 2y}), cost and
   * 16-byte salt.
   */
  public record Setting(String version, int cost, byte[] salt) {}

  /** A new hash of {@code password} with a random salt. */
  public static String hash(byte[] password, int cost) throws PasswordException {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return hash(password, VERSION, salt, cost);
  }

  /**
   * The hash of {@code password} for an explicit version, salt and cost (reproducing known hashes).
   */
  public static String hash(byte[] password, String version, byte[] salt, int cost)
      throws PasswordException {
    requireLength(password);
    if (!VERSIONS.contains(version)) {
      throw new PasswordException(
          "bcrypt: unsupported version $" + version + "$ (expected 2a, 2b or 2y)");
    }
    if (cost < MIN_COST || cost > MAX_COST) {
      throw new PasswordException(
          "bcrypt: cost must be from " + MIN_COST + " to " + MAX_COST + ", got " + cost);
    }
    if (salt.length != SALT_BYTES) {
      throw new PasswordException("bcrypt: the salt must be 16 bytes, got " + salt.length);
    }
    return OpenBSDBCrypt.generate(version, password, salt, cost);
  }

  /**
   * Whether {@code password} matches {@code hash}, compared in constant time.
   *
   * @throws PasswordException when the password is too long or {@code hash} is not a bcrypt hash
   */
  public static boolean verify(byte[] password, String hash) throws PasswordException {
    requireLength(password);
    if (hash == null || hash.length() != HASH_LENGTH) {
      throw new PasswordException(
          "bcrypt: not a bcrypt hash (expected 60 characters like $2b$12$...)");
    }
    Setting setting = parse(hash);
    String computed = hash(password, setting.version(), setting.salt(), setting.cost());
    return MessageDigest.isEqual(
        computed.getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII));
  }

  /** The cost of a hash, to decide whether it should be re-hashed at the configured cost. */
  public static int costOf(String hash) throws PasswordException {
    return parse(hash).cost();
  }

  /**
   * Parses the first 29 characters of a setting or hash: {@code $2b$12$} and the 22-character salt.
   */
  public static Setting parse(String setting) throws PasswordException {
    if (setting == null
        || setting.length() < 29
        || setting.charAt(0) != '$'
        || setting.charAt(3) != '$'
        || setting.charAt(6) != '$') {
      throw new PasswordException(
          "bcrypt: not a bcrypt hash (expected $2b$12$ followed by a 22-character salt)");
    }
    String version = setting.substring(1, 3);
    if (!VERSIONS.contains(version)) {
      throw new PasswordException(
          "bcrypt: unsupported version $" + version + "$ (expected 2a, 2b or 2y)");
    }
    int cost;
    try {
      cost = Integer.parseInt(setting.substring(4, 6));
    } catch (NumberFormatException e) {
      throw new PasswordException("bcrypt: the cost is not a two-digit number");
    }
    if (cost < MIN_COST || cost > MAX_COST) {
      throw new PasswordException(
          "bcrypt: cost must be from " + MIN_COST + " to " + MAX_COST + ", got " + cost);
    }
    byte[] salt = decodeSalt(setting.substring(7, 7 + SALT_CHARS));
    if (salt == null) {
      throw new PasswordException("bcrypt: the salt has characters outside the bcrypt alphabet");
    }
    return new Setting(version, cost, salt);
  }

  private static void requireLength(byte[] password) throws PasswordException {
    if (password.length > MAX_PASSWORD_BYTES) {
      throw new PasswordException(
          "password: "
              + password.length
              + " bytes is longer than bcrypt's limit of "
              + MAX_PASSWORD_BYTES
              + " bytes (it would be silently cut); use a shorter password");
    }
  }

  /**
   * Decodes bcrypt's base64 variant (its own alphabet, no padding): 22 characters carry the 16 salt
   * bytes.
   */
  private static byte[] decodeSalt(String text) {
    byte[] out = new byte[SALT_BYTES];
    int produced = 0;
    int bits = 0;
    int buffer = 0;
    for (int i = 0; i < text.length() && produced < SALT_BYTES; i++) {
      int value = ALPHABET.indexOf(text.charAt(i));
      if (value < 0) {
        return null;
      }
      buffer = (buffer << 6) | value;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[produced++] = (byte) (buffer >> bits);
        buffer &= (1 << bits) - 1;
      }
    }
    return produced == SALT_BYTES ? out : Arrays.copyOf(out, 0);
  }
}
