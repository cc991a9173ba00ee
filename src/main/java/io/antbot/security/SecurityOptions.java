package io.antbot.security;

import io.antbot.security.audit.HashChainedAuditLog;
import io.antbot.security.authz.PermissionRules;
import io.antbot.security.password.BcryptHasher;
import io.antbot.security.token.JwtAlgorithms;
import io.antbot.security.token.JwtSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code security:} section of the configuration, typed.
 *
 * <p>Applied live (on {@code antbot.config.changed}): {@code bcrypt_cost}, {@code
 * passphrase_min_length}, {@code roles} and everything under {@code jwt} except {@code
 * jwt.algorithm}. Read at start only (a change is logged as needing a restart): {@code keys_dir},
 * {@code key_generation}, {@code jwt.algorithm}, {@code audit.dir}, {@code audit.fsync}, {@code
 * rsa.key_bits}, and {@code core.state_dir}.
 *
 * @param stateDir {@code core.state_dir}: users, sessions and revocations live here
 * @param bcryptCost cost of new password hashes; hashes below it are redone at the next login
 * @param passwordMinLength the shortest password accepted for a new or changed account
 * @param keysDir where JWT, Fernet and RSA keys and the first admin password file live
 * @param keyGeneration {@code auto} (generate missing keys, except the Fernet and RSA keys in
 *     production), {@code always}, or {@code never}
 * @param jwt token settings
 * @param roles role → permission rules
 * @param auditDir directory of {@code audit.jsonl}
 * @param auditFsync force each audit entry to disk before replying
 * @param audit when the audit trail's active segment is sealed, and the cap on all its segments
 * @param rsaKeyBits size of a generated RSA envelope key
 * @param problems type problems found while reading (see {@link #validate()})
 */
public record SecurityOptions(
    String stateDir,
    int bcryptCost,
    int passwordMinLength,
    String keysDir,
    String keyGeneration,
    JwtSettings jwt,
    Map<String, List<String>> roles,
    String auditDir,
    boolean auditFsync,
    HashChainedAuditLog.Rotation audit,
    int rsaKeyBits,
    List<String> problems) {

  public static final String DEFAULT_STATE_DIR = "var/state";
  public static final int DEFAULT_BCRYPT_COST = 12;
  public static final int DEFAULT_PASSPHRASE_MIN_LENGTH = 12;
  public static final String DEFAULT_KEYS_DIR = "var/keys";
  public static final String DEFAULT_KEY_GENERATION = "auto";
  public static final String DEFAULT_JWT_ALGORITHM = "HS256";
  public static final List<String> DEFAULT_ALLOWED_ALGORITHMS = List.of("HS256");
  public static final String DEFAULT_ISSUER = "antbot-core";
  public static final String DEFAULT_AUDIENCE = "antbot-api";
  public static final int DEFAULT_ACCESS_TTL_S = 900;
  public static final int DEFAULT_REFRESH_TTL_S = 7 * 24 * 3600;
  public static final int DEFAULT_LEEWAY_S = 30;
  public static final int DEFAULT_MAX_JWT_BYTES = 8192;
  public static final int DEFAULT_ROTATION_DAYS = 30;
  public static final int DEFAULT_JWT_RSA_BITS = 3072;
  public static final int DEFAULT_JWT_CACHE_SIZE = 10_000;
  public static final int DEFAULT_SESSION_LIFETIME_S = 30 * 24 * 3600;
  public static final int DEFAULT_MAX_SESSIONS_PER_USER = 16;
  public static final String DEFAULT_AUDIT_DIR = "var/audit";
  public static final boolean DEFAULT_AUDIT_FSYNC = true;
  public static final int DEFAULT_AUDIT_SEGMENT_MB = 64;
  public static final int DEFAULT_AUDIT_MAX_TOTAL_MB = 2048;
  public static final int DEFAULT_RSA_KEY_BITS = 3072;
  public static final Set<String> KEY_GENERATION_MODES = Set.of("auto", "always", "never");

  /**
   * Reads {@code section} (the value of {@code security}) with {@code stateDir} from {@code
   * core.state_dir}.
   */
  public static SecurityOptions fromJson(JsonObject section, String stateDir) {
    Reader in = new Reader(section == null ? new JsonObject() : section, "security");
    JsonObject jwtSection = in.object("jwt");
    Reader jwt = new Reader(jwtSection, "security.jwt");
    Reader audit = new Reader(in.object("audit"), "security.audit");
    Reader rsa = new Reader(in.object("rsa"), "security.rsa");

    List<String> allowed = jwt.strings("allowed_algorithms", DEFAULT_ALLOWED_ALGORITHMS);
    JwtSettings settings =
        new JwtSettings(
            jwt.string("algorithm", DEFAULT_JWT_ALGORITHM),
            new LinkedHashSet<>(allowed),
            jwt.string("issuer", DEFAULT_ISSUER),
            jwt.string("audience", DEFAULT_AUDIENCE),
            Duration.ofSeconds(jwt.integer("access_ttl_s", DEFAULT_ACCESS_TTL_S)),
            Duration.ofSeconds(jwt.integer("refresh_ttl_s", DEFAULT_REFRESH_TTL_S)),
            jwt.integer("leeway_s", DEFAULT_LEEWAY_S),
            jwt.integer("max_bytes", DEFAULT_MAX_JWT_BYTES),
            Duration.ofDays(jwt.integer("rotation_days", DEFAULT_ROTATION_DAYS)),
            jwt.integer("rsa_bits", DEFAULT_JWT_RSA_BITS),
            jwt.integer("cache_size", DEFAULT_JWT_CACHE_SIZE),
            Duration.ofSeconds(jwt.integer("session_lifetime_s", DEFAULT_SESSION_LIFETIME_S)),
            jwt.integer("max_sessions_per_user", DEFAULT_MAX_SESSIONS_PER_USER));

    List<String> problems = new ArrayList<>();
    JsonObject rolesSection = in.object("roles");
    Map<String, List<String>> roles =
        rolesSection.isEmpty()
            ? PermissionRules.DEFAULT_ROLES
            : PermissionRules.read(rolesSection, "security.roles", problems);

    SecurityOptions options =
        new SecurityOptions(
            stateDir == null || stateDir.isBlank() ? DEFAULT_STATE_DIR : stateDir,
            in.integer("bcrypt_cost", DEFAULT_BCRYPT_COST),
            in.integer("passphrase_min_length", DEFAULT_PASSPHRASE_MIN_LENGTH),
            in.string("keys_dir", DEFAULT_KEYS_DIR),
            in.string("key_generation", DEFAULT_KEY_GENERATION),
            settings,
            roles,
            audit.string("dir", DEFAULT_AUDIT_DIR),
            audit.bool("fsync", DEFAULT_AUDIT_FSYNC),
            rotation(audit, problems),
            rsa.integer("key_bits", DEFAULT_RSA_KEY_BITS),
            problems);
    problems.addAll(in.problems);
    problems.addAll(jwt.problems);
    problems.addAll(audit.problems);
    problems.addAll(rsa.problems);
    return options;
  }

  /**
   * {@code security.audit.segment_mb} and {@code max_total_mb}; a cap under two segments is a
   * problem.
   */
  private static HashChainedAuditLog.Rotation rotation(Reader audit, List<String> problems) {
    long segment = audit.integer("segment_mb", DEFAULT_AUDIT_SEGMENT_MB) * (1L << 20);
    long cap = audit.integer("max_total_mb", DEFAULT_AUDIT_MAX_TOTAL_MB) * (1L << 20);
    if (segment < 1 || cap < 2 * segment) {
      problems.add(
          "security.audit.max_total_mb: must be at least twice security.audit.segment_mb, got "
              + (cap >> 20)
              + " and "
              + (segment >> 20));
      return new HashChainedAuditLog.Rotation(
          DEFAULT_AUDIT_SEGMENT_MB * (1L << 20), DEFAULT_AUDIT_MAX_TOTAL_MB * (1L << 20));
    }
    return new HashChainedAuditLog.Rotation(segment, cap);
  }

  /** Every problem, each with its path; empty when the options can be used. */
  public List<String> validate() {
    List<String> all = new ArrayList<>(problems);
    range(all, "security.bcrypt_cost", bcryptCost, BcryptHasher.MIN_COST, BcryptHasher.MAX_COST);
    range(
        all,
        "security.passphrase_min_length",
        passwordMinLength,
        1,
        BcryptHasher.MAX_PASSWORD_BYTES);
    if (!KEY_GENERATION_MODES.contains(keyGeneration)) {
      all.add(
          "security.key_generation: expected auto, always or never, got \"" + keyGeneration + "\"");
    }
    blank(all, "security.keys_dir", keysDir);
    blank(all, "security.audit.dir", auditDir);
    blank(all, "security.jwt.issuer", jwt.issuer());
    blank(all, "security.jwt.audience", jwt.audience());
    int index = 0;
    for (String alg : jwt.allowedAlgorithms()) {
      if (!JwtAlgorithms.SUPPORTED.contains(alg)) {
        all.add(
            "security.jwt.allowed_algorithms["
                + index
                + "]: "
                + ("none".equalsIgnoreCase(alg)
                    ? "\"none\" is never allowed"
                    : "unknown algorithm \""
                        + alg
                        + "\" (expected one of "
                        + String.join(", ", JwtAlgorithms.SUPPORTED.stream().sorted().toList())
                        + ")"));
      }
      index++;
    }
    if (jwt.allowedAlgorithms().isEmpty()) {
      all.add("security.jwt.allowed_algorithms: must name at least one algorithm");
    }
    if (!jwt.allowedAlgorithms().contains(jwt.algorithm())) {
      all.add(
          "security.jwt.algorithm: \""
              + jwt.algorithm()
              + "\" must also be in security.jwt.allowed_algorithms");
    }
    range(all, "security.jwt.access_ttl_s", jwt.accessTtl().toSeconds(), 30, 86_400);
    range(all, "security.jwt.refresh_ttl_s", jwt.refreshTtl().toSeconds(), 60, 90L * 86_400);
    range(all, "security.jwt.leeway_s", jwt.leewayS(), 0, 300);
    range(all, "security.jwt.max_bytes", jwt.maxBytes(), 512, 65_536);
    range(all, "security.jwt.rotation_days", jwt.rotationAge().toDays(), 0, 3650);
    range(all, "security.jwt.rsa_bits", jwt.rsaBits(), 2048, 8192);
    range(all, "security.jwt.cache_size", jwt.cacheSize(), 0, 1_000_000);
    range(
        all,
        "security.jwt.session_lifetime_s",
        jwt.sessionLifetime().toSeconds(),
        3600,
        365L * 86_400);
    range(all, "security.jwt.max_sessions_per_user", jwt.maxSessionsPerUser(), 1, 1000);
    range(all, "security.rsa.key_bits", rsaKeyBits, 2048, 8192);
    all.addAll(PermissionRules.validate(roles, "security.roles"));
    return all;
  }

  private static void range(List<String> problems, String path, long value, long min, long max) {
    if (value < min || value > max) {
      problems.add(path + ": expected " + min + " to " + max + ", got " + value);
    }
  }

  private static void blank(List<String> problems, String path, String value) {
    if (value == null || value.isBlank()) {
      problems.add(path + ": must not be empty");
    }
  }

  /**
   * Typed reads that record a problem (and use the default) instead of failing on the first wrong
   * type.
   */
  private static final class Reader {
    final JsonObject json;
    final String path;
    final List<String> problems = new ArrayList<>();

    Reader(JsonObject json, String path) {
      this.json = json;
      this.path = path;
    }

    String string(String field, String fallback) {
      Object value = json.getValue(field);
      if (value == null) {
        return fallback;
      }
      if (value instanceof String text) {
        return text;
      }
      problems.add(path + "." + field + ": expected a string, got " + value);
      return fallback;
    }

    int integer(String field, int fallback) {
      Object value = json.getValue(field);
      if (value == null) {
        return fallback;
      }
      if (value instanceof Number number
          && number.doubleValue() == Math.rint(number.doubleValue())
          && Math.abs(number.doubleValue()) < Integer.MAX_VALUE) {
        return number.intValue();
      }
      problems.add(path + "." + field + ": expected an integer, got " + value);
      return fallback;
    }

    boolean bool(String field, boolean fallback) {
      Object value = json.getValue(field);
      if (value == null) {
        return fallback;
      }
      if (value instanceof Boolean flag) {
        return flag;
      }
      problems.add(path + "." + field + ": expected a boolean, got " + value);
      return fallback;
    }

    JsonObject object(String field) {
      Object value = json.getValue(field);
      if (value == null) {
        return new JsonObject();
      }
      if (value instanceof JsonObject object) {
        return object;
      }
      problems.add(path + "." + field + ": expected an object");
      return new JsonObject();
    }

    List<String> strings(String field, List<String> fallback) {
      Object value = json.getValue(field);
      if (value == null) {
        return fallback;
      }
      if (!(value instanceof JsonArray array)) {
        problems.add(path + "." + field + ": expected a list of strings");
        return fallback;
      }
      List<String> list = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        if (array.getValue(i) instanceof String text) {
          list.add(text);
        } else {
          problems.add(path + "." + field + "[" + i + "]: expected a string");
        }
      }
      return list;
    }
  }
}
