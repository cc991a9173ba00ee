package io.antbot.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.BusException;
import io.antbot.bus.FailureCode;
import io.antbot.bus.UserAdd;
import io.antbot.security.SecurityTestSupport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class SecurityClientTest {

  @TempDir Path dir;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) {
    SecurityTestSupport.deploy(vertx, dir, new JsonObject())
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("a bot logs in, authenticates, is authorized, and narrows a token it issues")
  void flow(Vertx vertx, VertxTestContext context) {
    SecurityClient security = new SecurityClient(vertx);
    security
        .addUser(new UserAdd("bot", "bot-password-123", List.of("trader"), true, "test"))
        .compose(user -> security.login("bot", "bot-password-123", "10.0.0.9"))
        .compose(pair -> security.authenticate(pair.accessToken(), "10.0.0.9", "bot/1.0"))
        .compose(
            principal -> {
              context.verify(() -> assertThat(principal.roles()).containsExactly("trader"));
              return security.authorize(principal, "trade:execute", "SOL/USDC");
            })
        .compose(
            decision -> {
              context.verify(() -> assertThat(decision.allowed()).isTrue());
              return security.issue("bot", List.of("market:read"), Duration.ofMinutes(5));
            })
        .compose(issued -> security.authenticate(issued.accessToken(), "10.0.0.9", null))
        .compose(narrow -> security.authorize(narrow, "trade:execute", "SOL/USDC"))
        .onComplete(
            context.succeeding(
                decision ->
                    context.verify(
                        () -> {
                          assertThat(decision.allowed()).isFalse();
                          assertThat(decision.reason())
                              .isEqualTo(
                                  "no permission of the token allows trade:execute on SOL/USDC");
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "a token may narrow a role's grants but not widen them (403); a bad token is a 401 with its reason")
  void failures(Vertx vertx, VertxTestContext context) {
    SecurityClient security = new SecurityClient(vertx);
    vertx
        .eventBus()
        .request(
            io.antbot.bus.Addresses.SECURITY_USERS_ADD,
            new io.vertx.core.json.JsonObject()
                .put("username", "narrow")
                .put("password", "a long enough password")
                .put("roles", new io.vertx.core.json.JsonArray().add("viewer")))
        .compose(added -> security.issue("narrow", List.of("metrics:read"), null))
        .compose(
            narrowed -> security.issue("narrow", List.of("metrics:read", "config:write"), null))
        .onComplete(
            context.failing(
                failure ->
                    context.verify(
                        () -> {
                          BusException bus = (BusException) failure;
                          assertThat(bus.code()).isEqualTo(FailureCode.FORBIDDEN);
                          assertThat(bus.getMessage())
                              .isEqualTo("permissions[1]: narrow does not hold \"config:write\"");
                          security
                              .authenticate("a.b.c", "1.2.3.4", null)
                              .onComplete(
                                  context.failing(
                                      rejected ->
                                          context.verify(
                                              () -> {
                                                assertThat(((BusException) rejected).code())
                                                    .isEqualTo(FailureCode.UNAUTHENTICATED);
                                                assertThat(rejected.getMessage())
                                                    .isEqualTo(
                                                        "token rejected: the header is not canonical base64url");
                                                context.completeNow();
                                              })));
                        })));
  }

  @Test
  @DisplayName("encryption helpers round-trip bytes")
  void crypto(Vertx vertx, VertxTestContext context) {
    SecurityClient security = new SecurityClient(vertx);
    byte[] data = "keep me safe".getBytes(StandardCharsets.UTF_8);
    security
        .encrypt(data)
        .compose(token -> security.decrypt(token, Duration.ofMinutes(1)))
        .compose(
            plain -> {
              context.verify(() -> assertThat(plain).isEqualTo(data));
              return security.rsaEncrypt(data);
            })
        .compose(security::rsaDecrypt)
        .onComplete(
            context.succeeding(
                plain ->
                    context.verify(
                        () -> {
                          assertThat(plain).isEqualTo(data);
                          context.completeNow();
                        })));
  }
}
