package io.antbot.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The bounds and typed reads shared by the security service's message records ({@code Login},
 * {@code TokenIssue}, {@code Authenticate}, ...), one file each in this package: sizes, token and
 * name shapes, and the field readers whose {@code 400} texts name the field.
 */
public final class SecurityFields {

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
  static final java.util.regex.Pattern REFRESH_TOKEN =
      java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}\\.[A-Za-z0-9_-]{1,128}");

  /**
   * The JWS compact form: three base64url parts (the last, the signature, empty only for alg none,
   * which no one signs).
   */
  static final java.util.regex.Pattern JWT_COMPACT =
      java.util.regex.Pattern.compile("[A-Za-z0-9_-]++\\.[A-Za-z0-9_-]++\\.[A-Za-z0-9_-]*+");

  /**
   * The longest action or resource an authorization question names (a permission, a configuration
   * key, a symbol).
   */
  public static final int MAX_RESOURCE_CHARS = 512;

  static final java.util.regex.Pattern ACTOR = java.util.regex.Pattern.compile("[^\\s]{1,128}");

  private SecurityFields() {}

  static final String BEARER = "Bearer";

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
