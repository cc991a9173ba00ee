package io.antbot.security.iplist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

  private final ClientAddressResolver resolver =
      new ClientAddressResolver(
          new IpListOptions(
              true,
              List.of(),
              List.of(),
              List.of("10.0.0.0/8", "2001:db8:ffff::/48"),
              List.of(),
              IpListOptions.defaults().ipv6PrefixBits()));

  @Test
  @DisplayName("a spoofed X-Forwarded-For from an untrusted peer changes nothing")
  void spoofedHeaderIgnored() {
    assertThat(resolver.resolve("198.51.100.23", "1.2.3.4")).isEqualTo("198.51.100.23");
    assertThat(resolver.resolve("198.51.100.23", "127.0.0.1, 10.0.0.5")).isEqualTo("198.51.100.23");
    assertThat(resolver.resolve("198.51.100.23", null)).isEqualTo("198.51.100.23");
  }

  @Test
  @DisplayName("behind trusted proxies the rightmost untrusted entry is the client")
  void rightmostUntrusted() {
    assertThat(resolver.resolve("10.0.0.2", "203.0.113.9")).isEqualTo("203.0.113.9");
    // the client prepended a fake address: it is left of the real one and never used
    assertThat(resolver.resolve("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.7"))
        .isEqualTo("203.0.113.9");
    assertThat(resolver.resolve("2001:db8:ffff::2", "[2001:db8:1::9]:5000"))
        .isEqualTo("2001:db8:1::9");
    assertThat(resolver.resolve("::ffff:10.0.0.2", "203.0.113.9")).isEqualTo("203.0.113.9");
  }

  @Test
  @DisplayName("only trusted hops: the leftmost is the client; garbage: the hop that reported it")
  void edgeCases() {
    assertThat(resolver.resolve("10.0.0.2", "10.0.0.3, 10.0.0.4")).isEqualTo("10.0.0.3");
    assertThat(resolver.resolve("10.0.0.2", "203.0.113.9, unknown")).isEqualTo("10.0.0.2");
    assertThat(resolver.resolve("10.0.0.2", "  ")).isEqualTo("10.0.0.2");
  }

  @Test
  @DisplayName(
      "the peer's address comes out canonical whatever its form, given back as is when it already is; its key without a second parse")
  void canonicalPeer() {
    String peer = new String("198.51.100.23");
    ClientAddressResolver.Client client = resolver.resolveClient(peer, null);
    assertThat(client.text()).isSameAs(peer);
    assertThat(resolver.keyOf(client)).isSameAs(peer).isEqualTo(resolver.keyOf("198.51.100.23"));
    assertThat(resolver.resolve("010.0.0.1", null)).isEqualTo("10.0.0.1");
    assertThat(resolver.resolve(" 1.2.3.4 ", null)).isEqualTo("1.2.3.4");
    assertThat(resolver.resolve("1.2.3.4:8080", null)).isEqualTo("1.2.3.4");
    assertThat(resolver.resolve("::ffff:1.2.3.4", null)).isEqualTo("1.2.3.4");
    assertThat(resolver.resolve("0.0.0.0", null)).isEqualTo("0.0.0.0");
    assertThat(resolver.resolve("255.255.255.255", null)).isEqualTo("255.255.255.255");
    ClientAddressResolver.Client v6 = resolver.resolveClient("2001:db8:0:0:1:2:3:4", null);
    assertThat(v6.text()).isEqualTo("2001:db8::1:2:3:4");
    assertThat(resolver.keyOf(v6)).isEqualTo(resolver.keyOf("2001:db8::1:2:3:4"));
  }

  @Test
  @DisplayName("the trusted list reloads live")
  void reload() {
    resolver.update(IpListOptions.defaults());
    assertThat(resolver.resolve("10.0.0.2", "203.0.113.9")).isEqualTo("10.0.0.2");
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName(
      "keyOf: IPv6 by its configured prefix, IPv4 and non-literals as they are")
  void keyOf() {
    ClientAddressResolver resolver =
        new ClientAddressResolver(
            new IpListOptions(true, List.of(), List.of(), List.of(), List.of(), 48));
    org.assertj.core.api.Assertions.assertThat(resolver.keyOf("2001:db8:1:2:3:4:5:6"))
        .isEqualTo("2001:db8:1::/48");
    org.assertj.core.api.Assertions.assertThat(resolver.keyOf("192.0.2.9")).isEqualTo("192.0.2.9");
    org.assertj.core.api.Assertions.assertThat(resolver.keyOf("::ffff:192.0.2.9"))
        .isEqualTo("::ffff:192.0.2.9");
    org.assertj.core.api.Assertions.assertThat(resolver.keyOf("unknown")).isEqualTo("unknown");
    resolver.update(IpListOptions.defaults());
    org.assertj.core.api.Assertions.assertThat(resolver.keyOf("2001:db8:1:2:3:4:5:6"))
        .isEqualTo("2001:db8:1:2::/64");
  }
}
