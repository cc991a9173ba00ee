package io.antbot.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StrictBase64Test {

  /** The definition: a text is canonical when encoding what it decodes to gives it back. */
  private static byte[] byReencoding(String text, Base64.Encoder encoder) {
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(text);
      return encoder.encodeToString(bytes).equals(text) ? bytes : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Test
  @DisplayName("accepts exactly the texts that encoding gives back, padded and unpadded")
  void sameAsReencoding() {
    Random random = new Random(7);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/.é";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder();
      if (random.nextBoolean()) {
        byte[] bytes = new byte[random.nextInt(12)];
        random.nextBytes(bytes);
        text.append(Base64.getUrlEncoder().encodeToString(bytes));
        if (text.length() > 0 && random.nextBoolean()) {
          int at = random.nextInt(text.length());
          text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
        }
      } else {
        int length = random.nextInt(10);
        for (int j = 0; j < length; j++) {
          text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      String padded = text.toString();
      String unpadded = padded.replace("=", "");
      assertThat(StrictBase64.decodeUrlPadded(padded))
          .as(padded)
          .isEqualTo(byReencoding(padded, Base64.getUrlEncoder()));
      assertThat(StrictBase64.decodeUrlUnpadded(unpadded))
          .as(unpadded)
          .isEqualTo(byReencoding(unpadded, Base64.getUrlEncoder().withoutPadding()));
    }
  }

  @Test
  @DisplayName("refuses non-zero unused bits in the last character")
  void unusedBits() {
    assertThat(StrictBase64.decodeUrlPadded("QQ==")).containsExactly('A');
    assertThat(StrictBase64.decodeUrlPadded("QR==")).isNull();
    assertThat(StrictBase64.decodeUrlUnpadded("QUI")).containsExactly('A', 'B');
    assertThat(StrictBase64.decodeUrlUnpadded("QUJ")).isNull();
  }
}
