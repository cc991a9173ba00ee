package io.antbot.security.iplist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.antbot.bus.IpAddresses;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IpAccessListTest {

  private static IpListOptions lists(List<String> allow, List<String> deny) {
    return new IpListOptions(true, allow, deny, List.of(), List.of(), 64);
  }

  @Test
  @DisplayName("IPv4 and IPv6 literals parse by hand and format canonically; names never resolve")
  void literals() {
    assertThat(IpAddresses.format(IpAddresses.parse("203.0.113.7"))).isEqualTo("203.0.113.7");
    assertThat(IpAddresses.format(IpAddresses.parse("2001:DB8:0:0:0:0:0:1")))
        .isEqualTo("2001:db8::1");
    assertThat(IpAddresses.format(IpAddresses.parse("[2001:db8::1]:8443")))
        .isEqualTo("2001:db8::1");
    assertThat(IpAddresses.format(IpAddresses.parse("::ffff:192.0.2.1"))).isEqualTo("192.0.2.1");
    assertThat(IpAddresses.format(IpAddresses.parse("198.51.100.4:51234")))
        .isEqualTo("198.51.100.4");
    assertThat(IpAddresses.format(IpAddresses.parse("fe80::1%eth0"))).isEqualTo("fe80::1");
    assertThat(IpAddresses.format(IpAddresses.parse("::"))).isEqualTo("::");
    for (String bad :
        List.of(
            "localhost",
            "256.1.1.1",
            "1.2.3",
            "1:2:3",
            "1::2::3",
            "example.com",
            "",
            "1.2.3.4.5",
            "12345::",
            ":1",
            "1:2:3:4:5:6:7:8:9")) {
      assertThat(IpAddresses.parse(bad)).as(bad).isNull();
    }
  }

  @Test
  @DisplayName("CIDR ranges match on prefix bits, for IPv4, IPv6 and mapped addresses")
  void ranges() {
    CidrRange v4 = CidrRange.parse("10.1.2.3/12");
    assertThat(v4).hasToString("10.0.0.0/12");
    assertThat(v4.contains(IpAddresses.parse("10.15.255.255"))).isTrue();
    assertThat(v4.contains(IpAddresses.parse("10.16.0.0"))).isFalse();
    assertThat(v4.contains(IpAddresses.parse("::ffff:10.2.0.1"))).isTrue();
    CidrRange v6 = CidrRange.parse("2001:db8::/33");
    assertThat(v6.contains(IpAddresses.parse("2001:db8:7fff::1"))).isTrue();
    assertThat(v6.contains(IpAddresses.parse("2001:db8:8000::1"))).isFalse();
    assertThat(v6.contains(IpAddresses.parse("10.0.0.1"))).isFalse();
    assertThat(CidrRange.parse("0.0.0.0/0").contains(IpAddresses.parse("8.8.8.8"))).isTrue();
    assertThat(CidrRange.parse("::ffff:10.0.0.0/104")).hasToString("10.0.0.0/8");
    assertThat(CidrRange.parse("10.0.0.0/33")).isNull();
    assertThat(CidrRange.parse("10.0.0.0/x")).isNull();
  }

  @Test
  @DisplayName("deny wins, a non-empty allow-list admits only its ranges, and lists reload live")
  void decisions() throws Exception {
    IpAccessList list =
        new IpAccessList(lists(List.of(), List.of("203.0.113.0/24", "2001:db8:bad::/48")));
    assertThat(list.decide("203.0.113.77"))
        .isEqualTo(new IpDecision(false, "deny-list", "203.0.113.0/24"));
    assertThat(list.decide("2001:db8:bad:1::5").reason()).isEqualTo("deny-list");
    assertThat(list.decide(InetAddress.getByName("198.51.100.1")))
        .isEqualTo(new IpDecision(true, "allowed", null));

    list.update(lists(List.of("127.0.0.1", "10.0.0.0/8"), List.of("10.9.9.9")));
    assertThat(list.decide("10.1.1.1")).isEqualTo(new IpDecision(true, "allowed", "10.0.0.0/8"));
    assertThat(list.decide("10.9.9.9").reason()).isEqualTo("deny-list");
    assertThat(list.decide("203.0.113.77"))
        .isEqualTo(new IpDecision(false, "not-in-allow-list", null));
    assertThat(list.decide("not-an-ip").reason()).isEqualTo("invalid-address");

    list.update(
        IpListOptions.fromJson(
            new JsonObject().put("enabled", false).put("deny", List.of("10.9.9.9"))));
    assertThat(list.decide("10.9.9.9").allowed()).isTrue();
  }

  @Test
  @DisplayName("a bad entry is refused with its path, and the previous lists stay in force")
  void invalidEntries() {
    IpAccessList list = new IpAccessList(lists(List.of(), List.of("203.0.113.0/24")));
    IpListOptions bad =
        IpListOptions.fromJson(
            new JsonObject()
                .put("deny", List.of("10.0.0.0/8", "evil.example"))
                .put("trusted_proxies", "10.0.0.1"));
    assertThat(bad.validate())
        .containsExactly(
            "security.ip_lists.trusted_proxies: expected a list of strings, got \"10.0.0.1\"",
            "security.ip_lists.deny[1]: expected an IP address or CIDR range such as 10.0.0.0/8 or 2001:db8::/32, "
                + "got \"evil.example\"");
    assertThatThrownBy(() -> list.update(bad)).isInstanceOf(IllegalArgumentException.class);
    assertThat(list.decide("203.0.113.1").allowed()).isFalse();
  }
}
