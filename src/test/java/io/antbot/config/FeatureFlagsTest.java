package io.antbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.antbot.bus.FeatureDecision;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureFlagsTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private static FeatureDecision evaluate(JsonObject flag, Map<String, String> context) {
    return FeatureFlags.evaluate("beta", flag, "production", context, NOW);
  }

  @ParameterizedTest(name = "{0}%")
  @ValueSource(doubles = {1, 5, 10, 25, 50, 75, 90, 99})
  @DisplayName("a percentage rollout reaches that share of 10,000 bots within 2 points")
  void rolloutSpread(double percent) {
    JsonObject flag = new JsonObject().put("enabled", true).put("rollout_percent", percent);
    int on = 0;
    for (int i = 0; i < 10_000; i++) {
      if (evaluate(flag, Map.of("bot_id", "bot-" + i)).enabled()) {
        on++;
      }
    }
    assertThat(on / 100.0).isCloseTo(percent, within(2.0));
  }

  @Test
  @DisplayName(
      "a rollout is sticky: the same bot gets the same answer, and raising the percentage only adds bots")
  void rolloutSticky() {
    JsonObject quarter = new JsonObject().put("enabled", true).put("rollout_percent", 25);
    JsonObject half = new JsonObject().put("enabled", true).put("rollout_percent", 50);
    for (int i = 0; i < 10_000; i++) {
      Map<String, String> context = Map.of("bot_id", "bot-" + i);
      boolean first = evaluate(quarter, context).enabled();
      assertThat(evaluate(quarter, context).enabled()).isEqualTo(first);
      if (first) {
        assertThat(evaluate(half, context).enabled()).isTrue();
      }
    }
  }

  @Test
  @DisplayName("the bucket is murmur3_32 of \"<flag>:<key>\" modulo 10,000, the same on every run")
  void bucketIsDocumentedHash() {
    int hash = Murmur3.hash32("beta:bot-7".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0);
    assertThat(FeatureFlags.bucket("beta", "bot-7"))
        .isEqualTo((int) (Integer.toUnsignedLong(hash) % 10_000));
    FeatureDecision decision =
        evaluate(
            new JsonObject().put("enabled", true).put("rollout_percent", 30),
            Map.of("bot_id", "bot-7"));
    assertThat(decision.reason()).isEqualTo("rollout");
    assertThat(decision.detail()).startsWith("bot_id bot-7 is in bucket ");
  }

  @Test
  @DisplayName("the rollout can stick on another context key, and says so when the key is missing")
  void stickyOn() {
    JsonObject flag =
        new JsonObject().put("enabled", true).put("rollout_percent", 50).put("sticky_on", "user");
    assertThat(evaluate(flag, Map.of("bot_id", "b1")))
        .isEqualTo(
            new FeatureDecision(
                "beta", false, "no_context_key", "rollout at 50% needs user in the context"));
    assertThat(evaluate(flag, Map.of("user", "alice")).reason()).isEqualTo("rollout");
  }

  @Test
  @DisplayName("the kill switch overrides everything, even an allow-list")
  void killSwitch() {
    JsonObject flag =
        new JsonObject()
            .put("enabled", true)
            .put("kill_switch", true)
            .put("allow", new JsonObject().put("bots", new JsonArray().add("b1")));
    assertThat(evaluate(flag, Map.of("bot_id", "b1")))
        .isEqualTo(new FeatureDecision("beta", false, "kill_switch", "the kill switch is on"));
  }

  @Test
  @DisplayName("a disabled flag is off; a flag limited to other environments is off")
  void disabledAndEnvironment() {
    assertThat(evaluate(new JsonObject().put("enabled", false), Map.of()).reason())
        .isEqualTo("disabled");
    JsonObject staged =
        new JsonObject().put("enabled", true).put("environments", new JsonArray().add("staging"));
    assertThat(evaluate(staged, Map.of()))
        .isEqualTo(
            new FeatureDecision(
                "beta", false, "environment", "environment production is not in [\"staging\"]"));
    assertThat(FeatureFlags.evaluate("beta", staged, "staging", Map.of(), NOW).enabled()).isTrue();
  }

  @Test
  @DisplayName("outside its active window a flag is off")
  void window() {
    JsonObject later =
        new JsonObject().put("enabled", true).put("active_from", "2025-07-01T00:00:00Z");
    JsonObject over =
        new JsonObject().put("enabled", true).put("active_until", "2025-06-01T11:00:00+00:00");
    JsonObject now =
        new JsonObject()
            .put("enabled", true)
            .put("active_from", "2025-06-01T11:00:00Z")
            .put("active_until", "2025-06-01T13:00:00Z");
    assertThat(evaluate(later, Map.of()).reason()).isEqualTo("outside_window");
    assertThat(evaluate(over, Map.of()).reason()).isEqualTo("outside_window");
    assertThat(evaluate(now, Map.of()).enabled()).isTrue();
  }

  @Test
  @DisplayName(
      "allow-lists by bot, symbol or exchange turn a flag on for those contexts at 0% rollout")
  void allowLists() {
    JsonObject flag =
        new JsonObject()
            .put("enabled", true)
            .put("rollout_percent", 0)
            .put(
                "allow",
                new JsonObject()
                    .put("bots", new JsonArray().add("b1"))
                    .put("symbols", new JsonArray().add("BTC/USDC"))
                    .put("exchanges", new JsonArray().add("kraken")));
    assertThat(evaluate(flag, Map.of("bot_id", "b1")))
        .isEqualTo(new FeatureDecision("beta", true, "allow_list", "bot b1 is allow-listed"));
    assertThat(evaluate(flag, Map.of("bot_id", "b2", "symbol", "BTC/USDC")).enabled()).isTrue();
    assertThat(evaluate(flag, Map.of("exchange", "kraken")).enabled()).isTrue();
    FeatureDecision other = evaluate(flag, Map.of("bot_id", "b2", "exchange", "binance"));
    assertThat(other.enabled()).isFalse();
    assertThat(other.reason()).isEqualTo("rollout");
  }

  @Test
  @DisplayName("a flag at 100% is on for everyone, with no context needed")
  void fullyOn() {
    assertThat(evaluate(new JsonObject().put("enabled", true), Map.of()))
        .isEqualTo(new FeatureDecision("beta", true, "enabled", "enabled for everyone"));
  }
}
