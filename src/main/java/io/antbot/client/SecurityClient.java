package io.antbot.client;

import io.antbot.bus.Addresses;
import io.antbot.bus.AuditQuery;
import io.antbot.bus.Authenticate;
import io.antbot.bus.Authorize;
import io.antbot.bus.Decision;
import io.antbot.bus.Decrypt;
import io.antbot.bus.Encrypt;
import io.antbot.bus.IssuedAccessToken;
import io.antbot.bus.KeysRotate;
import io.antbot.bus.Login;
import io.antbot.bus.PasswordHash;
import io.antbot.bus.PasswordVerify;
import io.antbot.bus.Principal;
import io.antbot.bus.Reencrypt;
import io.antbot.bus.RsaDecrypt;
import io.antbot.bus.TokenIssue;
import io.antbot.bus.TokenPair;
import io.antbot.bus.TokenRefresh;
import io.antbot.bus.TokenRevoke;
import io.antbot.bus.UserAdd;
import io.antbot.bus.UserUpdate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Typed access to the security service for bot verticles and the HTTP layer.
 *
 * <pre>{@code
 * SecurityClient security = new SecurityClient(vertx);
 * security.authenticate(bearerToken, remoteIp, userAgent)
 *   .compose(principal -> security.authorize(principal.user(), "trade:execute", "SOL/USDC"))
 *   .onSuccess(decision -> ...);
 * }</pre>
 *
 * <p>Every method returns a {@link Future} that fails with a {@link io.antbot.bus.BusException}
 * carrying the shared code: {@code 400} for bad input (the text names the field), {@code 401} for a
 * refused login or token (the text gives the reason, e.g. {@code token rejected: expired}), {@code
 * 403}, {@code 404} and {@code 409} for account operations, {@code 503} when the service is not
 * running. Passwords and tokens passed in are sent to the security service only.
 */
public class SecurityClient extends BusClient {

  public SecurityClient(Vertx vertx) {
    this(vertx, DEFAULT_TIMEOUT_MS);
  }

  public SecurityClient(Vertx vertx, long timeoutMs) {
    super(vertx, timeoutMs);
  }

  /**
   * Logs in; the pair's access token lasts {@code expires_in} seconds, the refresh token gets the
   * next pair.
   */
  public Future<TokenPair> login(String username, String password, String sourceIp) {
    return request(Addresses.SECURITY_LOGIN, new Login(username, password, sourceIp).toJson())
        .map(TokenPair::fromJson);
  }

  /**
   * Trades a refresh token for a new pair; the presented refresh token is spent (presenting it
   * again ends the session).
   */
  public Future<TokenPair> refresh(String refreshToken, String sourceIp) {
    return request(
            Addresses.SECURITY_TOKEN_REFRESH, new TokenRefresh(refreshToken, sourceIp).toJson())
        .map(TokenPair::fromJson);
  }

  /**
   * Issues a stand-alone access token for {@code user} (scripts, bots).
   *
   * @param permissions a subset of the user's permissions, or {@code null} for all of them
   * @param ttl lifetime, or {@code null} for {@code security.jwt.access_ttl_s}; at most one day
   */
  public Future<IssuedAccessToken> issue(String user, List<String> permissions, Duration ttl) {
    return request(
            Addresses.SECURITY_TOKEN_ISSUE,
            new TokenIssue(user, permissions, ttl == null ? null : ttl.toSeconds(), null).toJson())
        .map(IssuedAccessToken::fromJson);
  }

  /**
   * Revokes an access token (and the session it belongs to) or a refresh token's session; replies
   * {@code {revoked: [jti...], sessions}}.
   */
  public Future<JsonObject> revoke(String token) {
    return request(Addresses.SECURITY_TOKEN_REVOKE, new TokenRevoke(token, null, null).toJson());
  }

  /** Revokes an access token by its id. */
  public Future<JsonObject> revokeJti(String jti) {
    return request(Addresses.SECURITY_TOKEN_REVOKE, new TokenRevoke(null, jti, null).toJson());
  }

  /** Checks a bearer token; fails with 401 and the reason when it is not accepted. */
  public Future<Principal> authenticate(String token, String sourceIp, String userAgent) {
    return request(
            Addresses.SECURITY_AUTHENTICATE, new Authenticate(sourceIp, token, userAgent).toJson())
        .map(Principal::fromJson);
  }

  /**
   * Whether {@code user} may do {@code action} on {@code resource}; a denial is a normal reply, not
   * a failure.
   */
  public Future<Decision> authorize(String user, String action, String resource) {
    return request(
            Addresses.SECURITY_AUTHORIZE, new Authorize(user, action, resource, null).toJson())
        .map(Decision::fromJson);
  }

  /**
   * As {@link #authorize(String, String, String)}, also limited by the permissions of the caller's
   * token.
   */
  public Future<Decision> authorize(Principal principal, String action, String resource) {
    return request(
            Addresses.SECURITY_AUTHORIZE,
            new Authorize(principal.user(), action, resource, principal.permissions()).toJson())
        .map(Decision::fromJson);
  }

  /** A bcrypt hash of {@code password} (at most 72 bytes in UTF-8). */
  /**
   * Takes {@code cost} tokens from {@code key}'s bucket under {@code policy} ({@code null}: the
   * default policy); in a cluster the bucket is shared by every core node.
   */
  public Future<io.antbot.bus.RateLimitCheckReply> checkRateLimit(
      String key, String policy, long cost) {
    return request(
            Addresses.SECURITY_RATELIMIT_CHECK,
            new io.antbot.bus.RateLimitCheckRequest(key, policy, cost).toJson())
        .map(io.antbot.bus.RateLimitCheckReply::fromJson);
  }

  public Future<String> hashPassword(String password) {
    return request(Addresses.SECURITY_PASSWORD_HASH, new PasswordHash(password).toJson())
        .map(reply -> reply.getString("hash"));
  }

  public Future<Boolean> verifyPassword(String password, String hash) {
    return request(Addresses.SECURITY_PASSWORD_VERIFY, new PasswordVerify(password, hash).toJson())
        .map(reply -> reply.getBoolean("valid", false));
  }

  /**
   * Encrypts {@code data} into a Fernet token (readable by Python's {@code cryptography.fernet}
   * with the same key).
   */
  public Future<String> encrypt(byte[] data) {
    return request(Addresses.SECURITY_ENCRYPT, new Encrypt(data).toJson())
        .map(reply -> reply.getString("token"));
  }

  /** Decrypts a Fernet token; {@code ttl} rejects older tokens ({@code null}: any age). */
  public Future<byte[]> decrypt(String token, Duration ttl) {
    return request(
            Addresses.SECURITY_DECRYPT,
            new Decrypt(token, ttl == null ? null : ttl.toSeconds()).toJson())
        .map(reply -> Base64.getDecoder().decode(reply.getString("data_b64")));
  }

  /** Moves a Fernet token to the newest key, keeping its timestamp. */
  public Future<String> reencrypt(String token) {
    return request(Addresses.SECURITY_REENCRYPT, new Reencrypt(token).toJson())
        .map(reply -> reply.getString("token"));
  }

  /**
   * Seals {@code data} of any size for the service's RSA key (RSA-OAEP-SHA256 wrapping an
   * AES-256-GCM key).
   */
  public Future<String> rsaEncrypt(byte[] data) {
    return request(Addresses.SECURITY_RSA_ENCRYPT, new Encrypt(data).toJson())
        .map(reply -> reply.getString("envelope"));
  }

  public Future<byte[]> rsaDecrypt(String envelope) {
    return request(Addresses.SECURITY_RSA_DECRYPT, new RsaDecrypt(envelope).toJson())
        .map(reply -> Base64.getDecoder().decode(reply.getString("data_b64")));
  }

  /** Audit entries matching {@code query}, oldest first. */
  public Future<List<JsonObject>> auditQuery(AuditQuery query) {
    return request(Addresses.SECURITY_AUDIT_QUERY, query.toJson())
        .map(
            reply ->
                reply.getJsonArray("entries", new JsonArray()).stream()
                    .map(JsonObject.class::cast)
                    .toList());
  }

  /** Checks the audit trail's hash chain: {@code {intact, entries, first_broken?, torn_tail?}}. */
  public Future<JsonObject> auditVerify() {
    return request(Addresses.SECURITY_AUDIT_VERIFY, new JsonObject());
  }

  /** The accounts, without password hashes. */
  public Future<List<JsonObject>> users() {
    return request(Addresses.SECURITY_USERS_LIST, new JsonObject())
        .map(
            reply ->
                reply.getJsonArray("users", new JsonArray()).stream()
                    .map(JsonObject.class::cast)
                    .toList());
  }

  public Future<JsonObject> addUser(UserAdd user) {
    return request(Addresses.SECURITY_USERS_ADD, user.toJson())
        .map(reply -> reply.getJsonObject("user"));
  }

  public Future<JsonObject> updateUser(UserUpdate update) {
    return request(Addresses.SECURITY_USERS_UPDATE, update.toJson())
        .map(reply -> reply.getJsonObject("user"));
  }

  /** The JSON Web Key Set of the token-signing public keys (empty with HMAC signing). */
  public Future<JsonObject> jwks() {
    return request(Addresses.SECURITY_JWKS, new JsonObject());
  }

  /** Makes a new {@code jwt} signing key or {@code fernet} encryption key; returns its id. */
  public Future<String> rotateKeys(String kind) {
    return request(Addresses.SECURITY_KEYS_ROTATE, new KeysRotate(kind, null).toJson())
        .map(reply -> reply.getString("key_id"));
  }
}
