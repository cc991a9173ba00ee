package io.antbot.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class SecurityVerticleTest {

  @TempDir Path dir;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) {
    SecurityTestSupport.deploy(vertx, dir, new JsonObject())
        .onComplete(context.succeedingThenComplete());
  }

  private static Future<JsonObject> request(Vertx vertx, String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body).map(Message::body);
  }

  private static Future<JsonObject> login(Vertx vertx, String user, String password) {
    return request(
        vertx,
        Addresses.SECURITY_LOGIN,
        new JsonObject()
            .put("username", user)
            .put("password", password)
            .put("source_ip", "10.1.2.3"));
  }

  @Test
  @DisplayName(
      "the first admin logs in with ANTBOT_ADMIN_PASSWORD and gets an access and a refresh token")
  void adminLogin(Vertx vertx, VertxTestContext context) {
    login(vertx, "admin", SecurityTestSupport.ADMIN_PASSWORD)
        .compose(
            pair -> {
              context.verify(
                  () -> {
                    assertThat(pair.getString("access_token")).contains(".");
                    assertThat(pair.getString("refresh_token")).isNotBlank();
                    assertThat(pair.getLong("expires_in")).isEqualTo(900);
                    assertThat(pair.getString("token_type")).isEqualTo("Bearer");
                  });
              return request(
                  vertx,
                  Addresses.SECURITY_AUTHENTICATE,
                  new JsonObject()
                      .put("source_ip", "10.1.2.3")
                      .put("token", pair.getString("access_token")));
            })
        .onComplete(
            context.succeeding(
                principal ->
                    context.verify(
                        () -> {
                          assertThat(principal.getString("user")).isEqualTo("admin");
                          assertThat(principal.getJsonArray("roles")).containsExactly("admin");
                          assertThat(principal.getJsonArray("permissions")).containsExactly("*");
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "a wrong password, an unknown user and a disabled user all get the same 401, and each is audited")
  void failedLogins(Vertx vertx, VertxTestContext context) {
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.SECURITY_EVENTS, m -> events.add(m.body()));
    JsonObject user =
        new JsonObject()
            .put("username", "carol")
            .put("password", "carols-password-1")
            .put("roles", new JsonArray().add("viewer"));
    request(vertx, Addresses.SECURITY_USERS_ADD, user)
        .compose(
            v ->
                request(
                    vertx,
                    Addresses.SECURITY_USERS_UPDATE,
                    new JsonObject().put("username", "carol").put("enabled", false)))
        .compose(
            v ->
                Future.join(
                    List.of(
                        login(vertx, "admin", "wrong-password"),
                        login(vertx, "nobody", "whatever-password"),
                        login(vertx, "carol", "carols-password-1"))))
        .otherwise(f -> null)
        .compose(
            v -> Future.join(List.of(login(vertx, "admin", "wrong-password"))).otherwise(f -> null))
        .compose(
            v ->
                request(
                    vertx,
                    Addresses.SECURITY_AUDIT_QUERY,
                    new JsonObject().put("type", "login_failed")))
        .onComplete(
            context.succeeding(
                reply ->
                    context.verify(
                        () -> {
                          assertThat(
                                  reply.getJsonArray("entries").stream()
                                      .map(e -> ((JsonObject) e).getString("reason")))
                              .contains("wrong password", "unknown user", "user disabled");
                          assertThat(events)
                              .anySatisfy(
                                  e -> assertThat(e.getString("type")).isEqualTo("login_failed"));
                          assertThat(reply.encode())
                              .doesNotContain("wrong-password")
                              .doesNotContain("carols-password-1");
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName("login failures reply 401 with one text whatever the cause")
  void loginFailureText(Vertx vertx, VertxTestContext context) {
    List<Future<JsonObject>> attempts =
        List.of(login(vertx, "admin", "wrong-password"), login(vertx, "nobody", "x"));
    Future.join(attempts)
        .onComplete(
            done ->
                context.verify(
                    () -> {
                      for (Future<JsonObject> attempt : attempts) {
                        assertThat(attempt.failed()).isTrue();
                        assertThat(SecurityTestSupport.code(attempt.cause())).isEqualTo(401);
                        assertThat(attempt.cause().getMessage())
                            .isEqualTo("invalid username or password");
                      }
                      context.completeNow();
                    }));
  }

  @Test
  @DisplayName(
      "a refresh token rotates on use; reusing a spent one revokes the session and its access tokens")
  void refreshReuse(Vertx vertx, VertxTestContext context) {
    JsonObject[] pairs = new JsonObject[2];
    List<JsonObject> reuseEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
    vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.SECURITY_EVENTS,
            event -> {
              if ("refresh_token_reuse".equals(event.body().getString("type"))) {
                reuseEvents.add(event.body());
              }
            });
    login(vertx, "admin", SecurityTestSupport.ADMIN_PASSWORD)
        .compose(
            first -> {
              pairs[0] = first;
              return request(
                  vertx,
                  Addresses.SECURITY_TOKEN_REFRESH,
                  new JsonObject().put("refresh_token", first.getString("refresh_token")));
            })
        .compose(
            second -> {
              pairs[1] = second;
              context.verify(
                  () ->
                      assertThat(second.getString("refresh_token"))
                          .isNotEqualTo(pairs[0].getString("refresh_token")));
              return request(
                  vertx,
                  Addresses.SECURITY_AUTHENTICATE,
                  new JsonObject()
                      .put("source_ip", "1.1.1.1")
                      .put("token", second.getString("access_token")));
            })
        .compose(
            principal ->
                request(
                        vertx,
                        Addresses.SECURITY_TOKEN_REFRESH,
                        new JsonObject().put("refresh_token", pairs[0].getString("refresh_token")))
                    .transform(Future::succeededFuture))
        .onComplete(
            context.succeeding(
                reuse -> {
                  List<Future<JsonObject>> after =
                      List.of(
                          request(
                              vertx,
                              Addresses.SECURITY_TOKEN_REFRESH,
                              new JsonObject()
                                  .put("refresh_token", pairs[1].getString("refresh_token"))),
                          request(
                              vertx,
                              Addresses.SECURITY_AUTHENTICATE,
                              new JsonObject()
                                  .put("source_ip", "1.1.1.1")
                                  .put("token", pairs[0].getString("access_token"))),
                          request(
                              vertx,
                              Addresses.SECURITY_AUTHENTICATE,
                              new JsonObject()
                                  .put("source_ip", "1.1.1.1")
                                  .put("token", pairs[1].getString("access_token"))));
                  Future.join(after)
                      .onComplete(
                          done ->
                              context.verify(
                                  () -> {
                                    assertThat(reuse.failed()).isTrue();
                                    assertThat(SecurityTestSupport.code(reuse.cause()))
                                        .isEqualTo(401);
                                    assertThat(reuse.cause().getMessage())
                                        .isEqualTo(
                                            "refresh token rejected: refresh token reuse detected; the whole session was revoked");
                                    assertThat(after)
                                        .extracting(
                                            f ->
                                                f.failed()
                                                    ? SecurityTestSupport.code(f.cause())
                                                        + " "
                                                        + f.cause().getMessage()
                                                    : "accepted")
                                        .containsExactly(
                                            "401 refresh token rejected: the session of this refresh token was revoked",
                                            "401 token rejected: revoked",
                                            "401 token rejected: revoked");
                                    request(
                                            vertx,
                                            Addresses.SECURITY_AUDIT_QUERY,
                                            new JsonObject().put("type", "session_revoked"))
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
                                                                      .getJsonArray("revoked_jtis"))
                                                              .hasSize(2);
                                                          assertThat(reuseEvents)
                                                              .as(
                                                                  "one refresh_token_reuse security event")
                                                              .hasSize(1);
                                                          context.completeNow();
                                                        })));
                                  }));
                }));
  }

  @Test
  @DisplayName("after family revocation, the other tokens of the family are each refused with 401")
  void familyTokensRefused(Vertx vertx, VertxTestContext context) {
    login(vertx, "admin", SecurityTestSupport.ADMIN_PASSWORD)
        .compose(
            first ->
                request(
                        vertx,
                        Addresses.SECURITY_TOKEN_REFRESH,
                        new JsonObject().put("refresh_token", first.getString("refresh_token")))
                    .compose(
                        second ->
                            request(
                                    vertx,
                                    Addresses.SECURITY_TOKEN_REFRESH,
                                    new JsonObject()
                                        .put("refresh_token", first.getString("refresh_token")))
                                .otherwise(new JsonObject())
                                .compose(
                                    v ->
                                        request(
                                            vertx,
                                            Addresses.SECURITY_AUTHENTICATE,
                                            new JsonObject()
                                                .put("source_ip", "1.1.1.1")
                                                .put("token", second.getString("access_token"))))))
        .onComplete(
            context.failing(
                failure ->
                    context.verify(
                        () -> {
                          assertThat(SecurityTestSupport.code(failure)).isEqualTo(401);
                          assertThat(failure.getMessage()).isEqualTo("token rejected: revoked");
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "authorize applies role rules with wildcards and resource patterns, and audits denials")
  void authorize(Vertx vertx, VertxTestContext context) {
    JsonObject trader =
        new JsonObject()
            .put("username", "tom")
            .put("password", "toms-password-1")
            .put("roles", new JsonArray().add("trader"));
    request(vertx, Addresses.SECURITY_USERS_ADD, trader)
        .compose(
            v ->
                request(
                    vertx,
                    Addresses.SECURITY_AUTHORIZE,
                    new JsonObject()
                        .put("user", "tom")
                        .put("action", "trade:execute")
                        .put("resource", "SOL/USDC")))
        .compose(
            allowed -> {
              context.verify(
                  () ->
                      assertThat(allowed)
                          .isEqualTo(
                              new JsonObject()
                                  .put("allowed", true)
                                  .put("reason", "granted by role trader: trade:*")));
              return request(
                  vertx,
                  Addresses.SECURITY_AUTHORIZE,
                  new JsonObject()
                      .put("user", "tom")
                      .put("action", "config:write")
                      .put("resource", "trading"));
            })
        .compose(
            denied -> {
              context.verify(
                  () ->
                      assertThat(denied)
                          .isEqualTo(
                              new JsonObject()
                                  .put("allowed", false)
                                  .put(
                                      "reason",
                                      "no permission of roles [trader] allows config:write on trading")));
              return request(
                  vertx,
                  Addresses.SECURITY_AUTHORIZE,
                  new JsonObject()
                      .put("user", "tom")
                      .put("action", "trade:execute")
                      .put("resource", "BTC/USDC")
                      .put("permissions", new JsonArray().add("trade:*@SOL/*")));
            })
        .compose(
            narrowed -> {
              context.verify(() -> assertThat(narrowed.getBoolean("allowed")).isFalse());
              return request(
                  vertx,
                  Addresses.SECURITY_AUDIT_QUERY,
                  new JsonObject().put("type", "authorization_denied"));
            })
        .onComplete(
            context.succeeding(
                audit ->
                    context.verify(
                        () -> {
                          assertThat(audit.getJsonArray("entries")).hasSize(2);
                          assertThat(
                                  audit
                                      .getJsonArray("entries")
                                      .getJsonObject(0)
                                      .getString("action"))
                              .isEqualTo("config:write");
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName("Fernet encrypt and decrypt round-trip over the bus; a bad token is a 400")
  void fernet(Vertx vertx, VertxTestContext context) {
    String data =
        Base64.getEncoder().encodeToString("exchange api key".getBytes(StandardCharsets.UTF_8));
    request(vertx, Addresses.SECURITY_ENCRYPT, new JsonObject().put("data_b64", data))
        .compose(
            reply ->
                request(
                    vertx,
                    Addresses.SECURITY_DECRYPT,
                    new JsonObject().put("token", reply.getString("token")).put("ttl_s", 60)))
        .compose(
            reply -> {
              context.verify(() -> assertThat(reply.getString("data_b64")).isEqualTo(data));
              return request(
                  vertx,
                  Addresses.SECURITY_DECRYPT,
                  new JsonObject().put("token", "gAAAAA-not-a-token"));
            })
        .onComplete(
            context.failing(
                failure ->
                    context.verify(
                        () -> {
                          assertThat(SecurityTestSupport.code(failure)).isEqualTo(400);
                          assertThat(failure.getMessage())
                              .isEqualTo("token: Fernet: the token is not url-safe base64");
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName("Fernet key rotation: old tokens still decrypt and re-encrypt under the new key")
  void fernetRotation(Vertx vertx, VertxTestContext context) {
    String data = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
    request(vertx, Addresses.SECURITY_ENCRYPT, new JsonObject().put("data_b64", data))
        .compose(
            old ->
                request(
                        vertx,
                        Addresses.SECURITY_KEYS_ROTATE,
                        new JsonObject().put("kind", "fernet"))
                    .compose(
                        rotated ->
                            request(
                                vertx,
                                Addresses.SECURITY_REENCRYPT,
                                new JsonObject().put("token", old.getString("token"))))
                    .compose(
                        moved -> {
                          context.verify(
                              () ->
                                  assertThat(moved.getString("token"))
                                      .isNotEqualTo(old.getString("token")));
                          return Future.all(
                              request(
                                  vertx,
                                  Addresses.SECURITY_DECRYPT,
                                  new JsonObject().put("token", old.getString("token"))),
                              request(
                                  vertx,
                                  Addresses.SECURITY_DECRYPT,
                                  new JsonObject().put("token", moved.getString("token"))));
                        }))
        .onComplete(
            context.succeeding(
                both ->
                    context.verify(
                        () -> {
                          assertThat(both.<JsonObject>resultAt(0).getString("data_b64"))
                              .isEqualTo(data);
                          assertThat(both.<JsonObject>resultAt(1).getString("data_b64"))
                              .isEqualTo(data);
                          assertThat(
                                  Files.readString(dir.resolve("keys/fernet.keys"))
                                      .lines()
                                      .filter(l -> !l.startsWith("#"))
                                      .count())
                              .isEqualTo(2);
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName("RSA envelopes round-trip over the bus; bad input is a 400")
  void rsa(Vertx vertx, VertxTestContext context) {
    byte[] big = new byte[100_000];
    new java.util.Random(1).nextBytes(big);
    String data = Base64.getEncoder().encodeToString(big);
    request(vertx, Addresses.SECURITY_RSA_ENCRYPT, new JsonObject().put("data_b64", data))
        .compose(
            reply ->
                request(
                    vertx,
                    Addresses.SECURITY_RSA_DECRYPT,
                    new JsonObject().put("envelope", reply.getString("envelope"))))
        .compose(
            reply -> {
              context.verify(() -> assertThat(reply.getString("data_b64")).isEqualTo(data));
              return request(
                  vertx, Addresses.SECURITY_RSA_DECRYPT, new JsonObject().put("envelope", "AQID"));
            })
        .onComplete(
            context.failing(
                failure ->
                    context.verify(
                        () -> {
                          assertThat(SecurityTestSupport.code(failure)).isEqualTo(400);
                          assertThat(failure.getMessage())
                              .isEqualTo("RSA envelope: not an envelope of version 1");
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName("password hash and verify over the bus; over 72 bytes is a 400 that says so")
  void passwords(Vertx vertx, VertxTestContext context) {
    request(
            vertx,
            Addresses.SECURITY_PASSWORD_HASH,
            new JsonObject().put("password", "s3cret pass"))
        .compose(
            reply -> {
              context.verify(() -> assertThat(reply.getString("hash")).startsWith("$2b$04$"));
              return request(
                  vertx,
                  Addresses.SECURITY_PASSWORD_VERIFY,
                  new JsonObject()
                      .put("password", "s3cret pass")
                      .put("hash", reply.getString("hash")));
            })
        .compose(
            reply -> {
              context.verify(() -> assertThat(reply.getBoolean("valid")).isTrue());
              return request(
                  vertx,
                  Addresses.SECURITY_PASSWORD_HASH,
                  new JsonObject().put("password", "x".repeat(73)));
            })
        .onComplete(
            context.failing(
                failure ->
                    context.verify(
                        () -> {
                          assertThat(SecurityTestSupport.code(failure)).isEqualTo(400);
                          assertThat(failure.getMessage())
                              .isEqualTo(
                                  "password: 73 bytes is longer than bcrypt's limit of 72 bytes (it would be silently cut); use a shorter password");
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName("bad messages get a 400 naming the field")
  void badMessages(Vertx vertx, VertxTestContext context) {
    List<Future<JsonObject>> requests =
        List.of(
            request(vertx, Addresses.SECURITY_LOGIN, new JsonObject().put("username", "admin")),
            request(vertx, Addresses.SECURITY_ENCRYPT, new JsonObject().put("data_b64", "%%%")),
            request(vertx, Addresses.SECURITY_TOKEN_REVOKE, new JsonObject()),
            request(
                vertx,
                Addresses.SECURITY_USERS_ADD,
                new JsonObject()
                    .put("username", "Bad Name")
                    .put("password", "long enough pw")
                    .put("roles", new JsonArray().add("viewer"))),
            request(
                vertx,
                Addresses.SECURITY_USERS_ADD,
                new JsonObject()
                    .put("username", "dan")
                    .put("password", "long enough pw")
                    .put("roles", new JsonArray().add("wizard"))),
            request(vertx, Addresses.SECURITY_AUTHENTICATE, new JsonObject().put("token", "x")),
            request(
                vertx,
                Addresses.SECURITY_USERS_ADD,
                new JsonObject()
                    .put("username", "dan")
                    .put("password", "short")
                    .put("roles", new JsonArray().add("viewer"))),
            request(vertx, Addresses.SECURITY_KEYS_ROTATE, new JsonObject().put("kind", "rsa")));
    Future.join(requests)
        .onComplete(
            done ->
                context.verify(
                    () -> {
                      List<String> outcomes =
                          requests.stream()
                              .map(
                                  f ->
                                      f.succeeded()
                                          ? "ok"
                                          : SecurityTestSupport.code(f.cause())
                                              + " "
                                              + f.cause().getMessage())
                              .toList();
                      assertThat(outcomes)
                          .containsExactly(
                              "400 password: required",
                              "400 data_b64: not valid base64 (RFC 4648, standard alphabet, padded)",
                              "400 token, jti: give exactly one of them",
                              "400 username: expected 1 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit",
                              "400 roles[0]: unknown role \"wizard\" (known: admin, operator, trader, viewer, bot)",
                              "400 source_ip: required",
                              "400 password: at least 12 characters are required, got 5",
                              "400 kind: expected jwt or fernet, got \"rsa\"");
                      context.completeNow();
                    }));
  }

  @Test
  @DisplayName("the audit trail of a run verifies over the bus")
  void auditVerifies(Vertx vertx, VertxTestContext context) {
    login(vertx, "admin", SecurityTestSupport.ADMIN_PASSWORD)
        .compose(v -> request(vertx, Addresses.SECURITY_AUDIT_VERIFY, new JsonObject()))
        .onComplete(
            context.succeeding(
                reply ->
                    context.verify(
                        () -> {
                          assertThat(reply.getBoolean("intact")).isTrue();
                          assertThat(reply.getLong("entries")).isGreaterThanOrEqualTo(2);
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName("the status reports users, keys and sessions without any secret")
  void status(Vertx vertx, VertxTestContext context) {
    request(vertx, Addresses.SECURITY_STATUS, new JsonObject())
        .onComplete(
            context.succeeding(
                reply ->
                    context.verify(
                        () -> {
                          assertThat(reply.getString("state")).isEqualTo("ready");
                          JsonObject details = reply.getJsonObject("details");
                          assertThat(details.getInteger("users")).isEqualTo(1);
                          assertThat(details.getJsonObject("jwt").getString("algorithm"))
                              .isEqualTo("HS256");
                          String keys = Files.readString(dir.resolve("keys/jwt-keys.json"));
                          String secret =
                              new JsonObject(keys)
                                  .getJsonArray("keys")
                                  .getJsonObject(0)
                                  .getJsonObject("jwk")
                                  .getString("k");
                          assertThat(reply.encode()).doesNotContain(secret);
                          context.completeNow();
                        })));
  }
}
