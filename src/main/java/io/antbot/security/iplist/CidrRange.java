package io.antbot.security.iplist;

import io.antbot.bus.IpAddresses;
import java.util.Arrays;

/**
 * An address range in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}), or a single
 * address ({@code /32} or {@code /128} implied). Matching compares the first {@code prefix} bits of
 * the byte arrays.
 */
public final class CidrRange {

  private final byte[] network;
  private final int prefix;
  private final String text;

  private CidrRange(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Parses {@code text}; {@code null} when it is not an address or a range. Host bits are cleared.
   */
  public static CidrRange parse(String text) {
    if (text == null) {
      return null;
    }
    String s = text.strip();
    int slash = s.indexOf('/');
    byte[] address = IpAddresses.parse(slash < 0 ? s : s.substring(0, slash));
    if (address == null) {
      return null;
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        return null;
      }
      // a mapped IPv6 range (::ffff:0:0/96 + n) was folded to IPv4: shift its prefix accordingly
      if (address.length == 4 && s.substring(0, slash).indexOf(':') >= 0) {
        prefix -= 96;
      }
      if (prefix < 0 || prefix > bits) {
        return null;
      }
    }
    byte[] network = Arrays.copyOf(address, address.length);
    for (int bit = prefix; bit < bits; bit++) {
      network[bit >>> 3] &= (byte) ~(0x80 >>> (bit & 7));
    }
    return new CidrRange(network, prefix, IpAddresses.format(network) + "/" + prefix);
  }

  /**
   * Whether {@code address} (4 or 16 bytes, as from {@link IpAddresses#parse}) lies in this range.
   */
  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int whole = prefix >>> 3;
    for (int k = 0; k < whole; k++) {
      if (address[k] != network[k]) {
        return false;
      }
    }
    int rest = prefix & 7;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff00 >>> rest) & 0xff;
    return (address[whole] & mask) == (network[whole] & mask);
  }

  /** The canonical form, e.g. {@code 10.0.0.0/8}. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CidrRange range && range.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
