package io.antbot.cluster;

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
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for the cluster's mutual TLS in tests: an EC P-256 CA and the
 * node certificates it signs (for {@code localhost} / {@code 127.0.0.1}, usable as server and
 * client), written as PEM files the way an operator would give them to {@code cluster.tls}.
 */
final class TestCertificateAuthority {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A node's files: {@code cluster.tls.cert} and {@code cluster.tls.key}. */
  record NodeFiles(Path cert, Path key) {}

  private final X500Name name;
  private final KeyPair pair;
  private final X509CertificateHolder certificate;

  private TestCertificateAuthority(X500Name name, KeyPair pair, X509CertificateHolder certificate) {
    this.name = name;
    this.pair = pair;
    this.certificate = certificate;
  }

  static TestCertificateAuthority create(String commonName) {
    try {
      KeyPair pair = keyPair();
      X500Name name = new X500Name("CN=" + commonName);
      Instant now = Instant.now();
      X509CertificateHolder holder =
          new JcaX509v3CertificateBuilder(
                  name,
                  BigInteger.valueOf(SERIAL.incrementAndGet()),
                  Date.from(now.minus(Duration.ofHours(1))),
                  Date.from(now.plus(Duration.ofDays(1))),
                  name,
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      return new TestCertificateAuthority(name, pair, holder);
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes this CA's certificate ({@code cluster.tls.ca}) to {@code file}. */
  Path writeCertificate(Path file) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, pem(certificate));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Issues a node certificate named {@code commonName}; writes {@code cert.pem}, {@code key.pem}.
   */
  NodeFiles issue(Path dir, String commonName) {
    try {
      KeyPair node = keyPair();
      Instant now = Instant.now();
      X509CertificateHolder holder =
          new JcaX509v3CertificateBuilder(
                  name,
                  BigInteger.valueOf(SERIAL.incrementAndGet()),
                  Date.from(now.minus(Duration.ofHours(1))),
                  Date.from(now.plus(Duration.ofDays(1))),
                  new X500Name("CN=" + commonName),
                  node.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(
                      new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                      }))
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(
                      new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                      }))
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      Files.createDirectories(dir);
      Path cert = Files.writeString(dir.resolve("cert.pem"), pem(holder));
      Path key =
          Files.writeString(
              dir.resolve("key.pem"),
              "-----BEGIN PRIVATE KEY-----\n"
                  + Base64.getMimeEncoder(64, new byte[] {'\n'})
                      .encodeToString(node.getPrivate().getEncoded())
                  + "\n-----END PRIVATE KEY-----\n");
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      return new NodeFiles(cert, key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static String pem(X509CertificateHolder holder) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(holder);
    }
    return text.toString();
  }
}
