package io.antbot.security.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Base64 decoding that accepts exactly one spelling of each byte string.
 *
 * <p>The JDK decoders accept padding where none is expected, and ignore the unused low bits of the
 * last character, so several texts decode to the same bytes. A MAC or signature is computed over
 * the text, not the bytes, so a token must have one spelling only: anything else is rejected here.
 */
public final class StrictBase64 {

  private static final Base64.Decoder URL = Base64.getUrlDecoder();
  private static final Base64.Encoder URL_NO_PADDING = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Encoder URL_PADDED = Base64.getUrlEncoder();

  /** Each base64url character's 6-bit value, -1 for every other character below 128. */
  private static final byte[] VALUES = new byte[128];

  static {
    Arrays.fill(VALUES, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = (byte) i;
    }
  }

  private StrictBase64() {}

  /**
   * Decodes unpadded base64url (RFC 7515 section 2) or returns {@code null} when {@code text} is
   * not its canonical form: characters outside {@code A-Z a-z 0-9 - _}, a length that leaves one
   * spare character, or non-zero unused bits in the last character.
   */
  public static byte[] decodeUrlUnpadded(String text) {
    return decodedLengthUrlUnpadded(text) < 0 ? null : URL.decode(text);
  }

  /**
   * Decodes padded base64url as Python's {@code base64.urlsafe_b64encode} writes it (what Fernet
   * uses), or returns {@code null} when {@code text} is not that canonical form.
   */
  public static byte[] decodeUrlPadded(String text) {
    int length = text.length();
    if (length % 4 != 0) {
      return null;
    }
    // One copy to bytes, checked there and handed to the decoder (which would otherwise copy the
    // text again); a character above 0xFF becomes '?', which is refused like any other.
    byte[] ascii = text.getBytes(StandardCharsets.ISO_8859_1);
    int padding = 0;
    while (padding < 2 && padding < length && ascii[length - 1 - padding] == '=') {
      padding++;
    }
    int end = length - padding;
    for (int i = 0; i < end; i++) {
      byte b = ascii[i];
      if (b < 0 || VALUES[b] < 0) {
        return null;
      }
    }
    int unusedBits = padding == 0 ? 0 : padding == 1 ? 0x03 : 0x0F;
    if (end > 0 && (VALUES[ascii[end - 1]] & unusedBits) != 0) {
      return null;
    }
    return URL.decode(ascii);
  }

  /**
   * The number of bytes {@code text} decodes to when it is canonical unpadded base64url (as {@link
   * #decodeUrlUnpadded} accepts it), or -1 — without decoding.
   */
  public static int decodedLengthUrlUnpadded(String text) {
    return decodedLengthUrlUnpadded(text, 0, text.length());
  }

  /**
   * {@link #decodedLengthUrlUnpadded(String)} of the characters of {@code text} from {@code from}
   * (inclusive) to {@code to} (exclusive).
   *
   * <p>Canonical means: only base64url characters, a length that leaves no lone character, and zero
   * unused low bits in the last character. Checking those directly is what the JDK decoder lacks;
   * it is equivalent to, and cheaper than, decoding and encoding again to compare.
   */
  public static int decodedLengthUrlUnpadded(String text, int from, int to) {
    int length = to - from;
    int remainder = length % 4;
    if (remainder == 1 || !allUrlCharacters(text, from, to)) {
      return -1;
    }
    if (remainder != 0) {
      int unusedBits = remainder == 2 ? 0x0F : 0x03;
      if ((value(text.charAt(to - 1)) & unusedBits) != 0) {
        return -1;
      }
    }
    return length / 4 * 3 + (remainder == 0 ? 0 : remainder - 1);
  }

  private static boolean allUrlCharacters(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isUrlCharacter(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static int value(char c) {
    return VALUES[c];
  }

  public static String encodeUrlUnpadded(byte[] bytes) {
    return URL_NO_PADDING.encodeToString(bytes);
  }

  public static String encodeUrlPadded(byte[] bytes) {
    return URL_PADDED.encodeToString(bytes);
  }

  private static boolean isUrlCharacter(char c) {
    return c < 128 && VALUES[c] >= 0;
  }
}
