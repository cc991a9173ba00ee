package io.antbot.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.security.storage.KeyFiles;
import io.antbot.security.token.JwtKey;
import io.antbot.security.token.JwtKeyRing;
import io.antbot.security.token.TestJws;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way an access token is refused, by name, through {@code antbot.security.authenticate}: a 401
 * and its reason.
 */
@ExtendWith(VertxExtension.class)
class JwtRejectionTest {

  @TempDir Path dir;

  /** The service's clock, shifted by tests to issue tokens in the past. */
  private final AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);

  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.now().plus(shift.get());
        }
      };

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) {
    JsonObject jwt =
        new JsonObject()
            .put(
                "security",
                new JsonObject()
                    .put(
                        "jwt",
                        new JsonObject()
                            .put("allowed_algorithms", new JsonArray().add("HS256").add("RS256"))));
    SecurityTestSupport.deploy(
            vertx,
            dir,
            jwt,
            "development",
            clock,
            Map.of("ANTBOT_ADMIN_PASSWORD", SecurityTestSupport.ADMIN_PASSWORD))
        .onComplete(context.succeedingThenComplete());
  }

  private JwtKey signingKey() throws Exception {
    return JwtKeyRing.fromJson(
            new JsonObject(Files.readString(dir.resolve("keys").resolve(KeyFiles.JWT))))
        .signingKey();
  }

  private static JsonObject header(String alg, String kid) {
    JsonObject header = new JsonObject().put("alg", alg).put("typ", "JWT");
    return kid == null ? header : header.put("kid", kid);
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

  /** Sends {@code token} to authenticate and expects 401 with "token rejected: {@code reason}". */
  private static void expectRejected(
      Vertx vertx, VertxTestContext context, String token, String reason) {
    vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.SECURITY_AUTHENTICATE,
            new JsonObject().put("source_ip", "127.0.0.1").put("token", token))
        .onComplete(
            context.failing(
                failure ->
                    context.verify(
                        () -> {
                          assertThat(SecurityTestSupport.code(failure)).isEqualTo(401);
                          assertThat(failure.getMessage()).isEqualTo("token rejected: " + reason);
                          context.completeNow();
                        })));
  }

  private static JsonObject claims() {
    return TestJws.claims("antbot-core", "antbot-api", 600)
        .put("sub", "admin")
        .put("roles", new JsonArray().add("admin"))
        .put("permissions", new JsonArray().add("*"));
  }

  @Test
  @DisplayName("a genuine token is accepted (the control for every refusal below)")
  void genuine(Vertx vertx, VertxTestContext context) throws Exception {
    String token = TestJws.sign(header("HS256", signingKey().kid()), claims(), signingKey());
    vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.SECURITY_AUTHENTICATE,
            new JsonObject().put("source_ip", "127.0.0.1").put("token", token))
        .onComplete(
            context.succeeding(
                reply ->
                    context.verify(
                        () -> {
                          assertThat(reply.body().getString("user")).isEqualTo("admin");
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName("alg none")
  void algNone(Vertx vertx, VertxTestContext context) throws Exception {
    String token =
        TestJws.encode(header("none", signingKey().kid())) + "." + TestJws.encode(claims()) + ".";
    expectRejected(vertx, context, token, "algorithm none is not accepted");
  }

  @Test
  @DisplayName("alg NONE in capitals with a forged signature")
  void algNoneCapitals(Vertx vertx, VertxTestContext context) throws Exception {
    String token =
        TestJws.encode(header("NONE", signingKey().kid()))
            + "."
            + TestJws.encode(claims())
            + ".AAAA";
    expectRejected(vertx, context, token, "algorithm none is not accepted");
  }

  @Test
  @DisplayName("an algorithm outside the allow-list")
  void algOutsideList(Vertx vertx, VertxTestContext context) throws Exception {
    String token = TestJws.hs256(header("HS512", signingKey().kid()), claims(), new byte[64]);
    expectRejected(
        vertx, context, token, "algorithm \"HS512\" is not allowed (allowed: HS256, RS256)");
  }

  @Test
  @DisplayName("HS/RS key confusion: HS256 signed with an RSA public key, under that key's id")
  void keyConfusion(Vertx vertx, VertxTestContext context) throws Exception {
    // The service signs with an RS256 key and also allows HS256; the attacker knows the RSA public
    // key and uses
    // its bytes as an HMAC secret, naming the RSA key's id.
    JwtKey rsa = JwtKey.generate("RS256", 2048, Instant.now());
    Files.writeString(
        dir.resolve("keys").resolve(KeyFiles.JWT),
        new JwtKeyRing(java.util.List.of(rsa)).toJson().encode());
    JsonObject settings =
        new JsonObject()
            .put(
                "security",
                new JsonObject()
                    .put(
                        "jwt",
                        new JsonObject()
                            .put("algorithm", "RS256")
                            .put("allowed_algorithms", new JsonArray().add("RS256").add("HS256"))));
    Future.all(vertx.deploymentIDs().stream().map(vertx::undeploy).toList())
        .compose(
            v ->
                io.antbot.testing.TestConf.deployConfig(
                    vertx,
                    dir.resolve("conf"),
                    "development",
                    SecurityTestSupport.overrides(dir).mergeIn(settings, true)))
        .compose(id -> vertx.deployVerticle(new SecurityVerticle(clock, Map.of())))
        .onComplete(
            context.succeeding(
                id -> {
                  byte[] publicKey = rsa.publicJwk().encode().getBytes(StandardCharsets.UTF_8);
                  String token;
                  try {
                    token = TestJws.hs256(header("HS256", rsa.kid()), claims(), publicKey);
                  } catch (Exception e) {
                    context.failNow(e);
                    return;
                  }
                  expectRejected(
                      vertx,
                      context,
                      token,
                      "algorithm HS256 does not match key \"" + rsa.kid() + "\" (RS256)");
                }));
  }

  @Test
  @DisplayName("a bad signature")
  void badSignature(Vertx vertx, VertxTestContext context) throws Exception {
    String token = TestJws.sign(header("HS256", signingKey().kid()), claims(), signingKey());
    int middle = token.lastIndexOf('.') + 10;
    char flipped = token.charAt(middle) == 'A' ? 'B' : 'A';
    expectRejected(
        vertx,
        context,
        token.substring(0, middle) + flipped + token.substring(middle + 1),
        "bad signature");
  }

  @Test
  @DisplayName("a wrongly sized signature")
  void wrongSizeSignature(Vertx vertx, VertxTestContext context) throws Exception {
    String token = TestJws.sign(header("HS256", signingKey().kid()), claims(), signingKey());
    // 43 characters carry 32 bytes; 47 carry 35.
    String padded = token.substring(0, token.length() - 3) + "AAAAAAA";
    expectRejected(
        vertx,
        context,
        padded,
        "signature is 35 bytes, HS256 with key \"" + signingKey().kid() + "\" makes 32");
  }

  @Test
  @DisplayName("expired (beyond the 30 s leeway)")
  void expired(Vertx vertx, VertxTestContext context) {
    shift.set(Duration.ofMinutes(-16));
    login(vertx)
        .onComplete(
            context.succeeding(
                pair -> expectRejected(vertx, context, pair.getString("access_token"), "expired")));
  }

  @Test
  @DisplayName("expired 20 s ago is still accepted within the leeway")
  void withinLeeway(Vertx vertx, VertxTestContext context) {
    shift.set(Duration.ofMinutes(-15).minusSeconds(20));
    login(vertx)
        .compose(
            pair ->
                vertx
                    .eventBus()
                    .<JsonObject>request(
                        Addresses.SECURITY_AUTHENTICATE,
                        new JsonObject()
                            .put("source_ip", "127.0.0.1")
                            .put("token", pair.getString("access_token"))))
        .onComplete(
            context.succeeding(
                reply ->
                    context.verify(
                        () -> {
                          assertThat(reply.body().getString("user")).isEqualTo("admin");
                          context.completeNow();
                        })));
  }

  @Test
  @DisplayName("nbf in the future")
  void notYetValid(Vertx vertx, VertxTestContext context) throws Exception {
    JsonObject claims = claims().put("nbf", Instant.now().getEpochSecond() + 300);
    expectRejected(
        vertx,
        context,
        TestJws.sign(header("HS256", signingKey().kid()), claims, signingKey()),
        "not yet valid (nbf is in the future)");
  }

  @Test
  @DisplayName("a time claim that is not a number")
  void timeClaimNotANumber(Vertx vertx, VertxTestContext context) throws Exception {
    JsonObject claims = claims().put("nbf", "yesterday");
    expectRejected(
        vertx,
        context,
        TestJws.sign(header("HS256", signingKey().kid()), claims, signingKey()),
        "claim nbf is not a number");
  }

  @Test
  @DisplayName("a wrong issuer")
  void wrongIssuer(Vertx vertx, VertxTestContext context) throws Exception {
    expectRejected(
        vertx,
        context,
        TestJws.sign(
            header("HS256", signingKey().kid()), claims().put("iss", "evil"), signingKey()),
        "wrong issuer (iss)");
  }

  @Test
  @DisplayName("a wrong audience")
  void wrongAudience(Vertx vertx, VertxTestContext context) throws Exception {
    expectRejected(
        vertx,
        context,
        TestJws.sign(
            header("HS256", signingKey().kid()), claims().put("aud", "other-api"), signingKey()),
        "wrong audience (aud)");
  }

  @Test
  @DisplayName("a revoked token")
  void revoked(Vertx vertx, VertxTestContext context) {
    login(vertx)
        .compose(
            pair ->
                vertx
                    .eventBus()
                    .<JsonObject>request(
                        Addresses.SECURITY_TOKEN_REVOKE,
                        new JsonObject().put("token", pair.getString("access_token")))
                    .map(pair))
        .onComplete(
            context.succeeding(
                pair -> expectRejected(vertx, context, pair.getString("access_token"), "revoked")));
  }

  @Test
  @DisplayName("a token over 8 KB")
  void tooLarge(Vertx vertx, VertxTestContext context) throws Exception {
    JsonObject claims = claims().put("padding", "x".repeat(7000));
    String token = TestJws.sign(header("HS256", signingKey().kid()), claims, signingKey());
    expectRejected(
        vertx, context, token, "token too large (" + token.length() + " bytes, limit 8192)");
  }

  @Test
  @DisplayName("an unknown key id, a missing key id, and an embedded key")
  void keyIds(Vertx vertx, VertxTestContext context) throws Exception {
    JwtKey key = signingKey();
    String unknown = TestJws.sign(header("HS256", "nope"), claims(), key);
    String missing = TestJws.sign(header("HS256", null), claims(), key);
    String embedded =
        TestJws.sign(
            header("HS256", key.kid()).put("jwk", new JsonObject().put("kty", "oct")),
            claims(),
            key);
    Map<String, String> cases =
        Map.of(
            unknown, "unknown key id \"nope\"",
            missing, "no key id (kid) in the header",
            embedded, "keys carried in the token (jwk) are not accepted");
    var checkpoint = context.checkpoint(cases.size());
    cases.forEach(
        (token, reason) ->
            vertx
                .eventBus()
                .request(
                    Addresses.SECURITY_AUTHENTICATE,
                    new JsonObject().put("source_ip", "127.0.0.1").put("token", token))
                .onComplete(
                    context.failing(
                        failure ->
                            context.verify(
                                () -> {
                                  assertThat(SecurityTestSupport.code(failure)).isEqualTo(401);
                                  assertThat(failure.getMessage())
                                      .isEqualTo("token rejected: " + reason);
                                  checkpoint.flag();
                                }))));
  }

  @Test
  @DisplayName("a token of a disabled user")
  void disabledUser(Vertx vertx, VertxTestContext context) throws Exception {
    JwtKey key = signingKey();
    String token = TestJws.sign(header("HS256", key.kid()), claims().put("sub", "ghost"), key);
    expectRejected(vertx, context, token, "user disabled or removed");
  }
}
