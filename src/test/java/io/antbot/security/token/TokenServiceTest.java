package io.antbot.security.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

  private Vertx vertx;
  private final JwtSettings settings =
      new JwtSettings(
          "HS256",
          Set.of("HS256", "EdDSA"),
          "antbot-core",
          "antbot-api",
          Duration.ofMinutes(15),
          Duration.ofDays(7),
          30,
          8192,
          Duration.ZERO,
          2048,
          100);

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static String rejection(TokenService service, String token) {
    try {
      service.authenticate(token).await();
      return "accepted";
    } catch (Exception e) {
      return e instanceof TokenRejectedException rejected ? rejected.reason() : "failed with " + e;
    }
  }

  @Test
  @DisplayName(
      "an issued token carries sub, roles, permissions, jti, iat, exp, iss, aud and verifies")
  void issueAndVerify() {
    JwtKeyRing ring = new JwtKeyRing(List.of(JwtKey.generate("HS256", 0, Instant.now())));
    TokenService service =
        new TokenService(vertx, settings, ring, new RevocationList(), Clock.systemUTC());
    IssuedToken issued =
        service.sign(
            "alice", List.of("trader"), List.of("trade:*"), Duration.ofMinutes(15), "fam1");
    JsonObject claims = service.authenticate(issued.token()).await();
    assertThat(claims.getString("sub")).isEqualTo("alice");
    assertThat(claims.getJsonArray("roles")).containsExactly("trader");
    assertThat(claims.getJsonArray("permissions")).containsExactly("trade:*");
    assertThat(claims.getString("jti")).isEqualTo(issued.jti());
    assertThat(claims.getString("iss")).isEqualTo("antbot-core");
    assertThat(claims.getString("aud")).isEqualTo("antbot-api");
    assertThat(claims.getString("sid")).isEqualTo("fam1");
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(900);
  }

  @Test
  @DisplayName(
      "after rotation new tokens use the new key and old tokens verify until the old key is pruned")
  void rotation() {
    JwtKey first = JwtKey.generate("HS256", 0, Instant.now());
    TokenService service =
        new TokenService(
            vertx,
            settings,
            new JwtKeyRing(List.of(first)),
            new RevocationList(),
            Clock.systemUTC());
    String old = service.sign("alice", List.of(), List.of(), Duration.ofMinutes(15), null).token();

    Instant rotatedAt = Instant.now();
    JwtKey second = JwtKey.generate("HS256", 0, rotatedAt);
    service.useKeys(service.keys().rotate(second, rotatedAt));
    String fresh =
        service.sign("alice", List.of(), List.of(), Duration.ofMinutes(15), null).token();

    assertThat(kid(fresh)).isEqualTo(second.kid());
    assertThat(kid(old)).isEqualTo(first.kid());
    assertThat(rejection(service, old)).isEqualTo("accepted");
    assertThat(rejection(service, fresh)).isEqualTo("accepted");

    service.useKeys(
        service
            .keys()
            .prune(
                rotatedAt.plus(Duration.ofMinutes(10)),
                settings.retiredKeyLifetime(Duration.ZERO)));
    assertThat(service.keys().keys()).hasSize(2);
    service.useKeys(
        service
            .keys()
            .prune(
                rotatedAt.plus(Duration.ofMinutes(16)),
                settings.retiredKeyLifetime(Duration.ZERO)));
    assertThat(service.keys().keys()).containsExactly(second);
    assertThat(rejection(service, old)).isEqualTo("unknown key id \"" + first.kid() + "\"");
  }

  private static String kid(String token) {
    return new JsonObject(
            new String(
                java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')))))
        .getString("kid");
  }

  @Test
  @DisplayName("EdDSA and RS256 keys sign and verify, and publish public keys only in the JWKS")
  void asymmetricKeys() {
    JwtSettings both =
        new JwtSettings(
            "EdDSA",
            Set.of("EdDSA", "RS256"),
            "antbot-core",
            "antbot-api",
            Duration.ofMinutes(15),
            Duration.ofDays(7),
            30,
            8192,
            Duration.ZERO,
            2048,
            100);
    JwtKey ed = JwtKey.generate("EdDSA", 0, Instant.now());
    JwtKey rsa = JwtKey.generate("RS256", 2048, Instant.now());
    TokenService service =
        new TokenService(
            vertx, both, new JwtKeyRing(List.of(rsa, ed)), new RevocationList(), Clock.systemUTC());
    assertThat(
            rejection(
                service,
                service.sign("bob", List.of(), List.of(), Duration.ofMinutes(1), null).token()))
        .isEqualTo("accepted");
    service.useKeys(new JwtKeyRing(List.of(ed, rsa)));
    assertThat(
            rejection(
                service,
                service.sign("bob", List.of(), List.of(), Duration.ofMinutes(1), null).token()))
        .isEqualTo("accepted");

    JsonObject jwks = service.keys().jwks();
    assertThat(jwks.getJsonArray("keys")).hasSize(2);
    for (Object key : jwks.getJsonArray("keys")) {
      assertThat(((JsonObject) key).fieldNames())
          .doesNotContain("d", "p", "q", "dp", "dq", "qi", "k");
    }
    JwtKeyRing hmacOnly = new JwtKeyRing(List.of(JwtKey.generate("HS256", 0, Instant.now())));
    assertThat(hmacOnly.jwks().getJsonArray("keys")).isEmpty();
  }

  @Test
  @DisplayName("the key ring's file form round-trips and keys rotate by age")
  void ringJson() {
    Instant created = Instant.parse("2025-01-01T00:00:00Z");
    JwtKeyRing ring = new JwtKeyRing(List.of(JwtKey.generate("HS256", 0, created)));
    JwtKeyRing read = JwtKeyRing.fromJson(new JsonObject(ring.toJson().encode()));
    assertThat(read.signingKey().kid()).isEqualTo(ring.signingKey().kid());
    assertThat(read.signingKey().jwk()).isEqualTo(ring.signingKey().jwk());
    assertThat(ring.signingKeyOlderThan(Duration.ofDays(30), created.plus(Duration.ofDays(31))))
        .isTrue();
    assertThat(ring.signingKeyOlderThan(Duration.ofDays(30), created.plus(Duration.ofDays(29))))
        .isFalse();
    assertThat(ring.signingKeyOlderThan(Duration.ZERO, created.plus(Duration.ofDays(900))))
        .isFalse();
  }

  @Test
  @DisplayName(
      "a remembered token is still refused once revoked, and forgotten when the keys change")
  void verifiedTokenMemory() {
    RevocationList revocations = new RevocationList();
    JwtKey first = JwtKey.generate("HS256", 0, Instant.now());
    TokenService service =
        new TokenService(
            vertx, settings, new JwtKeyRing(List.of(first)), revocations, Clock.systemUTC());
    IssuedToken a = service.sign("alice", List.of(), List.of(), Duration.ofMinutes(15), null);
    IssuedToken b = service.sign("bob", List.of(), List.of(), Duration.ofMinutes(15), null);
    assertThat(rejection(service, a.token())).isEqualTo("accepted");
    assertThat(rejection(service, a.token())).isEqualTo("accepted");
    revocations.revoke(a.jti(), a.expiresAtS());
    assertThat(rejection(service, a.token())).isEqualTo("revoked");

    assertThat(rejection(service, b.token())).isEqualTo("accepted");
    service.useKeys(new JwtKeyRing(List.of(JwtKey.generate("HS256", 0, Instant.now()))));
    assertThat(rejection(service, b.token())).isEqualTo("unknown key id \"" + first.kid() + "\"");
  }

  @Test
  @DisplayName("a genuine but expired token can still be read for revocation; a forged one cannot")
  void genuineClaims() throws Exception {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    JwtKeyRing ring = new JwtKeyRing(List.of(JwtKey.generate("HS256", 0, Instant.now())));
    TokenService service = new TokenService(vertx, settings, ring, new RevocationList(), past);
    String expired =
        service.sign("alice", List.of(), List.of(), Duration.ofMinutes(15), null).token();
    assertThat(rejection(service, expired)).isEqualTo("expired");
    assertThat(service.genuineClaims(expired).getString("sub")).isEqualTo("alice");
    // Change one whole character inside the signature (the last ones carry padding bits a decoder
    // may ignore).
    int at = expired.lastIndexOf('.') + 5;
    String forged =
        expired.substring(0, at)
            + (expired.charAt(at) == 'A' ? 'B' : 'A')
            + expired.substring(at + 1);
    assertThatThrownBy(() -> service.genuineClaims(forged))
        .isInstanceOf(TokenRejectedException.class);
  }

  @Test
  @DisplayName(
      "refresh tokens rotate on use; reusing a spent one revokes the family and its access tokens")
  void refreshFamilies() {
    RefreshSessions sessions = new RefreshSessions();
    RefreshSessions.Rotated first = sessions.start("alice", 1000, 3600);
    sessions.recordAccessToken(first.familyId(), "jti-1", 1900, 1000);
    RefreshSessions.Outcome second = sessions.use(first.refreshToken(), 1100, 3600);
    assertThat(second).isInstanceOf(RefreshSessions.Rotated.class);
    String next = ((RefreshSessions.Rotated) second).refreshToken();
    assertThat(next).isNotEqualTo(first.refreshToken()).startsWith(first.familyId() + ".");
    sessions.recordAccessToken(first.familyId(), "jti-2", 2000, 1000);

    RefreshSessions.Outcome reuse = sessions.use(first.refreshToken(), 1200, 3600);
    assertThat(reuse)
        .isEqualTo(
            new RefreshSessions.Refused(
                RefreshSessions.Refusal.REUSE,
                "refresh token reuse detected; the whole session was revoked",
                "alice",
                Map.of("jti-1", 1900L, "jti-2", 2000L)));
    assertThat(sessions.use(next, 1300, 3600))
        .isEqualTo(
            new RefreshSessions.Refused(
                RefreshSessions.Refusal.SESSION_REVOKED,
                "the session of this refresh token was revoked",
                "alice",
                Map.of()));
  }

  @Test
  @DisplayName(
      "refresh tokens expire, unknown ones are refused, and the store survives a round trip")
  void refreshExpiryAndPersistence() {
    RefreshSessions sessions = new RefreshSessions();
    RefreshSessions.Rotated first = sessions.start("alice", 1000, 100);
    assertThat(sessions.use(first.refreshToken(), 1100, 100))
        .isEqualTo(
            new RefreshSessions.Refused(
                RefreshSessions.Refusal.EXPIRED, "refresh token expired", "alice", Map.of()));
    assertThat(sessions.use("nope.nope", 1000, 100))
        .isEqualTo(
            new RefreshSessions.Refused(
                RefreshSessions.Refusal.UNKNOWN, "unknown refresh token", null, Map.of()));
    assertThat(sessions.use(first.familyId() + ".guess", 1000, 100))
        .isEqualTo(
            new RefreshSessions.Refused(
                RefreshSessions.Refusal.UNKNOWN, "unknown refresh token", null, Map.of()));

    RefreshSessions.Rotated live = sessions.start("bob", 1000, 1000);
    RefreshSessions copy = RefreshSessions.fromJson(new JsonObject(sessions.toJson().encode()));
    assertThat(copy.use(live.refreshToken(), 1001, 1000))
        .isInstanceOf(RefreshSessions.Rotated.class);
    assertThat(copy.toJson().encode())
        .doesNotContain(live.refreshToken().substring(live.refreshToken().indexOf('.') + 1));
    assertThat(copy.prune(1101)).isEqualTo(1);
  }

  @Test
  @DisplayName("revocations are kept until the token expires, then pruned")
  void revocations() {
    RevocationList list = new RevocationList();
    assertThat(list.revoke("a", 100)).isTrue();
    assertThat(list.revoke("a", 50)).isFalse();
    list.revoke("b", 200);
    assertThat(list.prune(120, 30)).isZero();
    assertThat(list.prune(140, 30)).isEqualTo(1);
    assertThat(list.isRevoked("a")).isFalse();
    assertThat(RevocationList.fromJson(list.toJson()).isRevoked("b")).isTrue();
  }
}
