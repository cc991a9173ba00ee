package io.antbot.security.crypto;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Several Fernet keys, newest first, like Python's {@code MultiFernet}: encryption uses the newest
 * key, decryption accepts a token made with any of them, and {@link #reencrypt} moves a token to
 * the newest key while keeping its original timestamp.
 *
 * <p>The text form ({@link #parse}/{@link #format}) is one key per line, newest first, {@code #}
 * comments allowed — the same keys Python's {@code Fernet.generate_key()} prints. Immutable;
 * rotation returns a new ring.
 */
public final class FernetKeyRing {

  private final List<Fernet> fernets;
  private final LongSupplier clockSeconds;
  private final Consumer<byte[]> ivSource;

  private FernetKeyRing(
      List<FernetKey> keys, LongSupplier clockSeconds, Consumer<byte[]> ivSource) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a Fernet key ring needs at least one key");
    }
    this.clockSeconds = clockSeconds;
    this.ivSource = ivSource;
    List<Fernet> list = new ArrayList<>();
    for (FernetKey key : keys) {
      list.add(clockSeconds == null ? new Fernet(key) : new Fernet(key, clockSeconds, ivSource));
    }
    this.fernets = List.copyOf(list);
  }

  /** A ring of {@code keys}, newest first, with the system clock and random IVs. */
  public static FernetKeyRing of(List<FernetKey> keys) {
    return new FernetKeyRing(keys, null, null);
  }

  /** A ring with an injected clock and IV source (tests). */
  public static FernetKeyRing of(
      List<FernetKey> keys, LongSupplier clockSeconds, Consumer<byte[]> ivSource) {
    return new FernetKeyRing(keys, clockSeconds, ivSource);
  }

  /**
   * Reads the text form; every problem is reported with its line number (never with the line's
   * content).
   */
  public static List<FernetKey> parse(String text) throws CryptoException {
    List<FernetKey> keys = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        keys.add(FernetKey.parse(line));
      } catch (CryptoException e) {
        throw new CryptoException("line " + (i + 1) + ": " + e.getMessage());
      }
    }
    if (keys.isEmpty()) {
      throw new CryptoException("no Fernet key found");
    }
    return keys;
  }

  /** The text form of {@code keys}: a comment line, then one key per line, newest first. */
  public static String format(List<FernetKey> keys) {
    StringBuilder text =
        new StringBuilder(
            "# Fernet keys, newest first: encryption uses the first, decryption tries each.\n");
    for (FernetKey key : keys) {
      text.append(key.encoded()).append('\n');
    }
    return text.toString();
  }

  public List<FernetKey> keys() {
    return fernets.stream().map(Fernet::key).toList();
  }

  public FernetKey newest() {
    return fernets.get(0).key();
  }

  /**
   * A new ring with {@code key} in front (it becomes the encryption key); older keys still decrypt.
   */
  public FernetKeyRing rotate(FernetKey key) {
    List<FernetKey> keys = new ArrayList<>();
    keys.add(key);
    keys.addAll(keys());
    return new FernetKeyRing(keys, clockSeconds, ivSource);
  }

  public String encrypt(byte[] data) throws CryptoException {
    return fernets.get(0).encrypt(data);
  }

  /**
   * Decrypts with the key whose MAC matches; {@code ttl} as in {@link Fernet#decrypt(String,
   * Duration)}.
   */
  public byte[] decrypt(String token, Duration ttl) throws CryptoException {
    byte[] decoded = Fernet.decode(token);
    return fernetFor(decoded).decrypt(decoded, ttl);
  }

  /**
   * Decrypts {@code token} with any key and encrypts it again with the newest one, keeping the
   * original timestamp (Python's {@code MultiFernet.rotate}); a token already under the newest key
   * gets a fresh IV.
   */
  public String reencrypt(String token) throws CryptoException {
    byte[] decoded = Fernet.decode(token);
    byte[] data = fernetFor(decoded).decrypt(decoded, null);
    return fernets.get(0).encrypt(data, Fernet.timestampOf(decoded));
  }

  private Fernet fernetFor(byte[] decoded) throws CryptoException {
    for (Fernet fernet : fernets) {
      if (fernet.macMatches(decoded)) {
        return fernet;
      }
    }
    throw new CryptoException(
        "Fernet: the token was not made with any key of the ring or was altered");
  }
}
