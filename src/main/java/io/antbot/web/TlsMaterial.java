package io.antbot.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The PEM certificate chain and private key of {@code http.tls}, read and checked before the server
 * starts, so that a wrong file fails the start with one line naming it instead of a TLS stack trace
 * at the first handshake.
 *
 * <p>Checks: both files can be read; the certificate file holds at least one PEM certificate; the
 * key file holds one unencrypted PEM private key (PKCS#8, PKCS#1 RSA or SEC 1 EC); the key belongs
 * to the first certificate. A key file that group or others may read, and a certificate outside its
 * validity period, are warnings, not failures.
 *
 * <p>Blocking (file reads, parsing, one signature): call it on a worker thread.
 */
final class TlsMaterial {

  private static final Set<PosixFilePermission> SHARED =
      EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

  private final Buffer cert;
  private final Buffer key;
  private final List<String> warnings;

  private TlsMaterial(Buffer cert, Buffer key, List<String> warnings) {
    this.cert = cert;
    this.key = key;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Reads and checks the two files.
   *
   * @throws IllegalArgumentException with a one-line message naming the setting and the file
   */
  static TlsMaterial read(Path certPath, Path keyPath, Clock clock) {
    byte[] certBytes = readFile("http.tls.cert", certPath);
    List<X509Certificate> chain = certificates(certPath, certBytes);
    byte[] keyBytes = readFile("http.tls.key", keyPath);
    PrivateKey privateKey = privateKey(keyPath, keyBytes);
    checkPair(privateKey, chain.get(0), keyPath, certPath);
    List<String> warnings = new ArrayList<>();
    if (sharedWithOthers(keyPath)) {
      warnings.add(
          "http.tls.key: "
              + keyPath
              + " is readable by group or others; restrict it to the owner (chmod 600)");
    }
    Instant now = clock.instant();
    X509Certificate leaf = chain.get(0);
    if (now.isAfter(leaf.getNotAfter().toInstant())) {
      warnings.add("http.tls.cert: " + certPath + " expired on " + leaf.getNotAfter().toInstant());
    } else if (now.isBefore(leaf.getNotBefore().toInstant())) {
      warnings.add(
          "http.tls.cert: " + certPath + " is not valid before " + leaf.getNotBefore().toInstant());
    }
    return new TlsMaterial(Buffer.buffer(certBytes), Buffer.buffer(keyBytes), warnings);
  }

  /**
   * The checked key and certificate, as the server's key material (from memory: the files are read
   * once).
   */
  PemKeyCertOptions keyCertOptions() {
    return new PemKeyCertOptions().setCertValue(cert).setKeyValue(key);
  }

  /** What the operator should fix although the server can start. */
  List<String> warnings() {
    return warnings;
  }

  private static byte[] readFile(String setting, Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(setting + ": cannot read " + path + " (no such file)");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(
          setting + ": cannot read " + path + " (permission denied)");
    } catch (IOException e) {
      String reason = Files.isDirectory(path) ? "is a directory" : e.getClass().getSimpleName();
      throw new IllegalArgumentException(setting + ": cannot read " + path + " (" + reason + ")");
    }
  }

  private static List<X509Certificate> certificates(Path path, byte[] pem) {
    if (!new String(pem, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(
          "http.tls.cert: " + path + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    try {
      List<X509Certificate> chain = new ArrayList<>();
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      factory
          .generateCertificates(new ByteArrayInputStream(pem))
          .forEach(c -> chain.add((X509Certificate) c));
      if (chain.isEmpty()) {
        throw new GeneralSecurityException("no certificate");
      }
      return chain;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "http.tls.cert: " + path + " is not a valid PEM certificate");
    }
  }

  private static PrivateKey privateKey(Path path, byte[] pem) {
    Object object;
    try (PEMParser parser =
        new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      // Skip what may come before the key in a combined file: EC parameters, certificates.
      do {
        object = parser.readObject();
      } while (object != null
          && !(object instanceof PEMKeyPair
              || object instanceof PrivateKeyInfo
              || object instanceof PEMEncryptedKeyPair
              || object instanceof PKCS8EncryptedPrivateKeyInfo));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "http.tls.key: " + path + " is not a valid PEM private key");
    }
    if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
      throw new IllegalArgumentException(
          "http.tls.key: " + path + " is encrypted; give an unencrypted PEM private key");
    }
    try {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PEMKeyPair pair) {
        // Only the private part: an OpenSSL EC key may leave out its public key.
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "http.tls.key: " + path + " is not a valid PEM private key");
    }
    throw new IllegalArgumentException(
        "http.tls.key: " + path + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  /**
   * Signs a few bytes with the key and verifies them with the certificate: the two must be one key
   * pair.
   */
  private static void checkPair(PrivateKey key, X509Certificate cert, Path keyPath, Path certPath) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default ->
              throw new IllegalArgumentException(
                  "http.tls.key: "
                      + keyPath
                      + " is a "
                      + key.getAlgorithm()
                      + " key; use an RSA or EC key");
        };
    byte[] probe = "antbot tls pair check".getBytes(StandardCharsets.US_ASCII);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new IllegalArgumentException(
          "http.tls.key: " + keyPath + " does not belong to the certificate in " + certPath);
    }
  }

  private static boolean sharedWithOthers(Path path) {
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    if (view == null) {
      return false;
    }
    try {
      Set<PosixFilePermission> permissions = view.readAttributes().permissions();
      return permissions.stream().anyMatch(SHARED::contains);
    } catch (IOException e) {
      return false;
    }
  }
}
