package io.antbot.security.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.antbot.bus.Principal;
import io.antbot.security.crypto.StrictBase64;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Issues access tokens with vertx-auth-jwt and checks them: the {@link JwsPrecheck}s, the signature
 * with vertx-auth's {@link io.vertx.ext.auth.impl.jose.JWS} primitive, then the claims.
 *
 * <p>The claim checks are written here rather than left to {@code JWTAuth.authenticate}, which
 * would parse the header and payload a second time (the prechecks already read them), build a
 * {@code User} nobody uses, and report its refusals as texts that had to be re-parsed to name the
 * reason. They are the same checks, with the same leeway arithmetic: issuer, audience (a string or
 * an array that contains ours), {@code exp} ({@code now - leeway >= exp} is expired), {@code nbf}
 * and {@code iat} ({@code > now + leeway} is refused), then the claims it does not check (required
 * claims, revocation).
 *
 * <p>Clients present the same access token on every request until it expires, so a token that
 * passed every check is remembered, by its exact text, with its claims ({@code
 * security.jwt.cache_size} of them, 0 to turn this off). A remembered token skips the signature and
 * parsing work only: its expiry (with the leeway), revocation and the account are checked on every
 * call, and the memory is cleared whenever the keys or the settings change. With RS256 or EdDSA
 * this saves a public-key verification per request.
 *
 * <p>Access tokens carry {@code iss, aud, sub, iat, exp, jti, roles, permissions} and, when they
 * belong to a login session, {@code sid} (the refresh-token family). New tokens are signed by the
 * ring's newest key; every key of the ring verifies. Every refusal is a {@link
 * TokenRejectedException} naming the reason.
 *
 * <p>Changed (keys, settings) and used for signing from the security verticle's event loop; {@link
 * #sign} may run on a worker (RSA signing takes milliseconds) as long as calls do not overlap.
 * {@link #authenticate} is called by the HTTP edge from any event loop: the state it reads is
 * published through volatile fields, the memory is a Caffeine cache, the revocation list a
 * concurrent map, and vertx-auth guards its {@code Mac} and {@code Signature} objects.
 */
public final class TokenService {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final Clock clock;
  private final RevocationList revocations;
  private volatile JwtSettings settings;
  private volatile JwtKeyRing ring;
  private volatile JWTAuth signer;
  private volatile JwsPrecheck precheck;
  private volatile Cache<TokenKey, Verified> verified;

  public TokenService(
      Vertx vertx, JwtSettings settings, JwtKeyRing ring, RevocationList revocations, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.revocations = revocations;
    this.settings = settings;
    useKeys(ring);
  }

  public JwtSettings settings() {
    return settings;
  }

  public JwtKeyRing keys() {
    return ring;
  }

  /** Applies new settings (issuer, audience, leeway, allow-list...) to the next issue and check. */
  public void update(JwtSettings settings) {
    this.settings = settings;
    this.precheck = new JwsPrecheck(ring::byKid, settings.allowedAlgorithms(), settings.maxBytes());
    this.verified = verifiedCache(settings);
  }

  /** Switches to {@code ring} (after a rotation or pruning). */
  public void useKeys(JwtKeyRing ring) {
    JwtKey signing = ring.signingKey();
    if (!signing.canSign()) {
      throw new IllegalArgumentException(
          "the newest JWT key " + signing.kid() + " has no private part");
    }
    this.ring = ring;
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions().addJwk(signing.jwk()));
    this.precheck = new JwsPrecheck(ring::byKid, settings.allowedAlgorithms(), settings.maxBytes());
    this.verified = verifiedCache(settings);
  }

  private static Cache<TokenKey, Verified> verifiedCache(JwtSettings settings) {
    if (settings.cacheSize() <= 0) {
      return null;
    }
    return Caffeine.newBuilder()
        .maximumSize(settings.cacheSize())
        .expireAfterWrite(Duration.ofSeconds(SessionService.MAX_ISSUE_TTL_S + settings.leewayS()))
        .build();
  }

  /**
   * Signs a new access token.
   *
   * @param sessionId the refresh-token family it belongs to, or {@code null}
   */
  public IssuedToken sign(
      String subject,
      List<String> roles,
      List<String> permissions,
      Duration ttl,
      String sessionId) {
    long now = clock.instant().getEpochSecond();
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    String jti = StrictBase64.encodeUrlUnpadded(id);
    long exp = now + ttl.toSeconds();
    JsonObject claims =
        new JsonObject()
            .put("iss", settings.issuer())
            .put("aud", settings.audience())
            .put("sub", subject)
            .put("iat", now)
            .put("exp", exp)
            .put("jti", jti)
            .put("roles", new JsonArray(roles))
            .put("permissions", new JsonArray(permissions));
    if (sessionId != null) {
      claims.put("sid", sessionId);
    }
    String token =
        signer.generateToken(
            claims, new JWTOptions().setAlgorithm(ring.signingKey().alg()).setNoTimestamp(true));
    return new IssuedToken(token, jti, now, exp);
  }

  /**
   * Checks {@code token} completely and returns its claims; fails with a {@link
   * TokenRejectedException}. Runs on the calling thread (HMAC, RSA and EdDSA verification take
   * microseconds).
   */
  public Future<JsonObject> authenticate(String token) {
    return verify(token).map(Verified::claims);
  }

  /**
   * A token that passed every check: its claims and the principal they describe (built once per
   * token, since the HTTP edge needs it on every request the token comes with).
   */
  public record Verified(JsonObject claims, Principal principal) {}

  /** {@link #authenticate}, with the principal of the claims. */
  public Future<Verified> verify(String token) {
    Cache<TokenKey, Verified> memory = verified;
    TokenKey key = token == null ? null : new TokenKey(token);
    Verified remembered = memory == null || key == null ? null : memory.getIfPresent(key);
    if (remembered != null) {
      Principal principal = remembered.principal();
      if (principal.expiresAt() + settings.leewayS() > System.currentTimeMillis() / 1000) {
        // The claims were checked when the token was remembered; only revocation can change since.
        return revocations.isRevoked(principal.jti())
            ? Future.failedFuture(new TokenRejectedException("revoked"))
            : Future.succeededFuture(remembered);
      }
      memory.invalidate(key);
    }
    try {
      JwsPrecheck.Inspected inspected = precheck.inspect(token);
      inspected.verifySignature();
      JsonObject claims = inspected.claims();
      Verified checked = new Verified(checkClaims(claims), principal(claims));
      if (memory != null && memory == verified) {
        memory.put(key, checked);
      }
      return Future.succeededFuture(checked);
    } catch (TokenRejectedException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * A remembered token's text as a map key, hashed over its last characters only: the signature,
   * which differs from token to token, whereas the hash of the whole text (hundreds of characters,
   * a new string on every request) would be computed on every lookup. Equality still compares the
   * whole text. Only tokens that passed every check are stored, so nobody can fill the map with
   * colliding keys.
   */
  private record TokenKey(String token) {
    private static final int HASHED = 24;

    @Override
    public int hashCode() {
      int hash = 0;
      for (int i = Math.max(0, token.length() - HASHED); i < token.length(); i++) {
        hash = 31 * hash + token.charAt(i);
      }
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof TokenKey key && key.token.equals(token);
    }
  }

  /** The principal of claims that passed {@link #checkClaims}. */
  private static Principal principal(JsonObject claims) {
    return new Principal(
        claims.getString("sub"),
        strings(claims.getJsonArray("roles")),
        strings(claims.getJsonArray("permissions")),
        claims.getString("jti"),
        claims.getLong("exp"));
  }

  private static List<String> strings(JsonArray array) {
    String[] values = new String[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = String.valueOf(array.getValue(i));
    }
    return List.of(values);
  }

  /**
   * Checks {@code token}'s form and signature only and returns its claims, expired or not: what
   * revoking a token needs (a token must be genuine to be revoked, but may already be expired).
   */
  public JsonObject genuineClaims(String token) throws TokenRejectedException {
    JwsPrecheck.Inspected inspected = precheck.inspect(token);
    inspected.verifySignature();
    return inspected.claims();
  }

  /** Every claim check, in the order vertx-auth-jwt made its own, then ours. */
  private JsonObject checkClaims(JsonObject claims) throws TokenRejectedException {
    JwtSettings current = settings;
    if (!audienceMatches(claims.getValue("aud"), current.audience())) {
      throw new TokenRejectedException("wrong audience (aud)");
    }
    if (!current.issuer().equals(claims.getValue("iss"))) {
      throw new TokenRejectedException("wrong issuer (iss)");
    }
    long now = System.currentTimeMillis() / 1000;
    int leeway = current.leewayS();
    Long exp = timeClaim(claims, "exp");
    if (exp != null && now - leeway >= exp) {
      throw new TokenRejectedException("expired");
    }
    Long nbf = timeClaim(claims, "nbf");
    if (nbf != null && nbf > now + leeway) {
      throw new TokenRejectedException("not yet valid (nbf is in the future)");
    }
    Long iat = timeClaim(claims, "iat");
    if (iat != null && iat > now + leeway) {
      throw new TokenRejectedException("issued in the future (iat)");
    }
    if (!(claims.getValue("sub") instanceof String sub) || sub.isEmpty()) {
      throw new TokenRejectedException("missing claim sub");
    }
    if (!(claims.getValue("jti") instanceof String jti) || jti.isEmpty()) {
      throw new TokenRejectedException("missing claim jti");
    }
    if (!(claims.getValue("exp") instanceof Number)) {
      throw new TokenRejectedException("missing claim exp");
    }
    if (!(claims.getValue("roles") instanceof JsonArray)
        || !(claims.getValue("permissions") instanceof JsonArray)) {
      throw new TokenRejectedException("missing claim roles or permissions");
    }
    if (revocations.isRevoked(jti)) {
      throw new TokenRejectedException("revoked");
    }
    return claims;
  }

  private static boolean audienceMatches(Object aud, String audience) {
    if (aud instanceof String single) {
      return single.equals(audience);
    }
    return aud instanceof JsonArray many && many.contains(audience);
  }

  /** A time claim in seconds, {@code null} when absent. */
  private static Long timeClaim(JsonObject claims, String name) throws TokenRejectedException {
    Object value = claims.getValue(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Number number) {
      return number.longValue();
    }
    throw new TokenRejectedException("claim " + name + " is not a number");
  }
}
