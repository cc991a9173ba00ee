package io.antbot.security.protection;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.security.behaviour.AnomalyOptions;
import io.antbot.security.behaviour.LockoutOptions;
import io.antbot.security.iplist.IpListOptions;
import io.antbot.security.ratelimit.RateLimitOptions;
import io.antbot.security.threat.ThreatOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * conf/application.yaml ships exactly the documented defaults of the protection sub-sections, and
 * they validate.
 */
class ShippedConfigTest {

  @Test
  @DisplayName("the shipped security section validates and equals the schema's defaults")
  void shippedDefaults() throws IOException {
    JsonObject security;
    try (Reader reader = Files.newBufferedReader(Path.of("conf/application.yaml"))) {
      @SuppressWarnings("unchecked")
      Map<String, Object> document =
          (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      security = new JsonObject(document).getJsonObject("security");
    }
    assertThat(Protection.validate(security)).isEmpty();
    assertThat(ThreatOptions.fromJson(security.getJsonObject("threats")))
        .isEqualTo(ThreatOptions.defaults());
    assertThat(RateLimitOptions.fromJson(security.getJsonObject("rate_limits")))
        .isEqualTo(RateLimitOptions.defaults());
    assertThat(IpListOptions.fromJson(security.getJsonObject("ip_lists")))
        .isEqualTo(IpListOptions.defaults());
    assertThat(LockoutOptions.fromJson(security.getJsonObject("lockout")))
        .isEqualTo(LockoutOptions.defaults());
    assertThat(AnomalyOptions.fromJson(security.getJsonObject("anomalies")))
        .isEqualTo(AnomalyOptions.defaults());
  }
}
