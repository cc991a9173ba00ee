package io.antbot.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Message bodies of the security service's addresses ({@code antbot.security.*}), one record per
 * message.
 *
 * <p>{@code fromJson} turns a malformed body into a {@code 400} whose text names the field; {@code
 * toJson} writes the snake_case body. Records that carry a password or a token hide it in {@code
 * toString()}.
 */
public final class SecurityMessages {

  /** The largest payload {@code encrypt}/{@code rsa.encrypt} accept, in bytes (8 MiB). */
  public static final int MAX_DATA_BYTES = 8 * 1024 * 1024;

  /**
   * The longest token a message carries: eight times the token service's own JWT limit (8,192
   * bytes, answered 401 there), so that an oversized token meets that check rather than a 400 here.
   */
  public static final int MAX_TOKEN_CHARS = 64 * 1024;

  /**
   * The longest Fernet token or RSA envelope: the base64 of {@link #MAX_DATA_BYTES} with room for
   * headers.
   */
  public static final int MAX_CIPHERTEXT_CHARS = MAX_DATA_BYTES / 3 * 4 * 2;

  /** bcrypt reads 72 bytes; a longer password is refused by the policy, an absurd one here. */
  public static final int MAX_PASSWORD_CHARS = 1024;

  public static final int MAX_USER_AGENT_CHARS = 512;
  public static final int MAX_PERMISSIONS = 256;
  public static final int MAX_PERMISSION_CHARS = 128;
  private static final java.util.regex.Pattern REFRESH_TOKEN =
      java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}\\.[A-Za-z0-9_-]{1,128}");

  /**
   * The JWS compact form: three base64url parts (the last, the signature, empty only for alg none,
   * which no one signs).
   */
  private static final java.util.regex.Pattern JWT_COMPACT =
      java.util.regex.Pattern.compile("[A-Za-z0-9_-]++\\.[A-Za-z0-9_-]++\\.[A-Za-z0-9_-]*+");

  /**
   * The longest action or resource an authorization question names (a permission, a configuration
   * key, a symbol).
   */
  public static final int MAX_RESOURCE_CHARS = 512;

  private static final java.util.regex.Pattern ACTOR =
      java.util.regex.Pattern.compile("[^\\s]{1,128}");

  private SecurityMessages() {}

  /** {@code antbot.security.login}: {@code {username, password, source_ip}}. */
  public record Login(String username, String password, String sourceIp) {
    private static final Set<String> FIELDS = Set.of("username", "password", "source_ip");

    public static Login fromJson(JsonObject json) {
      JsonFields.rejectUnknown(json, FIELDS);
      return new Login(
          userNameField(json, "username"),
          requirePassword(json, "password"),
          sourceIpField(json, true));
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("username", username)
          .put("password", password)
          .put("source_ip", sourceIp);
    }

    @Override
    public String toString() {
      return "Login[" + username + " from " + sourceIp + "]";
    }
  }

  /** Reply of login and refresh: {@code {access_token, refresh_token, token_type, expires_in}}. */
  public record TokenPair(String accessToken, String refreshToken, long expiresIn) {
    public static TokenPair fromJson(JsonObject json) {
      return new TokenPair(
          JsonFields.requireString(json, "access_token"),
          JsonFields.requireString(json, "refresh_token"),
          JsonFields.requireLong(json, "expires_in"));
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("access_token", accessToken)
          .put("refresh_token", refreshToken)
          .put("token_type", "Bearer")
          .put("expires_in", expiresIn);
    }

    @Override
    public String toString() {
      return "TokenPair[expires_in=" + expiresIn + "]";
    }
  }

  /** {@code antbot.security.token.issue}: {@code {user, permissions?, ttl_s?, actor?}}. */
  public record TokenIssue(String user, List<String> permissions, Long ttlS, String actor) {
    private static final Set<String> FIELDS = Set.of("user", "permissions", "ttl_s", "actor");

    public static TokenIssue fromJson(JsonObject json) {
      JsonFields.rejectUnknown(json, FIELDS);
      Long ttl = JsonFields.optionalLong(json, "ttl_s");
      if (ttl != null && ttl <= 0) {
        throw BusException.badRequest("ttl_s: expected a positive number of seconds, got " + ttl);
      }
      return new TokenIssue(
          userNameField(json, "user"), optionalStrings(json, "permissions"), ttl, actorField(json));
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("user", user);
      if (permissions != null) {
        json.put("permissions", new JsonArray(permissions));
      }
      if (ttlS != null) {
        json.put("ttl_s", ttlS);
      }
      if (actor != null) {
        json.put("actor", actor);
      }
      return json;
    }
  }

  /** Reply of token.issue: {@code {access_token, token_type, expires_in, jti}}. */
  public record IssuedAccessToken(String accessToken, long expiresIn, String jti) {
    public static IssuedAccessToken fromJson(JsonObject json) {
      return new IssuedAccessToken(
          JsonFields.requireString(json, "access_token"),
          JsonFields.requireLong(json, "expires_in"),
          JsonFields.requireString(json, "jti"));
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("access_token", accessToken)
          .put("token_type", "Bearer")
          .put("expires_in", expiresIn)
          .put("jti", jti);
    }

    @Override
    public String toString() {
      return "IssuedAccessToken[jti=" + jti + "]";
    }
  }

  /** {@code antbot.security.token.refresh}: {@code {refresh_token, source_ip?}}. */
  public record TokenRefresh(String refreshToken, String sourceIp) {
    private static final Set<String> FIELDS = Set.of("refresh_token", "source_ip");

    public static TokenRefresh fromJson(JsonObject json) {
      JsonFields.rejectUnknown(json, FIELDS);
      return new TokenRefresh(refreshTokenField(json, "refresh_token"), sourceIpField(json, false));
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("refresh_token", refreshToken);
      if (sourceIp != null) {
        json.put("source_ip", sourceIp);
      }
      return json;
    }

    @Override
    public String toString() {
      return "TokenRefresh[...]";
    }
  }

  /**
   * {@code antbot.security.token.revoke}: {@code {token | jti, actor?}} — an access token (revokes
   * it and its session), a refresh token (revokes its session), or a bare access-token id.
   */
  public record TokenRevoke(String token, String jti, String actor) {
    private static final Set<String> FIELDS = Set.of("token", "jti", "actor");

    public static TokenRevoke fromJson(JsonObject json) {
      JsonFields.rejectUnknown(json, FIELDS);
      String token = JsonFields.optionalString(json, "token", null, MAX_TOKEN_CHARS);
      String jti =
          JsonFields.optionalMatching(
              json, "jti", JsonFields.TOKEN_ID, "a token id (base64url, at most 64)");
      if ((token == null || token.isBlank()) == (jti == null || jti.isBlank())) {
        throw BusException.badRequest("token, jti: give exactly one of them");
      }
      if (token != null) {
        token = withoutScheme(token);
        if (!JWT_COMPACT.matcher(token).matches() && !REFRESH_TOKEN.matcher(token).matches()) {
          throw BusException.badRequest(
              "token: expected an access token (a JWT, header.payload.signature in base64url) "
                  + "or a refresh token (<id>.<secret>), got "
                  + JsonFields.describe(token));
        }
      }
      return new TokenRevoke(token, jti, actorField(json));
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject();
      if (token != null) {
        json.put("token", token);
      }
      if (jti != null) {
        json.put("jti", jti);
      }
      if (actor != null) {
        json.put("actor", actor);
      }
      return json;
    }

    @Override
    public String toString() {
      return "TokenRevoke[jti=" + jti + "]";
    }
  }

  /** {@code antbot.security.authenticate}: {@code {source_ip, token, user_agent?}}. */
  public record Authenticate(String sourceIp, String token, String userAgent) {
    private static final Set<String> FIELDS = Set.of("source_ip", "token", "user_agent");

    public static Authenticate fromJson(JsonObject json) {
      JsonFields.rejectUnknown(json, FIELDS);
      return new Authenticate(
          sourceIpField(json, true),
          withoutScheme(JsonFields.requireString(json, "token", MAX_TOKEN_CHARS + BEARER.length())),
          JsonFields.optionalString(json, "user_agent", null, MAX_USER_AGENT_CHARS));
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("source_ip", sourceIp).put("token", token);
      if (userAgent != null) {
        json.put("user_agent", userAgent);
      }
      return json;
    }

    @Override
    public String toString() {
      return "Authenticate[from " + sourceIp + "]";
    }
  }

  /**
   * Reply of authenticate: {@code {user, roles, permissions, jti, expires_at}} ({@code expires_at}
   * in epoch seconds).
   */
  public record Principal(
      String user, List<String> roles, List<String> permissions, String jti, long expiresAt) {
    public Principal {
      roles = List.copyOf(roles);
      permissions = List.copyOf(permissions);
    }

    public static Principal fromJson(JsonObject json) {
      return new Principal(
          JsonFields.requireString(json, "user"),
          strings(json, "roles"),
          strings(json, "permissions"),
          JsonFields.requireString(json, "jti"),
          JsonFields.requireLong(json, "expires_at"));
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("user", user)
          .put("roles", new JsonArray(roles))
          .put("permissions", new JsonArray(permissions))
          .put("jti", jti)
          .put("expires_at", expiresAt);
    }
  }

  /**
   * {@code antbot.security.authorize}: {@code {user, action, resource, permissions?}}. With {@code
   * permissions} (those of the caller's token), the action must be allowed by them as well as by
   * the user's roles.
   */
  public record Authorize(String user, String action, String resource, List<String> permissions) {
    private static final Set<String> FIELDS = Set.of("user", "action", "resource", "permissions");

    public static Authorize fromJson(JsonObject json) {
      JsonFields.rejectUnknown(json, FIELDS);
      return new Authorize(
          userNameField(json, "user"),
          JsonFields.requireString(json, "action", MAX_PERMISSION_CHARS),
          JsonFields.requireString(json, "resource", MAX_RESOURCE_CHARS),
          optionalStrings(json, "permissions"));
    }

    public JsonObject toJson() {
      JsonObject json =
          new JsonObject().put("user", user).put("action", action).put("resource", resource);
      if (permissions != null) {
        json.put("permissions", new JsonArray(permissions));
      }
      return json;
    }
  }

  /** Reply of authorize: {@code {allowed, reason}}. */
  public record Decision(boolean allowed, String reason) {
    public static Decision fromJson(JsonObject json) {
      return new Decision(
          json.getBoolean("allowed", false), JsonFields.optionalString(json, "reason", ""));
    }

    public JsonObject toJson() {
      return new JsonObject().put("allowed", allowed).put("reason", reason);
    }
  }

  /** {@code antbot.security.password.hash}: {@code {password}} → {@code {hash}}. */
  public record PasswordHash(String password) {
    private static final Set<String> FIELDS = Set.of("password");

    public static PasswordHash fromJson(JsonObject json) {
      JsonFields.rejectUnknown(json, FIELDS);
      return new PasswordHash(requirePassword(json, "password"));
    }

    public JsonObject toJson() {
      return new JsonObject().put("password", password);
    }

    @Override
    public String toString() {
      return "PasswordHash[...]";
    }
  }

  /** {@code antbot.security.password.verify}: {@code {password, hash}} → {@code {valid}}. */
  public record PasswordVerify(String password, String hash) {
    private static final Set<String> FIELDS = Set.of("password", "hash");

    public static PasswordVerify fromJson(JsonObject json) {
      JsonFields.rejectUnknown(json, FIELDS);
      return new PasswordVerify(
          requirePassword(json, "password"), JsonFields.requireString(json, "hash", 128));
    }

    public JsonObject toJson() {
      return new JsonObject().put("password", password).put("hash", hash);
    }

    @Override
    public String toString() {
      return "PasswordVerify[...]";
    }
  }

  /**
   * {@code antbot.security.encrypt} and {@code .rsa.encrypt}: {@code {data_b64}} (standard base64,
   * padded).
   */
  public record Encrypt(byte[] data) {
    private static final Set<String> FIELDS = Set.of("data_b64");

    public static Encrypt fromJson(JsonObject json) {
      JsonFields.rejectUnknown(json, FIELDS);
      return new Encrypt(base64(json, "data_b64"));
    }

    public JsonObject toJson() {
      return new JsonObject().put("data_b64", Base64.getEncoder().encodeToString(data));
    }

    @Override
    public String toString() {
      return "Encrypt[" + data.length + " bytes]";
    }
  }

  /** {@code antbot.security.decrypt}: {@code {token, ttl_s?}} → {@code {data_b64}}. */
  public record Decrypt(String token, Long ttlS) {
    private static final Set<String> FIELDS = Set.of("token", "ttl_s");

    public static Decrypt fromJson(JsonObject json) {
      JsonFields.rejectUnknown(json, FIELDS);
      Long ttl = JsonFields.optionalLong(json, "ttl_s");
      if (ttl != null && ttl < 0) {
        throw BusException.badRequest("ttl_s: expected zero or more seconds, got " + ttl);
      }
      return new Decrypt(JsonFields.requireString(json, "token", MAX_CIPHERTEXT_CHARS), ttl);
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("token", token);
      if (ttlS != null) {
        json.put("ttl_s", ttlS);
      }
      return json;
    }
  }

  /**
   * {@code antbot.security.reencrypt}: {@code {token}} → {@code {token}} under the newest Fernet
   * key.
   */
  public record Reencrypt(String token) {
    private static final Set<String> FIELDS = Set.of("token");

    public static Reencrypt fromJson(JsonObject json) {
      JsonFields.rejectUnknown(json, FIELDS);
      return new Reencrypt(JsonFields.requireString(json, "token", MAX_CIPHERTEXT_CHARS));
    }

    public JsonObject toJson() {
      return new JsonObject().put("token", token);
    }
  }

  /**
   * {@code antbot.security.rsa.decrypt}: {@code {envelope}} (base64url, as {@code rsa.encrypt}
   * returns it).
   */
  public record RsaDecrypt(String envelope) {
    private static final Set<String> FIELDS = Set.of("envelope");

    public static RsaDecrypt fromJson(JsonObject json) {
      JsonFields.rejectUnknown(json, FIELDS);
      return new RsaDecrypt(JsonFields.requireString(json, "envelope", MAX_CIPHERTEXT_CHARS));
    }

    public JsonObject toJson() {
      return new JsonObject().put("envelope", envelope);
    }
  }

  /**
   * {@code antbot.security.audit.query}: {@code {type?, actor?, since?, until?, limit?}} → {@code
   * {entries}}.
   */
  public record AuditQuery(String type, String actor, String since, String until, int limit) {
    private static final Set<String> FIELDS = Set.of("type", "actor", "since", "until", "limit");
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    public static AuditQuery fromJson(JsonObject json) {
      JsonFields.rejectUnknown(json, FIELDS);
      Long limit = JsonFields.optionalLong(json, "limit");
      if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
        throw BusException.badRequest("limit: expected 1 to " + MAX_LIMIT + ", got " + limit);
      }
      return new AuditQuery(
          JsonFields.optionalString(json, "type", null),
          JsonFields.optionalString(json, "actor", null),
          instant(json, "since"),
          instant(json, "until"),
          limit == null ? DEFAULT_LIMIT : limit.intValue());
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("limit", limit);
      if (type != null) {
        json.put("type", type);
      }
      if (actor != null) {
        json.put("actor", actor);
      }
      if (since != null) {
        json.put("since", since);
      }
      if (until != null) {
        json.put("until", until);
      }
      return json;
    }

    private static String instant(JsonObject json, String field) {
      String text = JsonFields.optionalString(json, field, null);
      if (text == null) {
        return null;
      }
      try {
        return java.time.Instant.parse(text).toString();
      } catch (java.time.format.DateTimeParseException e) {
        throw BusException.badRequest(
            field
                + ": expected an ISO-8601 instant like 2025-01-02T03:04:05Z, got "
                + JsonFields.describe(text));
      }
    }
  }

  /**
   * {@code antbot.security.users.add}: {@code {username, password, roles, enabled?, actor?}} →
   * {@code {user}}.
   */
  public record UserAdd(
      String username, String password, List<String> roles, boolean enabled, String actor) {
    private static final Set<String> FIELDS =
        Set.of("username", "password", "roles", "enabled", "actor");

    public static UserAdd fromJson(JsonObject json) {
      JsonFields.rejectUnknown(json, FIELDS);
      List<String> roles = optionalStrings(json, "roles");
      if (roles == null) {
        throw JsonFields.missing("roles");
      }
      return new UserAdd(
          userNameField(json, "username"),
          requirePassword(json, "password"),
          roles,
          JsonFields.optionalBoolean(json, "enabled", true),
          actorField(json));
    }

    public JsonObject toJson() {
      JsonObject json =
          new JsonObject()
              .put("username", username)
              .put("password", password)
              .put("roles", new JsonArray(roles))
              .put("enabled", enabled);
      if (actor != null) {
        json.put("actor", actor);
      }
      return json;
    }

    @Override
    public String toString() {
      return "UserAdd[" + username + ", roles=" + roles + "]";
    }
  }

  /**
   * {@code antbot.security.users.update}: {@code {username, password?, roles?, enabled?, actor?}} →
   * {@code {user}}.
   */
  public record UserUpdate(
      String username, String password, List<String> roles, Boolean enabled, String actor) {
    private static final Set<String> FIELDS =
        Set.of("username", "password", "roles", "enabled", "actor");

    public static UserUpdate fromJson(JsonObject json) {
      JsonFields.rejectUnknown(json, FIELDS);
      String password = json.containsKey("password") ? requirePassword(json, "password") : null;
      Boolean enabled =
          json.containsKey("enabled") ? JsonFields.optionalBoolean(json, "enabled", true) : null;
      UserUpdate update =
          new UserUpdate(
              userNameField(json, "username"),
              password,
              optionalStrings(json, "roles"),
              enabled,
              actorField(json));
      if (password == null && update.roles() == null && enabled == null) {
        throw BusException.badRequest("password, roles, enabled: give at least one to change");
      }
      return update;
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("username", username);
      if (password != null) {
        json.put("password", password);
      }
      if (roles != null) {
        json.put("roles", new JsonArray(roles));
      }
      if (enabled != null) {
        json.put("enabled", enabled);
      }
      if (actor != null) {
        json.put("actor", actor);
      }
      return json;
    }

    @Override
    public String toString() {
      return "UserUpdate[" + username + "]";
    }
  }

  /**
   * {@code antbot.security.keys.rotate}: {@code {kind: jwt | fernet, actor?}} → {@code {kind,
   * key_id}}.
   */
  public record KeysRotate(String kind, String actor) {
    private static final Set<String> FIELDS = Set.of("kind", "actor");
    public static final Set<String> KINDS = Set.of("jwt", "fernet");

    public static KeysRotate fromJson(JsonObject json) {
      JsonFields.rejectUnknown(json, FIELDS);
      String kind = JsonFields.requireString(json, "kind");
      if (!KINDS.contains(kind)) {
        throw BusException.badRequest(
            "kind: expected jwt or fernet, got " + JsonFields.describe(kind));
      }
      return new KeysRotate(kind, actorField(json));
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("kind", kind);
      if (actor != null) {
        json.put("actor", actor);
      }
      return json;
    }
  }

  private static final String BEARER = "Bearer";

  /**
   * The token of an {@code Authorization} value: the seed's {@code authenticate_request} passes
   * {@code "Bearer <jwt>"}, the edge the bare token; the scheme is matched without regard to case
   * and may be followed by any run of spaces, as HTTP does (RFC 9110, 11.1 and 11.4).
   */
  static String withoutScheme(String token) {
    String trimmed = token.strip();
    boolean scheme =
        trimmed.regionMatches(true, 0, BEARER, 0, BEARER.length())
            && (trimmed.length() == BEARER.length()
                || Character.isWhitespace(trimmed.charAt(BEARER.length())));
    if (!scheme) {
      return token;
    }
    String bare = trimmed.substring(BEARER.length()).strip();
    if (bare.isEmpty()) {
      throw BusException.badRequest("token: nothing after the Bearer scheme");
    }
    return bare;
  }

  /** An account name, by the user store's rule. */
  static String userNameField(JsonObject json, String field) {
    String name = JsonFields.requireString(json, field);
    if (!JsonFields.USERNAME.matcher(name).matches()) {
      throw BusException.badRequest(
          field
              + ": expected 1 to 64 lowercase letters, digits, '.', '_' or '-', starting "
              + "with a letter or digit");
    }
    return name;
  }

  /** {@code source_ip}: the shape of an IP literal; required or optional. */
  static String sourceIpField(JsonObject json, boolean required) {
    String what = "an IP address literal";
    return required
        ? JsonFields.requireMatching(json, "source_ip", JsonFields.IP_LITERAL, what)
        : JsonFields.optionalMatching(json, "source_ip", JsonFields.IP_LITERAL, what);
  }

  /** A refresh token: {@code <family id>.<secret>}, both base64url. */
  static String refreshTokenField(JsonObject json, String field) {
    return JsonFields.requireMatching(
        json, field, REFRESH_TOKEN, "a refresh token (<id>.<secret>, base64url)");
  }

  /** {@code actor}: who acted, for the audit trail; a short single line. */
  static String actorField(JsonObject json) {
    return JsonFields.optionalMatching(
        json, "actor", ACTOR, "an actor name (at most 128 characters, no spaces)");
  }

  /** A password field: any non-empty string (spaces allowed, unlike other strings). */
  static String requirePassword(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      throw JsonFields.missing(field);
    }
    if (!(value instanceof String text)) {
      throw BusException.badRequest(field + ": expected a string");
    }
    if (text.isEmpty()) {
      throw BusException.badRequest(field + ": must not be empty");
    }
    if (text.length() > MAX_PASSWORD_CHARS) {
      throw BusException.badRequest(field + ": at most " + MAX_PASSWORD_CHARS + " characters");
    }
    return text;
  }

  static List<String> optionalStrings(JsonObject json, String field) {
    JsonArray array = JsonFields.optionalArray(json, field);
    if (array == null) {
      return null;
    }
    if (array.size() > MAX_PERMISSIONS) {
      throw BusException.badRequest(
          field + ": at most " + MAX_PERMISSIONS + " entries, got " + array.size());
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String text)) {
        throw BusException.badRequest(
            field
                + "["
                + i
                + "]: expected a string, got "
                + JsonFields.describe(array.getValue(i)));
      }
      if (text.length() > MAX_PERMISSION_CHARS) {
        throw BusException.badRequest(
            field + "[" + i + "]: at most " + MAX_PERMISSION_CHARS + " characters");
      }
      list.add(text);
    }
    return list;
  }

  static List<String> strings(JsonObject json, String field) {
    List<String> list = optionalStrings(json, field);
    if (list == null) {
      throw JsonFields.missing(field);
    }
    return list;
  }

  static byte[] base64(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      throw JsonFields.missing(field);
    }
    if (!(value instanceof String text)) {
      throw JsonFields.wrongType(field, "a base64 string", value);
    }
    if (text.length() > MAX_DATA_BYTES / 3 * 4 + 4) {
      throw new BusException(
          FailureCode.TOO_LARGE, field + ": more than " + MAX_DATA_BYTES + " bytes");
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw BusException.badRequest(
          field + ": not valid base64 (RFC 4648, standard alphabet, padded)");
    }
  }
}
