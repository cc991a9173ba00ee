package io.antbot.security.iplist;

import io.antbot.bus.IpAddresses;
import java.net.InetAddress;
import java.util.List;

/**
 * The IP allow-list and deny-list, IPv4 and IPv6 CIDR ranges, reloaded live by {@link
 * #update(IpListOptions)}.
 *
 * <p>Order: an address in the deny-list is refused; otherwise, when the allow-list is not empty, an
 * address outside it is refused; otherwise it is allowed. An IPv4-mapped IPv6 address matches IPv4
 * entries. Lists are scanned linearly (each test is a few byte comparisons), which suits the tens
 * to hundreds of entries an operator keeps.
 *
 * <p>Thread-safe: an update swaps an immutable snapshot.
 */
public final class IpAccessList {

  private static final IpDecision DISABLED = new IpDecision(true, "disabled", null);
  private static final IpDecision INVALID = new IpDecision(false, "invalid-address", null);
  private static final IpDecision ALLOWED = new IpDecision(true, "allowed", null);

  private record Lists(boolean enabled, List<CidrRange> allow, List<CidrRange> deny) {}

  private volatile Lists lists;

  /**
   * @throws IllegalArgumentException listing every problem when {@code options} do not validate
   */
  public IpAccessList(IpListOptions options) {
    update(options);
  }

  public void update(IpListOptions options) {
    List<String> problems = options.validate();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    lists =
        new Lists(
            options.enabled(),
            IpListOptions.ranges(options.allow()),
            IpListOptions.ranges(options.deny()));
  }

  public IpDecision decide(InetAddress address) {
    return decide(address.getAddress());
  }

  /** Decides for an address literal (as {@code request.remoteAddress().host()} gives it). */
  public IpDecision decide(String address) {
    return decide(IpAddresses.parse(address));
  }

  /**
   * Decides for an address's 4 or 16 bytes; {@code null} stands for something that is not an IP
   * address.
   */
  public IpDecision decide(byte[] raw) {
    Lists current = lists;
    if (!current.enabled()) {
      return DISABLED;
    }
    if (raw == null) {
      return INVALID;
    }
    byte[] bytes = IpAddresses.unmap(raw);
    for (CidrRange range : current.deny()) {
      if (range.contains(bytes)) {
        return new IpDecision(false, "deny-list", range.toString());
      }
    }
    if (current.allow().isEmpty()) {
      return ALLOWED;
    }
    for (CidrRange range : current.allow()) {
      if (range.contains(bytes)) {
        return new IpDecision(true, "allowed", range.toString());
      }
    }
    return new IpDecision(false, "not-in-allow-list", null);
  }
}
