package io.antbot.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.bus.ConfigGetRequest;
import io.antbot.bus.ConfigRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Settings: validation at start, live changes, and the production rule for keys. */
@ExtendWith(VertxExtension.class)
class SecurityConfigTest {

  @TempDir Path dir;

  /**
   * A stand-in for the config service: answers get from {@code config}, which the test changes, and
   * the runtime with {@code env}.
   */
  private static void fakeConfig(Vertx vertx, JsonObject config, String env) {
    vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.CONFIG_GET,
            message -> {
              ConfigGetRequest get = ConfigGetRequest.fromJson(message.body());
              Object value = config;
              for (String part : get.key().split("\\.")) {
                value = value instanceof JsonObject object ? object.getValue(part) : null;
              }
              message.reply(
                  new JsonObject()
                      .put("key", get.key())
                      .put("value", value == null ? get.defaultValue() : value)
                      .put("version", 1));
            });
    vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.CONFIG_RUNTIME,
            message -> message.reply(new ConfigRuntime(env, "conf", "test@localhost").toJson()));
  }

  private JsonObject config() {
    return SecurityTestSupport.overrides(dir);
  }

  private static Future<JsonObject> request(Vertx vertx, String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body).map(Message::body);
  }

  @Test
  @DisplayName("a role change published on antbot.config.changed applies at once and is audited")
  void liveRoles(Vertx vertx, VertxTestContext context) {
    JsonObject config = config();
    fakeConfig(vertx, config, "development");
    SecurityTestSupport.presetRsaKey(dir);
    JsonObject ask =
        new JsonObject()
            .put("user", "admin")
            .put("action", "trade:withdraw")
            .put("resource", "SOL/USDC");
    vertx
        .deployVerticle(
            new SecurityVerticle(
                Clock.systemUTC(), Map.of("ANTBOT_ADMIN_PASSWORD", "the-admin-password")))
        .compose(id -> request(vertx, Addresses.SECURITY_AUTHORIZE, ask))
        .compose(
            before -> {
              context.verify(() -> assertThat(before.getBoolean("allowed")).isTrue());
              config
                  .getJsonObject("security")
                  .put(
                      "roles",
                      new JsonObject()
                          .put("admin", new JsonArray().add("*").add("!trade:withdraw")));
              // The config service publishes this event, marked as its own; a request to the same
              // address lets the test
              // wait until the security service has applied it (its handler answers once done).
              return vertx
                  .eventBus()
                  .request(
                      Addresses.CONFIG_CHANGED,
                      new JsonObject()
                          .put("version", 2)
                          .put("source", "test")
                          .put(
                              "changes",
                              new JsonArray()
                                  .add(
                                      new JsonObject()
                                          .put("key", "security.roles.admin")
                                          .put("old", new JsonArray().add("*"))
                                          .put(
                                              "new",
                                              new JsonArray().add("*").add("!trade:withdraw"))))
                          .put("at", "2025-01-01T00:00:00Z"),
                      new io.vertx.core.eventbus.DeliveryOptions()
                          .addHeader(
                              io.antbot.bus.TrustedHeaders.PUBLISHER,
                              io.antbot.bus.TrustedHeaders.CONFIG_SERVICE))
                  .compose(v -> request(vertx, Addresses.SECURITY_AUTHORIZE, ask));
            })
        .onComplete(
            context.succeeding(
                after ->
                    context.verify(
                        () -> {
                          assertThat(after)
                              .isEqualTo(
                                  new JsonObject()
                                      .put("allowed", false)
                                      .put("reason", "denied by role admin: !trade:withdraw"));
                          request(
                                  vertx,
                                  Addresses.SECURITY_AUDIT_QUERY,
                                  new JsonObject().put("type", "config_changed"))
                              .onComplete(
                                  context.succeeding(
                                      audit ->
                                          context.verify(
                                              () -> {
                                                assertThat(audit.getJsonArray("entries"))
                                                    .hasSize(1);
                                                assertThat(
                                                        audit
                                                            .getJsonArray("entries")
                                                            .getJsonObject(0)
                                                            .getInteger("version"))
                                                    .isEqualTo(2);
                                                context.completeNow();
                                              })));
                        })));
  }

  @Test
  @DisplayName("invalid settings stop the start with every problem named by path")
  void invalidSettings(Vertx vertx, VertxTestContext context) {
    JsonObject config = config();
    config
        .getJsonObject("security")
        .put("bcrypt_cost", 3)
        .put("key_generation", "sometimes")
        .put(
            "jwt",
            new JsonObject()
                .put("allowed_algorithms", new JsonArray().add("none"))
                .put("leeway_s", "lots"));
    config
        .getJsonObject("security")
        .getJsonObject("audit")
        .put("segment_mb", 64)
        .put("max_total_mb", 100);
    fakeConfig(vertx, config, "development");
    vertx
        .deployVerticle(new SecurityVerticle(Clock.systemUTC(), Map.of()))
        .onComplete(
            context.failing(
                failure ->
                    context.verify(
                        () -> {
                          assertThat(failure.getMessage())
                              .contains(
                                  "security.jwt.leeway_s: expected an integer from 0 to 300, got \"lots\"",
                                  "security.bcrypt_cost: expected an integer from 4 to 31, got 3",
                                  "security.key_generation: expected one of auto, always, never, got \"sometimes\"",
                                  "security.jwt.allowed_algorithms[0]: expected one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, got \"none\"",
                                  "security.jwt.algorithm: \"HS256\" must also be in security.jwt.allowed_algorithms",
                                  "security.audit.max_total_mb: must be at least twice security.audit.segment_mb, got 100 and 64");
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "in production a missing Fernet or RSA key stops the start with instructions; JWT keys are still made")
  void productionNeedsKeys(Vertx vertx, VertxTestContext context) {
    fakeConfig(vertx, config(), "production");
    vertx
        .deployVerticle(new SecurityVerticle(Clock.systemUTC(), Map.of()))
        .onComplete(
            context.failing(
                failure ->
                    context.verify(
                        () -> {
                          assertThat(failure.getMessage())
                              .matches(
                                  "(?s).*(fernet\\.keys is missing; in production it must be supplied"
                                      + "|rsa-private\\.pem is missing; in production supply a PKCS#8 PEM RSA key).*");
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName("in development the keys are created owner-only")
  void developmentCreatesKeys(Vertx vertx, VertxTestContext context) {
    fakeConfig(vertx, config(), "development");
    SecurityTestSupport.presetRsaKey(dir);
    vertx
        .deployVerticle(
            new SecurityVerticle(
                Clock.systemUTC(), Map.of("ANTBOT_ADMIN_PASSWORD", "the-admin-password")))
        .onComplete(
            context.succeeding(
                id ->
                    context.verify(
                        () -> {
                          for (String name :
                              new String[] {"jwt-keys.json", "fernet.keys", "rsa-private.pem"}) {
                            assertThat(
                                    java.nio.file.attribute.PosixFilePermissions.toString(
                                        java.nio.file.Files.getPosixFilePermissions(
                                            dir.resolve("keys").resolve(name))))
                                .as(name)
                                .isEqualTo("rw-------");
                          }
                          context.completeNow();
                        })));
  }
}
