package io.antbot.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.web.HttpVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** EdDSA signing, the JWKS over the bus and over HTTP, and key rotation. */
@ExtendWith(VertxExtension.class)
class JwksTest {

  @TempDir Path dir;

  private int port;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) {
    JsonObject settings =
        new JsonObject()
            .put("http", new JsonObject().put("port", 0))
            .put(
                "security",
                new JsonObject()
                    .put(
                        "jwt",
                        new JsonObject()
                            .put("algorithm", "EdDSA")
                            .put("allowed_algorithms", new JsonArray().add("EdDSA"))));
    SecurityTestSupport.deploy(
            vertx,
            dir,
            settings,
            "development",
            Clock.systemUTC(),
            Map.of("ANTBOT_ADMIN_PASSWORD", SecurityTestSupport.ADMIN_PASSWORD))
        .compose(id -> vertx.deployVerticle(new HttpVerticle()))
        .compose(
            id -> vertx.eventBus().<JsonObject>request(Addresses.HTTP_STATUS, new JsonObject()))
        .onComplete(
            context.succeeding(
                status -> {
                  port = status.body().getJsonObject("details").getInteger("port");
                  context.completeNow();
                }));
  }

  private static Future<JsonObject> login(Vertx vertx) {
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.SECURITY_LOGIN,
            new JsonObject()
                .put("username", "admin")
                .put("password", SecurityTestSupport.ADMIN_PASSWORD)
                .put("source_ip", "127.0.0.1"))
        .map(Message::body);
  }

  private static String kid(String token) {
    return new JsonObject(
            new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')))))
        .getString("kid");
  }

  @Test
  @DisplayName(
      "GET /.well-known/jwks.json serves the public EdDSA key, which verifies issued tokens elsewhere")
  void jwksOverHttp(Vertx vertx, VertxTestContext context) {
    WebClient client = WebClient.create(vertx);
    login(vertx)
        .compose(
            pair ->
                client
                    .get(port, "127.0.0.1", "/.well-known/jwks.json")
                    .send()
                    .compose(
                        response -> {
                          context.verify(
                              () -> {
                                assertThat(response.statusCode()).isEqualTo(200);
                                assertThat(response.getHeader("Content-Type"))
                                    .isEqualTo("application/json");
                              });
                          JsonObject jwks = response.bodyAsJsonObject();
                          context.verify(
                              () -> {
                                assertThat(jwks.getJsonArray("keys")).hasSize(1);
                                JsonObject key = jwks.getJsonArray("keys").getJsonObject(0);
                                assertThat(key.getString("kty")).isEqualTo("OKP");
                                assertThat(key.getString("crv")).isEqualTo("Ed25519");
                                assertThat(key.getString("kid"))
                                    .isEqualTo(kid(pair.getString("access_token")));
                                assertThat(key.containsKey("d")).isFalse();
                              });
                          JWTAuth outsider =
                              JWTAuth.create(
                                  vertx,
                                  new JWTAuthOptions()
                                      .addJwk(jwks.getJsonArray("keys").getJsonObject(0)));
                          return outsider.authenticate(
                              new TokenCredentials(pair.getString("access_token")));
                        }))
        .onComplete(
            context.succeeding(
                user ->
                    context.verify(
                        () -> {
                          assertThat(user.subject()).isEqualTo("admin");
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "after rotation new tokens carry the new key id, old tokens still verify, and the JWKS lists both keys")
  void rotation(Vertx vertx, VertxTestContext context) {
    login(vertx)
        .compose(
            before ->
                vertx
                    .eventBus()
                    .<JsonObject>request(
                        Addresses.SECURITY_KEYS_ROTATE, new JsonObject().put("kind", "jwt"))
                    .compose(
                        rotated ->
                            login(vertx)
                                .compose(
                                    after -> {
                                      context.verify(
                                          () -> {
                                            assertThat(kid(after.getString("access_token")))
                                                .isEqualTo(rotated.body().getString("key_id"))
                                                .isNotEqualTo(
                                                    kid(before.getString("access_token")));
                                          });
                                      return Future.all(
                                          vertx
                                              .eventBus()
                                              .<JsonObject>request(
                                                  Addresses.SECURITY_AUTHENTICATE,
                                                  new JsonObject()
                                                      .put("source_ip", "127.0.0.1")
                                                      .put(
                                                          "token",
                                                          before.getString("access_token"))),
                                          vertx
                                              .eventBus()
                                              .<JsonObject>request(
                                                  Addresses.SECURITY_JWKS, new JsonObject()));
                                    })))
        .onComplete(
            context.succeeding(
                all ->
                    context.verify(
                        () -> {
                          assertThat(all.<Message<JsonObject>>resultAt(0).body().getString("user"))
                              .isEqualTo("admin");
                          assertThat(
                                  all.<Message<JsonObject>>resultAt(1).body().getJsonArray("keys"))
                              .hasSize(2);
                          vertx
                              .eventBus()
                              .<JsonObject>request(
                                  Addresses.SECURITY_AUDIT_QUERY,
                                  new JsonObject().put("type", "key_rotated"))
                              .onComplete(
                                  context.succeeding(
                                      audit ->
                                          context.verify(
                                              () -> {
                                                assertThat(audit.body().getJsonArray("entries"))
                                                    .hasSize(1);
                                                assertThat(audit.body().encode())
                                                    .doesNotContain("\"d\"");
                                                context.completeNow();
                                              })));
                        })));
  }
}
