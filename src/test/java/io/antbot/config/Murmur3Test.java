package io.antbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * MurmurHash3_x86_32 against published reference values.
 *
 * <p>Sources: the verification value 0xB0F57EE3 of Austin Appleby's SMHasher ({@code main.cpp},
 * entry "Murmur3A", computed by {@code VerificationTest} in {@code KeysetTest.cpp}); the
 * short-string vectors are the ones commonly quoted from the reference implementation (Wikipedia's
 * MurmurHash article and the test suites of several ports: empty input with seeds 0, 1 and
 * 0xffffffff, "abc", "Hello, world!", "The quick brown fox...").
 */
class Murmur3Test {

  private static int hash(String text, int seed) {
    return Murmur3.hash32(text.getBytes(StandardCharsets.UTF_8), seed);
  }

  @Test
  @DisplayName("matches the reference values for short inputs and seeds")
  void knownVectors() {
    assertThat(hash("", 0)).isEqualTo(0);
    assertThat(hash("", 1)).isEqualTo(0x514E28B7);
    assertThat(hash("", 0xffffffff)).isEqualTo(0x81F16F39);
    assertThat(Murmur3.hash32(new byte[] {0, 0, 0, 0}, 0)).isEqualTo(0x2362F9DE);
    assertThat(hash("a", 0x9747b28c)).isEqualTo(0x7FA09EA6);
    assertThat(hash("aa", 0x9747b28c)).isEqualTo(0x5D211726);
    assertThat(hash("aaa", 0x9747b28c)).isEqualTo(0x283E0130);
    assertThat(hash("aaaa", 0x9747b28c)).isEqualTo(0x5A97808A);
    assertThat(hash("abc", 0)).isEqualTo(0xB3DD93FA);
    assertThat(hash("Hello, world!", 0x9747b28c)).isEqualTo(0x24884CBA);
    assertThat(hash("The quick brown fox jumps over the lazy dog", 0x9747b28c))
        .isEqualTo(0x2FA826CD);
  }

  @Test
  @DisplayName("passes SMHasher's verification test (0xB0F57EE3)")
  void smhasherVerification() {
    byte[] key = new byte[256];
    byte[] hashes = new byte[4 * 256];
    for (int i = 0; i < 256; i++) {
      key[i] = (byte) i;
      int h = Murmur3.hash32(key, 0, i, 256 - i);
      hashes[i * 4] = (byte) h;
      hashes[i * 4 + 1] = (byte) (h >>> 8);
      hashes[i * 4 + 2] = (byte) (h >>> 16);
      hashes[i * 4 + 3] = (byte) (h >>> 24);
    }
    assertThat(Murmur3.hash32(hashes, 0)).isEqualTo(0xB0F57EE3);
  }

  @Test
  @DisplayName("hashes a slice of an array like the same bytes on their own")
  void offsets() {
    byte[] data = "xxabcdefgxx".getBytes(StandardCharsets.UTF_8);
    assertThat(Murmur3.hash32(data, 2, 7, 42)).isEqualTo(hash("abcdefg", 42));
  }
}
