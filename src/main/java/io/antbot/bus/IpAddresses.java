package io.antbot.bus;

import java.util.regex.Pattern;

/**
 * IP address literals to bytes and back, by hand: 4 bytes for IPv4, 16 for IPv6, with IPv4-mapped
 * IPv6 ({@code ::ffff:192.0.2.1}) folded to its IPv4 form so that one rule covers both spellings.
 *
 * <p>Hand-written rather than {@link java.net.InetAddress#getByName}: that method resolves anything
 * that is not a literal through DNS — a blocking call, and a lookup an attacker could trigger with
 * a forged header — and its accepted forms vary. Here only literals parse; anything else is {@code
 * null}.
 *
 * <p>In the contract package because both sides need the same rule: message records check that an
 * address field is a literal ({@link JsonFields#IP_LITERAL}), the security service matches the
 * parsed bytes against its lists.
 */
public final class IpAddresses {

  private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}");

  private IpAddresses() {}

  /**
   * The address bytes of an IPv4 or IPv6 literal (brackets, a zone id and a port are tolerated), or
   * {@code null}.
   */
  public static byte[] parse(String text) {
    if (text == null) {
      return null;
    }
    String s = text.strip();
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        return null;
      }
      s = s.substring(1, close);
    } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':') && s.indexOf('.') > 0) {
      s = s.substring(0, s.indexOf(':'));
    }
    int zone = s.indexOf('%');
    if (zone >= 0) {
      s = s.substring(0, zone);
    }
    byte[] bytes = s.indexOf(':') >= 0 ? parseV6(s) : parseV4(s);
    return bytes == null ? null : unmap(bytes);
  }

  /**
   * Whether {@code text} is an address literal in a form {@link #parse} reads, strictly: a port,
   * when present after an IPv4 literal or a bracketed IPv6 one, is a number from 0 to 65535.
   */
  public static boolean isLiteral(String text) {
    if (text == null) {
      return false;
    }
    int colon = text.lastIndexOf(':');
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || (close + 1 < text.length() && !isPort(text.substring(close + 1)))) {
        return false;
      }
    } else if (colon >= 0
        && text.indexOf(':') == colon
        && text.indexOf('.') > 0
        && !isPort(text.substring(colon))) {
      return false;
    }
    return parse(text) != null;
  }

  private static boolean isPort(String text) {
    return PORT.matcher(text).matches() && Integer.parseInt(text.substring(1)) <= 65_535;
  }

  private static byte[] parseV4(String s) {
    byte[] out = new byte[4];
    int part = 0;
    int value = -1;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : '.';
      if (c == '.') {
        if (value < 0 || part > 3) {
          return null;
        }
        out[part++] = (byte) value;
        value = -1;
      } else if (c >= '0' && c <= '9') {
        value = value < 0 ? c - '0' : value * 10 + (c - '0');
        if (value > 255) {
          return null;
        }
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }

  private static byte[] parseV6(String s) {
    byte[] out = new byte[16];
    int gap = -1;
    int at = 0;
    int i = 0;
    int n = s.length();
    if (s.startsWith("::")) {
      gap = 0;
      i = 2;
      if (i == n) {
        return out;
      }
    }
    while (i < n) {
      if (at >= 16) {
        return null;
      }
      int end = i;
      while (end < n && s.charAt(end) != ':') {
        end++;
      }
      String group = s.substring(i, end);
      if (group.indexOf('.') >= 0) {
        byte[] v4 = end == n && at <= 12 ? parseV4(group) : null;
        if (v4 == null) {
          return null;
        }
        System.arraycopy(v4, 0, out, at, 4);
        at += 4;
        i = end;
        break;
      }
      if (group.isEmpty() || group.length() > 4) {
        return null;
      }
      int value = 0;
      for (int k = 0; k < group.length(); k++) {
        int digit = Character.digit(group.charAt(k), 16);
        if (digit < 0) {
          return null;
        }
        value = value * 16 + digit;
      }
      out[at++] = (byte) (value >>> 8);
      out[at++] = (byte) value;
      if (end == n) {
        i = end;
        break;
      }
      if (end + 1 < n && s.charAt(end + 1) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = at;
        i = end + 2;
      } else {
        i = end + 1;
        if (i == n) {
          return null;
        }
      }
    }
    if (gap >= 0) {
      int tail = at - gap;
      System.arraycopy(out, gap, out, 16 - tail, tail);
      java.util.Arrays.fill(out, gap, 16 - tail, (byte) 0);
    } else if (at != 16) {
      return null;
    }
    return out;
  }

  /** {@code ::ffff:a.b.c.d} becomes {@code a.b.c.d}. */
  public static byte[] unmap(byte[] bytes) {
    if (bytes.length == 16 && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) {
      for (int k = 0; k < 10; k++) {
        if (bytes[k] != 0) {
          return bytes;
        }
      }
      return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }
    return bytes;
  }

  /**
   * {@link #format(byte[])} of {@code bytes}, parsed from {@code text}: {@code text} itself when it
   * already is that form, as an IPv4 peer address from the socket always is (no string built per
   * request). An IPv4 text of the canonical length is the canonical text: every other form {@link
   * #parse} reads (leading zeros, a port, brackets, white space, an IPv4-mapped IPv6 form) is
   * longer.
   */
  public static String format(String text, byte[] bytes) {
    if (bytes.length == 4) {
      int length = 3;
      for (byte b : bytes) {
        int octet = b & 255;
        length += octet >= 100 ? 3 : octet >= 10 ? 2 : 1;
      }
      if (text.length() == length) {
        return text;
      }
    }
    return format(bytes);
  }

  /** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as {@code ::}). */
  public static String format(byte[] bytes) {
    if (bytes.length == 4) {
      return (bytes[0] & 255)
          + "."
          + (bytes[1] & 255)
          + "."
          + (bytes[2] & 255)
          + "."
          + (bytes[3] & 255);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int g = 0; g < 8; g++) {
      int length = 0;
      while (g + length < 8 && bytes[2 * (g + length)] == 0 && bytes[2 * (g + length) + 1] == 0) {
        length++;
      }
      if (length > bestLength) {
        bestStart = g;
        bestLength = length;
      }
    }
    StringBuilder out = new StringBuilder();
    for (int g = 0; g < 8; g++) {
      if (g == bestStart) {
        out.append("::");
        g += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(((bytes[2 * g] & 255) << 8) | (bytes[2 * g + 1] & 255)));
    }
    return out.toString();
  }
}
