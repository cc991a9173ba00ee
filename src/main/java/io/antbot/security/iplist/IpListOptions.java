package io.antbot.security.iplist;

import io.antbot.settings.SectionReader;
import io.antbot.settings.Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

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

  public IpListOptions {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
    trustedProxies = List.copyOf(trustedProxies);
    readProblems = List.copyOf(readProblems);
  }

  public static IpListOptions defaults() {
    return fromJson(new JsonObject());
  }

  public static IpListOptions fromJson(JsonObject section) {
    SectionReader read = Settings.read(SECTION, section);
    read.rejectUnknown();
    return new IpListOptions(
        read.bool("enabled"),
        read.strings("allow"),
        read.strings("deny"),
        read.strings("trusted_proxies"),
        read.problems(),
        (int) read.integer("ipv6_prefix_bits"));
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
