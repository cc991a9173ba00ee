package io.antbot.security.crypto;

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
    int padding = 0;
    while (padding < 2 && padding < length && text.charAt(length - 1 - padding) == '=') {
      padding++;
    }
    if (padding > 0 && decodedLengthUrlUnpadded(text, 0, length - padding) < 0) {
      return null;
    }
    if (padding == 0 && !allUrlCharacters(text, 0, length)) {
      return null;
    }
    return URL.decode(text);
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
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '-' ? 62 : 63;
  }

  public static String encodeUrlUnpadded(byte[] bytes) {
    return URL_NO_PADDING.encodeToString(bytes);
  }

  public static String encodeUrlPadded(byte[] bytes) {
    return URL_PADDED.encodeToString(bytes);
  }

  private static boolean isUrlCharacter(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }
}
