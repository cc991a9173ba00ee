package io.antbot.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecurityMessagesTest {

  @Test
  @DisplayName(
      "a scan request description: query map encoded, header names lower-cased, JSON body encoded")
  void scanRequestDescription() {
    SecurityScanRequest request =
        SecurityScanRequest.fromJson(
            new JsonObject()
                .put("path", "/api/v1/orders")
                .put(
                    "query",
                    new JsonObject()
                        .put("symbol", "SOL/USDC")
                        .put("tag", new JsonArray().add("a b").add("c")))
                .put("headers", new JsonObject().put("User-Agent", "curl/8.4.0"))
                .put("body", new JsonObject().put("note", "x")));
    assertThat(request.isValue()).isFalse();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.query()).isEqualTo("symbol=SOL%2FUSDC&tag=a+b&tag=c");
    assertThat(request.headers()).isEqualTo(Map.of("user-agent", List.of("curl/8.4.0")));
    assertThat(request.body()).isEqualTo("{\"note\":\"x\"}");
    assertThat(request.contentType()).isEqualTo("application/json");
  }

  @Test
  @DisplayName("bad scan requests are refused with the field and the problem")
  void badScanRequests() {
    assertThatThrownBy(() -> SecurityScanRequest.fromJson(new JsonObject()))
        .hasMessage("input: required (or a request: method, path, query, headers, body)");
    assertThatThrownBy(
            () ->
                SecurityScanRequest.fromJson(
                    new JsonObject().put("headers", new JsonObject().put("x", 1))))
        .hasMessage("headers.x: expected a string or a list of strings, got 1");
    assertThatThrownBy(() -> SecurityScanRequest.fromJson(new JsonObject().put("body", 3)))
        .hasMessage("body: expected a string, an object or an array, got 3");
    assertThatThrownBy(() -> SecurityScanRequest.fromJson(new JsonObject().put("inputs", "x")))
        .hasMessage(
            "inputs: unknown field (expected one of body, content_type, headers, input, method, path, query)");
  }

  @Test
  @DisplayName("a rate-limit check defaults to cost 1 and refuses bad keys and costs")
  void rateLimitCheck() {
    assertThat(RateLimitCheckRequest.fromJson(new JsonObject().put("key", "binance:acct-1")))
        .isEqualTo(new RateLimitCheckRequest("binance:acct-1", null, 1));
    assertThatThrownBy(
            () -> RateLimitCheckRequest.fromJson(new JsonObject().put("key", "k").put("cost", 0)))
        .isInstanceOf(BusException.class)
        .hasMessage("cost: expected an integer of at least 1, got 0");
    assertThatThrownBy(
            () -> RateLimitCheckRequest.fromJson(new JsonObject().put("key", "x".repeat(300))))
        .hasMessage("key: at most 256 characters, got 300");
    assertThatThrownBy(() -> RateLimitCheckRequest.fromJson(new JsonObject().put("policy", "bot")))
        .hasMessage("key: required");
  }
}
