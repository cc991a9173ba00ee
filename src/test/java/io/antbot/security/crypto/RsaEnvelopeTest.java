package io.antbot.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.antbot.security.testing.Vectors;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RsaEnvelopeTest {

  private static RsaKeyPair keys;

  @BeforeAll
  static void keys() throws Exception {
    // The Wycheproof OAEP key: a fixed 2048-bit key keeps the test fast (no key generation).
    keys =
        RsaKeyPair.fromPem(
            Vectors.object("wycheproof/rsa_oaep_2048_sha256_mgf1sha256_test.json")
                .getJsonArray("testGroups")
                .getJsonObject(0)
                .getString("privateKeyPem"));
  }

  @Test
  @DisplayName("data of any size round-trips: empty, one byte, 1 MB")
  void roundTrip() throws Exception {
    for (int size : new int[] {0, 1, 190, 191, 1 << 20}) {
      byte[] data = new byte[size];
      new Random(size).nextBytes(data);
      byte[] envelope = RsaEnvelope.seal(keys, data);
      assertThat(RsaEnvelope.open(keys, envelope)).as("size %d", size).isEqualTo(data);
    }
  }

  @Test
  @DisplayName("two envelopes of the same data differ (fresh key and nonce)")
  void randomized() throws Exception {
    assertThat(RsaEnvelope.seal(keys, new byte[10]))
        .isNotEqualTo(RsaEnvelope.seal(keys, new byte[10]));
  }

  @Test
  @DisplayName("a changed byte anywhere, or a cut envelope, is refused")
  void tampering() throws Exception {
    byte[] envelope = RsaEnvelope.seal(keys, "hello".getBytes());
    for (int i = 0; i < envelope.length; i += 7) {
      byte[] altered = envelope.clone();
      altered[i] ^= 0x40;
      assertThatThrownBy(() -> RsaEnvelope.open(keys, altered))
          .as("byte %d", i)
          .isInstanceOf(CryptoException.class);
    }
    byte[] cut = java.util.Arrays.copyOf(envelope, envelope.length - 1);
    assertThatThrownBy(() -> RsaEnvelope.open(keys, cut))
        .hasMessage("RSA envelope: decryption failed");
  }

  @Test
  @DisplayName("an envelope for another key is refused with both fingerprints named")
  void otherKey() throws Exception {
    RsaKeyPair other = RsaKeyPair.generate(2048);
    byte[] envelope = RsaEnvelope.seal(other, new byte[3]);
    assertThatThrownBy(() -> RsaEnvelope.open(keys, envelope))
        .hasMessage(
            "RSA envelope: made for key "
                + other.fingerprint()
                + ", not for this service's key "
                + keys.fingerprint());
  }

  @Test
  @DisplayName("PEM keys round-trip; short keys are refused")
  void pem() throws Exception {
    RsaKeyPair again = RsaKeyPair.fromPem(keys.privateKeyPem());
    assertThat(again.fingerprint()).isEqualTo(keys.fingerprint());
    assertThat(RsaKeyPair.publicKeyFromPem(keys.publicKeyPem()).getModulus())
        .isEqualTo(keys.publicKey().getModulus());
    assertThat(keys.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(keys.toString()).doesNotContain("BEGIN");
    assertThatThrownBy(() -> RsaKeyPair.generate(1024))
        .hasMessage("RSA: keys shorter than 2048 bits are refused, got 1024");
  }
}
