package io.antbot.security.iplist;

import io.antbot.bus.IpAddresses;
import java.util.List;

/**
 * Finds the client's address behind reverse proxies, believing {@code X-Forwarded-For} only as far
 * as it was written by proxies we trust.
 *
 * <p>Algorithm (rightmost untrusted): when the direct peer is not a trusted proxy, it is the client
 * and the header is ignored — anyone can send one. Otherwise the header's entries are read from
 * right to left (each proxy appends the address it received from), skipping trusted proxies; the
 * first untrusted entry is the client. Entries left of it were written by the client and could be
 * anything, so they are never used. If every entry is a trusted proxy, the leftmost one is the
 * client; if an entry is not an IP literal, the hop that reported it is used instead.
 *
 * <p>Thread-safe: {@link #update(IpListOptions)} swaps the trusted list.
 */
public final class ClientAddressResolver {

  private volatile List<CidrRange> trusted;
  private volatile int ipv6PrefixBits;

  /**
   * @throws IllegalArgumentException listing every problem when {@code options} do not validate
   */
  public ClientAddressResolver(IpListOptions options) {
    update(options);
  }

  public void update(IpListOptions options) {
    List<String> problems = options.validate();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    trusted = IpListOptions.ranges(options.trustedProxies());
    ipv6PrefixBits = options.ipv6PrefixBits();
  }

  /**
   * The key under which per-client limits, lockouts and spike counts count {@code clientIp}: an
   * IPv4 address as it is, an IPv6 address as its network of {@code ipv6_prefix_bits} ({@code
   * 2001:db8:1:2::/64}), so that one host rotating through its /64 is still one client; text that
   * is not an IP literal as it is.
   */
  public String keyOf(String clientIp) {
    return keyOf(clientIp, IpAddresses.parse(clientIp));
  }

  /** {@link #keyOf(String)} of a client already resolved, without parsing its address again. */
  public String keyOf(Client client) {
    return keyOf(client.text(), client.address());
  }

  private String keyOf(String clientIp, byte[] address) {
    if (address == null || address.length == 4) {
      return clientIp;
    }
    int bits = ipv6PrefixBits;
    byte[] network = address.clone();
    for (int i = 0; i < network.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - i * 8));
      network[i] &= (byte) (0xFF << (8 - keep));
    }
    return IpAddresses.format(network) + "/" + bits;
  }

  /**
   * The client address, in canonical text form.
   *
   * @param remoteAddress the TCP peer ({@code request.remoteAddress().host()})
   * @param forwardedFor every {@code X-Forwarded-For} value in order, joined with commas; {@code
   *     null} when absent
   */
  public String resolve(String remoteAddress, String forwardedFor) {
    return resolve(remoteAddress, forwardedFor, trusted).text();
  }

  /**
   * {@link #resolve(String, String)} with the address's bytes, for an IP-list decision without
   * parsing it again.
   */
  public Client resolveClient(String remoteAddress, String forwardedFor) {
    return resolve(remoteAddress, forwardedFor, trusted);
  }

  /**
   * A resolved client address.
   *
   * @param text canonical text form (the remote address as given when it is not an IP literal)
   * @param address the address's 4 or 16 bytes, or {@code null} when it is not an IP literal
   */
  public record Client(String text, byte[] address) {}

  /** The same, with an explicit list of trusted proxies. */
  public static Client resolve(
      String remoteAddress, String forwardedFor, List<CidrRange> trustedProxies) {
    byte[] peer = IpAddresses.parse(remoteAddress);
    if (peer == null) {
      return new Client(remoteAddress, null);
    }
    byte[] client = peer;
    if (forwardedFor == null || forwardedFor.isBlank() || !isTrusted(peer, trustedProxies)) {
      return new Client(IpAddresses.format(remoteAddress, client), client);
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      byte[] hop = IpAddresses.parse(hops[i].strip());
      if (hop == null) {
        break;
      }
      client = hop;
      if (!isTrusted(hop, trustedProxies)) {
        break;
      }
    }
    return new Client(IpAddresses.format(client), client);
  }

  private static boolean isTrusted(byte[] address, List<CidrRange> trustedProxies) {
    for (CidrRange range : trustedProxies) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
