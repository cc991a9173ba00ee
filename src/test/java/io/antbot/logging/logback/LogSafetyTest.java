package io.antbot.logging.logback;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LogSafetyTest {

  @AfterEach
  void reset() {
    LogSafety.reset();
  }

  @Test
  @DisplayName("a message over the limit is cut with a marker saying how much was cut")
  void truncates() {
    LogSafety.configure(100, List.of());
    String message = "x".repeat(250);
    assertThat(LogSafety.truncate(message)).isEqualTo("x".repeat(100) + "…[truncated 150 chars]");
    assertThat(LogSafety.truncate("short")).isEqualTo("short");
  }

  @Test
  @DisplayName("a cut never splits a surrogate pair")
  void truncateKeepsSurrogates() {
    LogSafety.configure(3, List.of());
    assertThat(LogSafety.truncate("ab😀cd")).isEqualTo("ab…[truncated 4 chars]");
  }

  @Test
  @DisplayName("line breaks and control characters are escaped so text stays on one line")
  void escapes() {
    assertThat(LogSafety.escapeLine("ok\n2025-01-01 INFO forged\r\tx\u0000\u2028\\"))
        .isEqualTo("ok\\n2025-01-01 INFO forged\\r\\tx\\u0000\\u2028\\\\")
        .doesNotContain("\n", "\r");
    assertThat(LogSafety.escapeLine("plain text")).isSameAs("plain text");
  }

  @Test
  @DisplayName("secret-looking names, configured names and nested secrets are masked")
  void masks() {
    LogSafety.configure(100, List.of("Wallet_Seed"));
    assertThat(LogSafety.mask("api_key", "abc")).isEqualTo("***");
    assertThat(LogSafety.mask("db.password", "abc")).isEqualTo("***");
    assertThat(LogSafety.mask("wallet_seed", "abc")).isEqualTo("***");
    assertThat(LogSafety.mask("symbol", "SOL/USDC")).isEqualTo("SOL/USDC");
    Object nested =
        LogSafety.mask(
            "order",
            new JsonObject()
                .put("id", 7)
                .put("auth_token", "t")
                .put(
                    "legs",
                    new JsonArray().add(new JsonObject().put("secret", "s").put("qty", 1))));
    assertThat(nested)
        .isEqualTo(
            Map.of(
                "id", 7, "auth_token", "***", "legs", List.of(Map.of("secret", "***", "qty", 1))));
    assertThat(
            LogSafety.mask(
                "thing",
                new Object() {
                  @Override
                  public String toString() {
                    return "custom";
                  }
                }))
        .isEqualTo("custom");
  }
}
