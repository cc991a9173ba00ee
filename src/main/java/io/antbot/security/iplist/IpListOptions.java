package io.antbot.security.iplist;

import io.antbot.security.protection.SectionReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Settings of the IP access lists and of client address resolution, from the config section {@code
 * security.ip_lists}. All apply live ({@link IpAccessList#update}, {@link
 * ClientAddressResolver#update}).
 *
 * @param enabled {@code false} allows every address
 * @param allow when not empty, only these addresses and ranges may connect
 * @param deny addresses and ranges always refused (deny wins over allow)
 * @param trustedProxies direct peers whose {@code X-Forwarded-For} is believed (a reverse proxy, a
 *     load balancer)
 * @param readProblems problems found while reading the section; {@link #validate()} adds the rest
 * @param ipv6PrefixBits per-client limits, lockouts and spike counts key an IPv6 client by this
 *     prefix (a host holds a whole /64 and can rotate through it); IPv4 clients by their address
 */
public record IpListOptions(
    boolean enabled,
    List<String> allow,
    List<String> deny,
    List<String> trustedProxies,
    List<String> readProblems,
    int ipv6PrefixBits) {

  public static final String SECTION = "security.ip_lists";
  public static final boolean DEFAULT_ENABLED = true;
  public static final List<String> DEFAULT_ALLOW = List.of();
  public static final List<String> DEFAULT_DENY = List.of();
  public static final List<String> DEFAULT_TRUSTED_PROXIES = List.of();
  public static final int DEFAULT_IPV6_PREFIX_BITS = 64;

  /** The options of the tests and callers that predate the IPv6 prefix: the default prefix. */
  public IpListOptions(
      boolean enabled,
      List<String> allow,
      List<String> deny,
      List<String> trustedProxies,
      List<String> readProblems) {
    this(enabled, allow, deny, trustedProxies, readProblems, DEFAULT_IPV6_PREFIX_BITS);
  }

  private static final Set<String> KEYS =
      Set.of("enabled", "allow", "deny", "trusted_proxies", "ipv6_prefix_bits");

  public IpListOptions {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
    trustedProxies = List.copyOf(trustedProxies);
    readProblems = List.copyOf(readProblems);
  }

  public static IpListOptions defaults() {
    return new IpListOptions(
        DEFAULT_ENABLED, DEFAULT_ALLOW, DEFAULT_DENY, DEFAULT_TRUSTED_PROXIES, List.of());
  }

  public static IpListOptions fromJson(JsonObject section) {
    SectionReader read = new SectionReader(section, SECTION);
    read.rejectUnknown(KEYS);
    return new IpListOptions(
        read.bool("enabled", DEFAULT_ENABLED),
        read.strings("allow", DEFAULT_ALLOW),
        read.strings("deny", DEFAULT_DENY),
        read.strings("trusted_proxies", DEFAULT_TRUSTED_PROXIES),
        read.problems(),
        section != null && section.getValue("ipv6_prefix_bits") instanceof Number bits
            ? bits.intValue()
            : section != null && section.containsKey("ipv6_prefix_bits")
                ? -1
                : DEFAULT_IPV6_PREFIX_BITS);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("enabled", enabled)
        .put("allow", new JsonArray(allow))
        .put("deny", new JsonArray(deny))
        .put("trusted_proxies", new JsonArray(trustedProxies))
        .put("ipv6_prefix_bits", ipv6PrefixBits);
  }

  /** Every problem with its dotted path: each entry must be an IP literal or a CIDR range. */
  public List<String> validate() {
    List<String> problems = new ArrayList<>(readProblems);
    check("allow", allow, problems);
    check("deny", deny, problems);
    check("trusted_proxies", trustedProxies, problems);
    if (ipv6PrefixBits < 1 || ipv6PrefixBits > 128) {
      problems.add(SECTION + ".ipv6_prefix_bits: expected an integer from 1 to 128");
    }
    return problems;
  }

  private static void check(String key, List<String> entries, List<String> problems) {
    for (int i = 0; i < entries.size(); i++) {
      if (CidrRange.parse(entries.get(i)) == null) {
        problems.add(
            SECTION
                + "."
                + key
                + "["
                + i
                + "]: expected an IP address or CIDR range such as 10.0.0.0/8 "
                + "or 2001:db8::/32, got \""
                + entries.get(i)
                + "\"");
      }
    }
  }

  static List<CidrRange> ranges(List<String> entries) {
    return entries.stream().map(CidrRange::parse).filter(java.util.Objects::nonNull).toList();
  }
}
