package io.antbot.web;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway self-signed certificate for {@code localhost} / {@code 127.0.0.1} with its EC P-256
 * key (fast to make), written as PEM files: {@code cert.pem} and {@code key.pem} (PKCS#8,
 * owner-only).
 */
record SelfSignedPem(Path cert, Path key) {

  /**
   * Makes a pair valid from an hour ago until {@code validFor} from now, and writes it into {@code
   * dir}.
   */
  static SelfSignedPem create(Path dir, Duration validFor) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      X500Name name = new X500Name("CN=localhost");
      Instant now = Instant.now();
      X509CertificateHolder holder =
          new JcaX509v3CertificateBuilder(
                  name,
                  BigInteger.valueOf(now.toEpochMilli()),
                  Date.from(now.minus(Duration.ofHours(1))),
                  Date.from(now.plus(validFor)),
                  name,
                  pair.getPublic())
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(
                      new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                      }))
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      StringWriter cert = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(cert)) {
        writer.writeObject(holder);
      }
      String key =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'})
                  .encodeToString(pair.getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      Files.createDirectories(dir);
      Path certFile = Files.writeString(dir.resolve("cert.pem"), cert.toString());
      Path keyFile = Files.writeString(dir.resolve("key.pem"), key);
      Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
      return new SelfSignedPem(certFile, keyFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes the key as {@code openssl ecparam -genkey} does: an {@code EC PARAMETERS} block, then
   * the SEC 1 {@code EC PRIVATE KEY} (here without its optional public part), owner-only.
   */
  Path writeOpenSslEcKey(Path file) {
    try {
      String base64 =
          Files.readString(key).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(Base64.getDecoder().decode(base64));
      ECPrivateKey inner = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
      byte[] sec1 =
          new ECPrivateKey(256, inner.getKey(), pkcs8.getPrivateKeyAlgorithm().getParameters())
              .getEncoded();
      Files.writeString(
          file,
          "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
              + "-----BEGIN EC PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(sec1)
              + "\n-----END EC PRIVATE KEY-----\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SelfSignedPem create(Path dir) {
    return create(dir, Duration.ofDays(1));
  }
}
