package io.antbot.security.cli;

import io.antbot.security.SecurityOptions;
import io.antbot.security.audit.AuditTrail;
import io.antbot.security.audit.AuditVerification;
import io.antbot.security.audit.HashChainedAuditLog;
import io.antbot.security.authz.PermissionRules;
import io.antbot.security.password.BcryptHasher;
import io.antbot.security.password.PasswordException;
import io.antbot.security.user.User;
import io.antbot.security.user.UserStore;
import io.antbot.settings.Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The security subcommands of the command line: {@code hash-password}, {@code user
 * add|passwd|disable|unlock} and {@code verify-audit}. They work on the files directly, so they
 * also work while the runtime is stopped; a running runtime picks up user changes within a minute.
 * {@code user unlock} records the request in the user's entry; a running runtime lifts every login
 * lock of that user (from every address) when it reads it (locks live in the runtime's memory: a
 * stopped runtime holds none).
 *
 * <p>Passwords are read from the terminal without echo, or as the first line of standard input when
 * there is no terminal ({@code printf '%s\n' "$PW" | antbot-core user passwd alice}); never from
 * the command line, where other users could see them. Exit codes: 0 done, 1 failed (the reason on
 * stderr), 2 wrong arguments.
 */
public final class SecurityCommands {

  public static final String HASH_PASSWORD =
      "hash-password        print the bcrypt hash of a password read from stdin [--cost N]";
  public static final String USER =
      "user                 add NAME --role R[,R] | passwd NAME | disable NAME | unlock NAME [--state-dir DIR]";
  public static final String VERIFY_AUDIT =
      "verify-audit [FILE]  check the audit trail's hash chain and name the first broken entry";

  private final InputStream in;
  private final Map<String, String> env;
  private final Clock clock;

  public SecurityCommands(InputStream in, Map<String, String> env, Clock clock) {
    this.in = in;
    this.env = env;
    this.clock = clock;
  }

  /**
   * The commands as the real command line runs them: standard input, the process environment, the
   * system clock.
   */
  public static SecurityCommands system() {
    return new SecurityCommands(System.in, System.getenv(), Clock.systemUTC());
  }

  /** {@code hash-password [--cost N]}. */
  public int hashPassword(List<String> args, PrintStream out, PrintStream err) throws IOException {
    Options options = Options.parse(args, err);
    if (options == null || !options.positional.isEmpty()) {
      err.println("usage: " + HASH_PASSWORD);
      return 2;
    }
    byte[] password = readPassword(err, false);
    try {
      out.println(BcryptHasher.hash(password, options.cost(env)));
      return 0;
    } catch (PasswordException e) {
      err.println("hash-password: " + e.getMessage());
      return 1;
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  /** {@code user add|passwd|disable|unlock NAME ...}. */
  public int user(List<String> args, PrintStream out, PrintStream err) throws IOException {
    Options options = Options.parse(args, err);
    if (options == null || options.positional.size() != 2) {
      err.println("usage: " + USER);
      return 2;
    }
    String action = options.positional.get(0);
    String name = options.positional.get(1);
    if (!UserStore.isValidUsername(name)) {
      err.println("user: NAME must be " + UserStore.usernameRule());
      return 2;
    }
    Path usersFile = options.stateDir(env).resolve(UserStore.FILE);
    UserStore store = UserStore.load(usersFile);
    if (store == null) {
      store = new UserStore();
    }
    Instant now = clock.instant();
    User existing = store.get(name);
    JsonObject audit = new JsonObject().put("user", name);
    String type;
    switch (action) {
      case "add" -> {
        if (existing != null) {
          err.println("user add: " + name + " already exists (use passwd to change the password)");
          return 1;
        }
        List<String> roles = options.roles;
        if (roles.isEmpty()) {
          err.println(
              "user add: give at least one --role ("
                  + String.join(", ", PermissionRules.DEFAULT_ROLES.keySet())
                  + ")");
          return 2;
        }
        String hash = newPasswordHash(options, err);
        if (hash == null) {
          return 1;
        }
        store.put(new User(name, hash, roles, true, now, now));
        type = "user_added";
        audit.put("roles", new JsonArray(roles)).put("enabled", true);
        for (String role : roles) {
          if (!PermissionRules.DEFAULT_ROLES.containsKey(role)) {
            err.println(
                "note: role "
                    + role
                    + " is not a default role; it must be defined under security.roles");
          }
        }
      }
      case "passwd" -> {
        if (existing == null) {
          err.println("user passwd: no user " + name);
          return 1;
        }
        String hash = newPasswordHash(options, err);
        if (hash == null) {
          return 1;
        }
        store.put(existing.withPassword(hash, now));
        type = "user_updated";
        audit.put("changed", new JsonArray().add("password"));
      }
      case "disable" -> {
        if (existing == null) {
          err.println("user disable: no user " + name);
          return 1;
        }
        store.put(existing.withEnabled(false, now));
        type = "user_updated";
        audit.put("changed", new JsonArray().add("enabled")).put("enabled", false);
      }
      case "unlock" -> {
        if (existing == null) {
          err.println("user unlock: no user " + name);
          return 1;
        }
        store.put(existing.withUnlockRequest(now));
        type = "user_unlocked";
      }
      default -> {
        err.println(
            "user: unknown action " + action + " (expected add, passwd, disable or unlock)");
        return 2;
      }
    }
    UserStore.save(usersFile, store.toJson());
    try (HashChainedAuditLog log =
        HashChainedAuditLog.open(options.auditDir(env).resolve(AuditTrail.FILE), true, clock)) {
      log.append(type, audit.put("actor", "cli:" + System.getProperty("user.name", "unknown")));
    }
    out.println(
        "user "
            + name
            + ": "
            + action
            + " done in "
            + usersFile
            + " (a running runtime applies it within a minute)");
    return 0;
  }

  /**
   * {@code verify-audit [FILE]}: 0 when intact (a torn last line is reported but intact), 1 when
   * broken.
   */
  public int verifyAudit(List<String> args, PrintStream out, PrintStream err) throws IOException {
    Options options = Options.parse(args, err);
    if (options == null || options.positional.size() > 1) {
      err.println("usage: " + VERIFY_AUDIT);
      return 2;
    }
    Path file =
        options.positional.isEmpty()
            ? options.auditDir(env).resolve(AuditTrail.FILE)
            : Path.of(options.positional.get(0));
    AuditVerification result = HashChainedAuditLog.verify(file);
    (result.intact() ? out : err).println(file + ": " + result.describe());
    return result.intact() ? 0 : 1;
  }

  private String newPasswordHash(Options options, PrintStream err) throws IOException {
    byte[] password = readPassword(err, true);
    try {
      String text = new String(password, StandardCharsets.UTF_8);
      int length = text.codePointCount(0, text.length());
      if (length < SecurityOptions.defaults().passwordMinLength()) {
        err.println(
            "password: at least "
                + SecurityOptions.defaults().passwordMinLength()
                + " characters are required, got "
                + length);
        return null;
      }
      return BcryptHasher.hash(password, options.cost(env));
    } catch (PasswordException e) {
      err.println(e.getMessage());
      return null;
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  /**
   * The password: from the terminal without echo (twice when {@code confirm}), else the first line
   * of stdin.
   */
  private byte[] readPassword(PrintStream err, boolean confirm) throws IOException {
    Console console = in == System.in ? System.console() : null;
    if (console != null) {
      char[] first = console.readPassword("Password: ");
      if (confirm) {
        char[] second = console.readPassword("Password again: ");
        if (!Arrays.equals(first, second)) {
          throw new IOException("the two passwords differ");
        }
      }
      return new String(first).getBytes(StandardCharsets.UTF_8);
    }
    String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    if (line == null || line.isEmpty()) {
      throw new IOException("no password on standard input");
    }
    return line.getBytes(StandardCharsets.UTF_8);
  }

  /** Parsed options shared by the commands. */
  private static final class Options {
    final List<String> positional = new ArrayList<>();
    final List<String> roles = new ArrayList<>();
    String stateDir;
    String auditDir;
    Integer cost;

    static Options parse(List<String> args, PrintStream err) {
      Options options = new Options();
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (!arg.startsWith("--")) {
          options.positional.add(arg);
          continue;
        }
        if (i + 1 >= args.size()) {
          err.println(arg + ": missing value");
          return null;
        }
        String value = args.get(++i);
        switch (arg) {
          case "--role", "--roles" ->
              options.roles.addAll(
                  Arrays.stream(value.split(","))
                      .map(String::trim)
                      .filter(r -> !r.isEmpty())
                      .toList());
          case "--state-dir" -> options.stateDir = value;
          case "--audit-dir" -> options.auditDir = value;
          case "--cost" -> {
            try {
              options.cost = Integer.parseInt(value);
            } catch (NumberFormatException e) {
              err.println("--cost: expected an integer from 4 to 31, got " + value);
              return null;
            }
          }
          default -> {
            err.println("unknown option: " + arg);
            return null;
          }
        }
      }
      return options;
    }

    Path stateDir(Map<String, String> env) {
      return Path.of(
          stateDir != null
              ? stateDir
              : env.getOrDefault(
                  "ANTBOT_CORE__STATE_DIR", (String) Settings.defaultOf("core.state_dir")));
    }

    Path auditDir(Map<String, String> env) {
      return Path.of(
          auditDir != null
              ? auditDir
              : env.getOrDefault(
                  "ANTBOT_SECURITY__AUDIT__DIR",
                  (String) Settings.defaultOf("security.audit.dir")));
    }

    int cost(Map<String, String> env) {
      if (cost != null) {
        return cost;
      }
      try {
        return Integer.parseInt(
            env.getOrDefault(
                "ANTBOT_SECURITY__BCRYPT_COST",
                String.valueOf(SecurityOptions.defaults().bcryptCost())));
      } catch (NumberFormatException e) {
        return SecurityOptions.defaults().bcryptCost();
      }
    }
  }
}
