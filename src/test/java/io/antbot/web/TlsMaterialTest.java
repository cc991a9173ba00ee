package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks on the PEM files of {@code http.tls} that can start the server but deserve a warning,
 * and formats.
 */
class TlsMaterialTest {

  @TempDir Path dir;

  @Test
  @DisplayName("an owner-only key and a current certificate load without warnings")
  void clean() {
    SelfSignedPem pem = SelfSignedPem.create(dir);
    TlsMaterial tls = TlsMaterial.read(pem.cert(), pem.key(), Clock.systemUTC());
    assertThat(tls.warnings()).isEmpty();
    assertThat(tls.keyCertOptions().getCertValue().toString())
        .startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  @DisplayName("a key file readable by group or others loads with a warning naming it")
  void sharedKey() throws IOException {
    SelfSignedPem pem = SelfSignedPem.create(dir);
    Files.setPosixFilePermissions(pem.key(), PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(TlsMaterial.read(pem.cert(), pem.key(), Clock.systemUTC()).warnings())
        .containsExactly(
            "http.tls.key: "
                + pem.key()
                + " is readable by group or others; restrict it to the owner (chmod 600)");
  }

  @Test
  @DisplayName("an expired certificate loads with a warning giving the date")
  void expired() {
    SelfSignedPem pem = SelfSignedPem.create(dir, Duration.ofMinutes(1));
    Instant later = Instant.now().plus(Duration.ofDays(2));
    TlsMaterial tls = TlsMaterial.read(pem.cert(), pem.key(), Clock.fixed(later, ZoneOffset.UTC));
    assertThat(tls.warnings())
        .singleElement()
        .asString()
        .startsWith("http.tls.cert: " + pem.cert() + " expired on ");
  }

  @Test
  @DisplayName("an encrypted PKCS#8 key is refused with a hint to give an unencrypted one")
  void encryptedKey() throws Exception {
    SelfSignedPem pem = SelfSignedPem.create(dir);
    OutputEncryptor encryptor =
        new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
            .setProvider(new BouncyCastleProvider())
            .setPassword("secret-for-test".toCharArray())
            .build();
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(new JcaPKCS8Generator(privateKey(pem.key()), encryptor));
    }
    Path encrypted = Files.writeString(dir.resolve("encrypted.pem"), text.toString());
    assertThatThrownBy(() -> TlsMaterial.read(pem.cert(), encrypted, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "http.tls.key: " + encrypted + " is encrypted; give an unencrypted PEM private key");
  }

  @Test
  @DisplayName(
      "an OpenSSL-style SEC 1 EC key after EC parameters, without its public part, is found and accepted")
  void ecKeyWithParameters() throws Exception {
    SelfSignedPem pem = SelfSignedPem.create(dir);
    Path openssl = pem.writeOpenSslEcKey(dir.resolve("openssl.pem"));
    assertThat(TlsMaterial.read(pem.cert(), openssl, Clock.systemUTC()).warnings()).isEmpty();
  }

  @Test
  @DisplayName("a directory given as the certificate is refused naming it")
  void directory() {
    SelfSignedPem pem = SelfSignedPem.create(dir.resolve("tls"));
    assertThatThrownBy(() -> TlsMaterial.read(dir, pem.key(), Clock.systemUTC()))
        .hasMessage("http.tls.cert: cannot read " + dir + " (is a directory)");
  }

  private static PrivateKey privateKey(Path pkcs8) throws Exception {
    String base64 =
        Files.readString(pkcs8).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}
