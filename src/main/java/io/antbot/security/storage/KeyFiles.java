package io.antbot.security.storage;

import io.antbot.security.crypto.CryptoException;
import io.antbot.security.crypto.FernetKey;
import io.antbot.security.crypto.FernetKeyRing;
import io.antbot.security.crypto.RsaKeyPair;
import io.antbot.security.token.JwtKey;
import io.antbot.security.token.JwtKeyRing;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key files under {@code security.keys_dir}, read at start and created when missing and
 * allowed:
 *
 * <ul>
 *   <li>{@value #JWT} — the JWT key ring (JWKs with private parts), owner-only;
 *   <li>{@value #FERNET} — Fernet keys, one per line, newest first (Python's key format),
 *       owner-only;
 *   <li>{@value #RSA_PRIVATE} (PKCS#8, owner-only) and {@value #RSA_PUBLIC} — the RSA envelope key
 *       pair;
 *   <li>{@value #ADMIN_PASSWORD} — the generated password of the first {@code admin}, written once,
 *       owner-only.
 * </ul>
 *
 * Every method blocks: call from a worker. Errors name the file, never its content.
 */
public final class KeyFiles {

  private static final Logger log = LoggerFactory.getLogger(KeyFiles.class);

  public static final String JWT = "jwt-keys.json";
  public static final String FERNET = "fernet.keys";
  public static final String RSA_PRIVATE = "rsa-private.pem";
  public static final String RSA_PUBLIC = "rsa-public.pem";
  public static final String ADMIN_PASSWORD = "admin-password";

  private final Path dir;

  public KeyFiles(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /**
   * The JWT ring, or a new one with a key for {@code alg} when the file is missing and {@code
   * generate} is true.
   */
  public JwtKeyRing loadOrCreateJwt(String alg, int rsaBits, boolean generate, Instant now)
      throws IOException {
    Path file = dir.resolve(JWT);
    if (Files.exists(file)) {
      warnIfShared(file);
      try {
        return JwtKeyRing.fromJson(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
      } catch (RuntimeException e) {
        throw new IOException(file + ": not a JWT key file (" + e.getMessage() + ")");
      }
    }
    if (!generate) {
      throw new IOException(
          file + " is missing and security.key_generation does not allow creating it");
    }
    JwtKeyRing ring = new JwtKeyRing(List.of(JwtKey.generate(alg, rsaBits, now)));
    saveJwt(ring);
    log.info("created JWT signing key {} ({}) in {}", ring.signingKey().kid(), alg, file);
    return ring;
  }

  public void saveJwt(JwtKeyRing ring) throws IOException {
    SecureFiles.createPrivateDirectory(dir);
    SecureFiles.writeAtomically(
        dir.resolve(JWT),
        ring.toJson().encodePrettily().getBytes(StandardCharsets.UTF_8),
        SecureFiles.OWNER_ONLY);
  }

  /**
   * The Fernet keys, newest first, or one new key when the file is missing and {@code generate} is
   * true.
   */
  public List<FernetKey> loadOrCreateFernet(boolean generate) throws IOException {
    Path file = dir.resolve(FERNET);
    if (Files.exists(file)) {
      warnIfShared(file);
      try {
        return FernetKeyRing.parse(Files.readString(file, StandardCharsets.UTF_8));
      } catch (CryptoException e) {
        throw new IOException(file + ": " + e.getMessage());
      }
    }
    if (!generate) {
      throw new IOException(
          file
              + " is missing; in production it must be supplied (one url-safe base64 key per "
              + "line, newest first, as Fernet.generate_key() prints), or set security.key_generation: always");
    }
    List<FernetKey> keys = List.of(FernetKey.generate());
    saveFernet(keys);
    log.info("created Fernet key {} in {}", keys.get(0).id(), file);
    return keys;
  }

  public void saveFernet(List<FernetKey> keys) throws IOException {
    SecureFiles.createPrivateDirectory(dir);
    SecureFiles.writeAtomically(
        dir.resolve(FERNET),
        FernetKeyRing.format(keys).getBytes(StandardCharsets.UTF_8),
        SecureFiles.OWNER_ONLY);
  }

  /**
   * The RSA envelope key pair, or a new one of {@code bits} when missing and {@code generate} is
   * true.
   */
  public RsaKeyPair loadOrCreateRsa(int bits, boolean generate) throws IOException {
    Path file = dir.resolve(RSA_PRIVATE);
    if (Files.exists(file)) {
      warnIfShared(file);
      try {
        return RsaKeyPair.fromPem(Files.readString(file, StandardCharsets.US_ASCII));
      } catch (CryptoException e) {
        throw new IOException(file + ": " + e.getMessage());
      }
    }
    if (!generate) {
      throw new IOException(
          file
              + " is missing; in production supply a PKCS#8 PEM RSA key of at least 2048 bits "
              + "(openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072), or set security.key_generation: always");
    }
    RsaKeyPair keys;
    try {
      keys = RsaKeyPair.generate(bits);
      SecureFiles.createPrivateDirectory(dir);
      SecureFiles.writeAtomically(
          file, keys.privateKeyPem().getBytes(StandardCharsets.US_ASCII), SecureFiles.OWNER_ONLY);
    } catch (CryptoException e) {
      throw new IOException("cannot create " + file + ": " + e.getMessage());
    }
    SecureFiles.writeAtomically(
        dir.resolve(RSA_PUBLIC),
        keys.publicKeyPem().getBytes(StandardCharsets.US_ASCII),
        SecureFiles.PUBLIC_READ);
    log.info("created RSA key pair {} ({} bits) in {}", keys.fingerprint(), bits, dir);
    return keys;
  }

  /** Writes the generated first admin password, owner-only; returns the file. */
  public Path writeAdminPassword(String password) throws IOException {
    SecureFiles.createPrivateDirectory(dir);
    Path file = dir.resolve(ADMIN_PASSWORD);
    SecureFiles.writeAtomically(
        file, (password + "\n").getBytes(StandardCharsets.UTF_8), SecureFiles.OWNER_ONLY);
    return file;
  }

  private static void warnIfShared(Path file) throws IOException {
    if (SecureFiles.readableByOthers(file)) {
      log.warn("{} can be read by other users than its owner; restrict it (chmod 600)", file);
    }
  }
}
