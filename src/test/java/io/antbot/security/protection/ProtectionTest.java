package io.antbot.security.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProtectionTest {

  @Test
  @DisplayName("built from an empty security section, every part runs on its defaults")
  void defaults() {
    Protection protection = Protection.create(new JsonObject(), Clock.systemUTC());
    assertThat(protection.threats().scan("${jndi:ldap://x/a}").blocked()).isTrue();
    assertThat(protection.rateLimits().policyNames())
        .containsExactlyInAnyOrder("ip", "user", "login", "bot");
    assertThat(protection.ipAccess().decide("203.0.113.1").allowed()).isTrue();
  }

  @Test
  @DisplayName("an update is all or nothing: one bad sub-section leaves everything as it was")
  void allOrNothing() {
    Protection protection = Protection.create(new JsonObject(), Clock.systemUTC());
    JsonObject bad =
        new JsonObject()
            .put("ip_lists", new JsonObject().put("deny", List.of("203.0.113.0/24")))
            .put("threats", new JsonObject().put("mode", "loud"));
    assertThat(protection.update(bad))
        .containsExactly("security.threats.mode: expected one of block, detect-only, got \"loud\"");
    assertThat(protection.ipAccess().decide("203.0.113.1").allowed()).isTrue();

    assertThat(protection.update(bad.put("threats", new JsonObject().put("mode", "detect-only"))))
        .isEmpty();
    assertThat(protection.ipAccess().decide("203.0.113.1").allowed()).isFalse();
    assertThat(protection.threats().scan("${jndi:ldap://x/a}").blocked()).isFalse();
  }

  @Test
  @DisplayName("creation refuses invalid settings with every problem and its path")
  void invalid() {
    assertThatThrownBy(
            () ->
                Protection.create(
                    new JsonObject()
                        .put("lockout", new JsonObject().put("max_keys", -1))
                        .put("rate_limits", new JsonObject().put("default_policy", "none")),
                    Clock.systemUTC()))
        .hasMessage(
            "security.rate_limits.default_policy: no policy named \"none\" (known: bot, ip, login, user); "
                + "security.lockout.max_keys: expected an integer from 1 to 100000000, got -1");
  }

  @Test
  @DisplayName("config change keys under the protection sub-sections are recognised")
  void concerns() {
    assertThat(Protection.concerns("security.rate_limits.policies.login.capacity")).isTrue();
    assertThat(Protection.concerns("security.threats")).isTrue();
    assertThat(Protection.concerns("security")).isTrue();
    assertThat(Protection.concerns("security.bcrypt_cost")).isFalse();
    assertThat(Protection.concerns("security.threatsx")).isFalse();
  }
}
