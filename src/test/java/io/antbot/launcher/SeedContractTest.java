package io.antbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.security.SecurityTestSupport;
import io.antbot.testing.TestConf;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's key methods (ConfigManager, SystemLogger, SystemMetrics, SecurityManager), each sent
 * to the bus with the arguments of the seed's own examples, against the whole runtime: what the
 * seed's callers send is understood.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedContractTest {

  private final Vertx vertx = Vertx.vertx();

  @BeforeAll
  void start(@TempDir Path dir) {
    Path conf = TestConf.copyIsolated(dir.resolve("conf"));
    SecurityTestSupport.presetRsaKey(conf.resolve("var"));
    AntBot.start(vertx, new LaunchOptions(conf.toString(), "development", 0)).await();
  }

  @AfterAll
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName("ConfigManager: get with a default, set, is_feature_enabled")
  void configManager() {
    assertThat(
            request(
                    Addresses.CONFIG_GET,
                    new JsonObject().put("key", "trading.max_position_size").put("default", 0.1))
                .getValue("value"))
        .isInstanceOf(Number.class);
    assertThat(
            request(
                    Addresses.CONFIG_SET,
                    new JsonObject().put("key", "trading.risk_tolerance").put("value", 0.05))
                .getLong("version"))
        .isPositive();
    assertThat(
            request(Addresses.CONFIG_GET, new JsonObject().put("key", "trading.risk_tolerance"))
                .getDouble("value"))
        .isEqualTo(0.05);
    assertThat(
            request(Addresses.CONFIG_FEATURE, new JsonObject().put("flag", "enable_compounding"))
                .getMap())
        .containsKeys("flag", "enabled", "reason");
  }

  @Test
  @DisplayName(
      "SystemLogger: start_correlation, a component logger's info with the seed's extra, log_performance")
  void systemLogger() {
    String correlationId =
        request(
                Addresses.LOG_CORRELATION_START,
                new JsonObject().put("operation", "trade_execution"))
            .getString("correlation_id");
    request(
        Addresses.LOG_WRITE,
        new JsonObject()
            .put("component", "TradingEngine")
            .put("level", "INFO")
            .put("message", "Trade executed")
            .put(
                "fields",
                new JsonObject()
                    .put("event_type", "trade")
                    .put("symbol", "SOL/USDC")
                    .put("amount", 2.5)
                    .put("correlation_id", correlationId)));
    request(
        Addresses.LOG_PERFORMANCE,
        new JsonObject()
            .put("component", "TradingEngine")
            .put("operation", "execute_trade")
            .put("duration_ms", 125));
    JsonArray events =
        request(
                Addresses.LOG_QUERY,
                new JsonObject().put("correlation_id", correlationId).put("text", "Trade executed"))
            .getJsonArray("events");
    assertThat(events).hasSize(1);
    JsonObject event = events.getJsonObject(0);
    assertThat(event.getString("correlation_id")).isEqualTo(correlationId);
    assertThat(event.getJsonObject("fields").getString("symbol")).isEqualTo("SOL/USDC");
  }

  @Test
  @DisplayName(
      "SystemMetrics: record_operation, record_trade, set_custom_metric, add_alert, get_system_health")
  void systemMetrics() {
    request(
        Addresses.METRICS_OPERATION,
        new JsonObject()
            .put("component", "TradingEngine")
            .put("operation", "buy_order")
            .put("duration_ms", 750)
            .put("success", true));
    request(
        Addresses.METRICS_TRADE,
        new JsonObject()
            .put("side", "buy")
            .put("status", "completed")
            .put("amount", 2.5)
            .put("profit_loss", 0.15));
    request(
        Addresses.METRICS_CUSTOM_SET,
        new JsonObject().put("name", "total_profit").put("value", 1250.75));
    request(
        Addresses.METRICS_ALERT_ADD,
        new JsonObject()
            .put("name", "high_cpu")
            .put("metric", "cpu_usage")
            .put("threshold", 80.0)
            .put("comparator", "greater")
            .put("severity", "high"));
    assertThat(request(Addresses.METRICS_HEALTH, new JsonObject()).getMap())
        .containsKeys("status", "checks", "alerts");
  }

  @Test
  @DisplayName(
      "SecurityManager: authenticate_request with 'Bearer <jwt>', authorize_action, generate_access_token, "
          + "encrypt/decrypt, hash_password")
  void securityManager() {
    request(
        Addresses.SECURITY_USERS_ADD,
        new JsonObject()
            .put("username", "user123")
            .put("password", "user123-password")
            .put("roles", new JsonArray().add("trader")));
    // The seed asks for ["trade", "read"]: "trade" is the trade domain, which a trader holds
    // (trade:*); a bare
    // "read" names no domain a trader holds, so it is refused (403), never widened to *:read.
    JsonObject token =
        request(
            Addresses.SECURITY_TOKEN_ISSUE,
            new JsonObject()
                .put("user", "user123")
                .put("permissions", new JsonArray().add("trade").add("market:read")));
    Throwable refused =
        vertx
            .eventBus()
            .request(
                Addresses.SECURITY_TOKEN_ISSUE,
                new JsonObject()
                    .put("user", "user123")
                    .put("permissions", new JsonArray().add("trade").add("read")))
            .transform(done -> io.vertx.core.Future.succeededFuture(done.cause()))
            .await();
    assertThat(refused).isNotNull();
    assertThat(((io.vertx.core.eventbus.ReplyException) refused).failureCode()).isEqualTo(403);
    JsonObject auth =
        request(
            Addresses.SECURITY_AUTHENTICATE,
            new JsonObject()
                .put("source_ip", "192.168.1.100")
                .put("token", "Bearer " + token.getString("access_token"))
                .put("user_agent", "AntBot/1.0"));
    assertThat(auth.getString("user")).isEqualTo("user123");
    assertThat(
            request(
                    Addresses.SECURITY_AUTHORIZE,
                    new JsonObject()
                        .put("user", "user123")
                        .put("action", "trade")
                        .put("resource", "SOL/USDC"))
                .getBoolean("allowed"))
        .as("the seed's authorize_action for a trader")
        .isTrue();
    assertThat(
            request(
                    Addresses.SECURITY_AUTHORIZE,
                    new JsonObject()
                        .put("user", "user123")
                        .put("action", "config")
                        .put("resource", "trading"))
                .getBoolean("allowed"))
        .isFalse();
    String encrypted =
        request(
                Addresses.SECURITY_ENCRYPT,
                new JsonObject()
                    .put(
                        "data_b64",
                        Base64.getEncoder().encodeToString("sensitive_data".getBytes())))
            .getString("token");
    assertThat(
            Base64.getDecoder()
                .decode(
                    request(Addresses.SECURITY_DECRYPT, new JsonObject().put("token", encrypted))
                        .getString("data_b64")))
        .asString()
        .isEqualTo("sensitive_data");
    assertThat(
            request(
                    Addresses.SECURITY_PASSWORD_HASH,
                    new JsonObject().put("password", "secure_password"))
                .getString("hash"))
        .startsWith("$2");
  }

  private JsonObject request(String address, JsonObject body) {
    return vertx
        .eventBus()
        .<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(10_000))
        .await()
        .body();
  }
}
