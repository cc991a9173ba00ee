package io.antbot.security.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.antbot.security.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BcryptHasherTest {

  private static List<String[]> vectors() {
    return Vectors.text("bcrypt/pyca_vectors.tsv")
        .lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("\t"))
        .toList();
  }

  @Test
  @DisplayName(
      "every pyca vector is reproduced byte for byte from its password bytes and salt, and verifies")
  void pycaVectors() throws Exception {
    List<String[]> vectors = vectors();
    assertThat(vectors).hasSize(28);
    for (String[] vector : vectors) {
      byte[] password = HexFormat.of().parseHex(vector[0]);
      BcryptHasher.Setting setting = BcryptHasher.parse(vector[1]);
      assertThat(BcryptHasher.hash(password, setting.version(), setting.salt(), setting.cost()))
          .as("password %s", vector[0])
          .isEqualTo(vector[2]);
      assertThat(BcryptHasher.verify(password, vector[2])).as("verify %s", vector[0]).isTrue();
    }
  }

  @Test
  @DisplayName("the vectors cover $2a$, $2b$, $2y$ and passwords that are not UTF-8")
  void vectorCoverage() {
    List<String[]> vectors = vectors();
    assertThat(vectors).extracting(v -> v[2].substring(0, 4)).contains("$2a$", "$2b$", "$2y$");
    assertThat(vectors)
        .anySatisfy(v -> assertThat(isUtf8(HexFormat.of().parseHex(v[0]))).isFalse());
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  @Test
  @DisplayName("a wrong password, or one differing in its last byte, does not verify")
  void wrongPassword() throws Exception {
    byte[] password = "correct horse battery".getBytes(StandardCharsets.UTF_8);
    String hash = BcryptHasher.hash(password, 4);
    assertThat(hash).startsWith("$2b$04$").hasSize(60);
    assertThat(BcryptHasher.verify(password, hash)).isTrue();
    byte[] other = password.clone();
    other[other.length - 1] ^= 1;
    assertThat(BcryptHasher.verify(other, hash)).isFalse();
    assertThat(BcryptHasher.verify(new byte[0], hash)).isFalse();
  }

  @Test
  @DisplayName("72 bytes are accepted; 73 are refused with a clear error, never silently cut")
  void lengthLimit() throws Exception {
    byte[] max = new byte[72];
    java.util.Arrays.fill(max, (byte) 'a');
    String hash = BcryptHasher.hash(max, 4);
    assertThat(BcryptHasher.verify(max, hash)).isTrue();
    byte[] tooLong = java.util.Arrays.copyOf(max, 73);
    tooLong[72] = 'a';
    String message =
        "password: 73 bytes is longer than bcrypt's limit of 72 bytes (it would be silently cut); use a shorter password";
    assertThatThrownBy(() -> BcryptHasher.hash(tooLong, 4))
        .isInstanceOf(PasswordException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> BcryptHasher.verify(tooLong, hash)).hasMessage(message);
  }

  @Test
  @DisplayName(
      "the cost is read back from a hash; bad costs, versions and hashes are refused by name")
  void settings() throws Exception {
    assertThat(BcryptHasher.costOf("$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"))
        .isEqualTo(5);
    assertThatThrownBy(() -> BcryptHasher.hash(new byte[1], 3))
        .hasMessage("bcrypt: cost must be from 4 to 31, got 3");
    assertThatThrownBy(
            () ->
                BcryptHasher.verify(
                    new byte[1], "$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"))
        .hasMessage("bcrypt: unsupported version $2x$ (expected 2a, 2b or 2y)");
    assertThatThrownBy(() -> BcryptHasher.verify(new byte[1], "plain text"))
        .hasMessage("bcrypt: not a bcrypt hash (expected 60 characters like $2b$12$...)");
    assertThatThrownBy(
            () ->
                BcryptHasher.verify(
                    new byte[1], "$2b$05$CCCCCCCCCCCCCCCCCCCC!.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"))
        .hasMessage("bcrypt: the salt has characters outside the bcrypt alphabet");
  }
}
