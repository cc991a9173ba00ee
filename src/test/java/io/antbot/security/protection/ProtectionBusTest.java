package io.antbot.security.protection;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.bus.RateLimitCheckReply;
import io.antbot.bus.RateLimitCheckRequest;
import io.antbot.bus.SecurityScanReply;
import io.antbot.bus.SecurityScanRequest;
import io.antbot.service.ServiceVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The two bus operations served the way the security service is to serve them (the wiring below is
 * what SecurityVerticle needs), driven through the real event bus.
 */
@ExtendWith(VertxExtension.class)
class ProtectionBusTest {

  /** Test stand-in for the security service's wiring of {@link Protection}. */
  static final class ProtectionVerticle extends ServiceVerticle {
    private final Protection protection =
        Protection.create(
            new JsonObject()
                .put(
                    "rate_limits",
                    new JsonObject()
                        .put(
                            "policies",
                            new JsonObject()
                                .put(
                                    "bot", new JsonObject().put("capacity", 10).put("period_s", 60))
                                .put(
                                    "ip", new JsonObject().put("capacity", 100).put("period_s", 60))
                                .put(
                                    "user",
                                    new JsonObject().put("capacity", 100).put("period_s", 60))
                                .put(
                                    "login",
                                    new JsonObject().put("capacity", 5).put("period_s", 60)))),
            Clock.systemUTC());

    ProtectionVerticle() {
      super("protection-test");
    }

    @Override
    protected Future<?> startService() {
      handle(
          Addresses.SECURITY_SCAN,
          request ->
              Future.succeededFuture(
                  protection.scan(SecurityScanRequest.fromJson(request.body())).toJson()));
      handle(
          Addresses.SECURITY_RATELIMIT_CHECK,
          request ->
              Future.succeededFuture(
                  protection
                      .checkRateLimit(RateLimitCheckRequest.fromJson(request.body()))
                      .toJson()));
      return Future.succeededFuture();
    }
  }

  private Vertx vertx;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) {
    this.vertx = vertx;
    vertx.deployVerticle(new ProtectionVerticle()).onComplete(context.succeedingThenComplete());
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body).map(message -> message.body());
  }

  @Test
  @DisplayName("antbot.security.scan scans a lone value and a request description")
  void scan(VertxTestContext context) {
    var checkpoint = context.checkpoint(2);
    request(Addresses.SECURITY_SCAN, new JsonObject().put("input", "1' or '1'='1"))
        .onComplete(
            context.succeeding(
                json ->
                    context.verify(
                        () -> {
                          SecurityScanReply reply = SecurityScanReply.fromJson(json);
                          assertThat(reply.threat()).isTrue();
                          assertThat(reply.matches())
                              .extracting(SecurityScanReply.Match::category)
                              .contains("sqli");
                          checkpoint.flag();
                        })));
    JsonObject description =
        new JsonObject()
            .put("method", "POST")
            .put("path", "/api/v1/orders")
            .put("query", new JsonObject().put("dry_run", "true"))
            .put("headers", new JsonObject().put("User-Agent", "curl/8.4.0"))
            .put("body", new JsonObject().put("symbol", "SOL/USDC").put("note", "{{7*7}}"));
    request(Addresses.SECURITY_SCAN, description)
        .onComplete(
            context.succeeding(
                json ->
                    context.verify(
                        () -> {
                          assertThat(json.getBoolean("blocked")).isTrue();
                          assertThat(
                                  json.getJsonArray("matches")
                                      .getJsonObject(0)
                                      .getString("location"))
                              .isEqualTo("body:$.note");
                          checkpoint.flag();
                        })));
  }

  @Test
  @DisplayName("antbot.security.ratelimit.check spends weight and answers a refusal with the wait")
  void rateLimit(VertxTestContext context) {
    JsonObject heavy = new JsonObject().put("key", "binance:acct-1").put("cost", 8);
    request(Addresses.SECURITY_RATELIMIT_CHECK, heavy)
        .compose(
            first ->
                request(Addresses.SECURITY_RATELIMIT_CHECK, heavy)
                    .map(second -> List.of(first, second)))
        .onComplete(
            context.succeeding(
                replies ->
                    context.verify(
                        () -> {
                          RateLimitCheckReply first = RateLimitCheckReply.fromJson(replies.get(0));
                          RateLimitCheckReply second = RateLimitCheckReply.fromJson(replies.get(1));
                          assertThat(first)
                              .isEqualTo(new RateLimitCheckReply(true, 2, 0, "bot", 10, 60, 48));
                          assertThat(second.allowed()).isFalse();
                          assertThat(second.retryAfterS()).isEqualTo(36);
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName("bad messages get a 400 with a precise text")
  void badMessages(VertxTestContext context) {
    var checkpoint = context.checkpoint(4);
    expectFailure(
        context,
        checkpoint,
        Addresses.SECURITY_SCAN,
        new JsonObject().put("input", 42),
        "input: expected a string, got 42");
    expectFailure(
        context,
        checkpoint,
        Addresses.SECURITY_SCAN,
        new JsonObject().put("input", "x").put("path", "/"),
        "path: not allowed with input (send either {input} or a request)");
    expectFailure(
        context,
        checkpoint,
        Addresses.SECURITY_RATELIMIT_CHECK,
        new JsonObject().put("key", "k").put("policy", "nope"),
        "policy: unknown rate-limit policy \"nope\" (known: bot, ip, login, user)");
    expectFailure(
        context,
        checkpoint,
        Addresses.SECURITY_RATELIMIT_CHECK,
        new JsonObject().put("key", "k").put("cost", "x"),
        "cost: expected an integer, got \"x\"");
  }

  private void expectFailure(
      VertxTestContext context,
      io.vertx.junit5.Checkpoint checkpoint,
      String address,
      JsonObject body,
      String text) {
    request(address, body)
        .onComplete(
            context.failing(
                failure ->
                    context.verify(
                        () -> {
                          assertThat(failure).isInstanceOf(ReplyException.class);
                          assertThat(((ReplyException) failure).failureCode()).isEqualTo(400);
                          assertThat(failure.getMessage()).isEqualTo(text);
                          checkpoint.flag();
                        })));
  }
}
