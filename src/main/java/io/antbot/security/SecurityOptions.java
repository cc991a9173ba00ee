package io.antbot.security;

import io.antbot.security.audit.HashChainedAuditLog;
import io.antbot.security.authz.PermissionRules;
import io.antbot.security.token.JwtSettings;
import io.antbot.settings.SectionReader;
import io.antbot.settings.Settings;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

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

  /** The schema's defaults, with the schema's {@code core.state_dir}. */
  public static SecurityOptions defaults() {
    return fromJson(new JsonObject(), null);
  }

  /**
   * Reads {@code section} (the value of {@code security}) with {@code stateDir} from {@code
   * core.state_dir}; defaults, ranges and allowed values are the schema's.
   */
  public static SecurityOptions fromJson(JsonObject section, String stateDir) {
    SectionReader in = Settings.read("security", section);
    in.rejectUnknown();
    SectionReader jwt = in.child("jwt");
    SectionReader audit = in.child("audit");
    SectionReader rsa = in.child("rsa");
    JwtSettings settings =
        new JwtSettings(
            jwt.string("algorithm"),
            new LinkedHashSet<>(jwt.strings("allowed_algorithms")),
            jwt.string("issuer"),
            jwt.string("audience"),
            Duration.ofSeconds(jwt.integer("access_ttl_s")),
            Duration.ofSeconds(jwt.integer("refresh_ttl_s")),
            (int) jwt.integer("leeway_s"),
            (int) jwt.integer("max_bytes"),
            Duration.ofDays(jwt.integer("rotation_days")),
            (int) jwt.integer("rsa_bits"),
            (int) jwt.integer("cache_size"),
            Duration.ofSeconds(jwt.integer("session_lifetime_s")),
            (int) jwt.integer("max_sessions_per_user"));

    List<String> problems = new ArrayList<>();
    JsonObject rolesSection = in.object("roles");
    Map<String, List<String>> roles =
        rolesSection.isEmpty()
            ? PermissionRules.DEFAULT_ROLES
            : PermissionRules.read(rolesSection, "security.roles", problems);
    SecurityOptions options =
        new SecurityOptions(
            stateDir == null || stateDir.isBlank()
                ? (String) Settings.defaultOf("core.state_dir")
                : stateDir,
            (int) in.integer("bcrypt_cost"),
            (int) in.integer("passphrase_min_length"),
            in.string("keys_dir"),
            in.string("key_generation"),
            settings,
            roles,
            audit.string("dir"),
            audit.bool("fsync"),
            rotation(audit),
            (int) rsa.integer("key_bits"),
            problems);
    problems.addAll(0, in.problems());
    return options;
  }

  /**
   * {@code security.audit.segment_mb} and {@code max_total_mb}; a cap under two segments is a
   * problem.
   */
  private static HashChainedAuditLog.Rotation rotation(SectionReader audit) {
    long segment = audit.integer("segment_mb") * (1L << 20);
    long cap = audit.integer("max_total_mb") * (1L << 20);
    if (cap < 2 * segment) {
      audit.problem(
          "max_total_mb",
          "must be at least twice security.audit.segment_mb, got "
              + (cap >> 20)
              + " and "
              + (segment >> 20));
    }
    return new HashChainedAuditLog.Rotation(segment, Math.max(cap, 2 * segment));
  }

  /** Every problem, each with its path; empty when the options can be used. */
  public List<String> validate() {
    List<String> all = new ArrayList<>(problems);
    blank(all, "security.keys_dir", keysDir);
    blank(all, "security.audit.dir", auditDir);
    blank(all, "security.jwt.issuer", jwt.issuer());
    blank(all, "security.jwt.audience", jwt.audience());
    if (jwt.allowedAlgorithms().isEmpty()) {
      all.add("security.jwt.allowed_algorithms: must name at least one algorithm");
    }
    if (!jwt.allowedAlgorithms().contains(jwt.algorithm())) {
      all.add(
          "security.jwt.algorithm: \""
              + jwt.algorithm()
              + "\" must also be in security.jwt.allowed_algorithms");
    }
    all.addAll(PermissionRules.validate(roles, "security.roles"));
    return all;
  }

  private static void blank(List<String> problems, String path, String value) {
    if (value == null || value.isBlank()) {
      problems.add(path + ": must not be empty");
    }
  }
}
