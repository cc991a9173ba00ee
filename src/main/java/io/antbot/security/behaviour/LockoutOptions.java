package io.antbot.security.behaviour;

import io.antbot.security.protection.SectionReader;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Settings of {@link LoginGuard}, from the config section {@code security.lockout}. All apply live.
 *
 * @param enabled {@code false} never locks anything out (failures are still not counted)
 * @param maxFailuresPerUser failed logins of one user name within the window that lock it
 * @param maxFailuresPerIp failed logins from one IP within the window that lock the IP
 * @param failureWindowS failures older than this are forgotten
 * @param lockoutBaseS length of a first lockout
 * @param lockoutMultiplier each further lockout of the same subject lasts this many times longer
 * @param lockoutMaxS the longest lockout
 * @param lockoutResetS after this long without a lockout, the next one is a "first" again
 * @param stuffingDistinctUsers distinct user names failing from one IP within the stuffing window
 *     that mean credential stuffing (the IP is locked and a critical event raised)
 * @param stuffingWindowS the credential stuffing window
 * @param maxKeys most subjects tracked; the least recently seen are dropped beyond it
 */
public record LockoutOptions(
    boolean enabled,
    int maxFailuresPerUser,
    int maxFailuresPerIp,
    long failureWindowS,
    long lockoutBaseS,
    double lockoutMultiplier,
    long lockoutMaxS,
    long lockoutResetS,
    int stuffingDistinctUsers,
    long stuffingWindowS,
    long maxKeys,
    List<String> readProblems) {

  public static final String SECTION = "security.lockout";
  public static final boolean DEFAULT_ENABLED = true;
  public static final int DEFAULT_MAX_FAILURES_PER_USER = 5;
  public static final int DEFAULT_MAX_FAILURES_PER_IP = 20;
  public static final long DEFAULT_FAILURE_WINDOW_S = 900;
  public static final long DEFAULT_LOCKOUT_BASE_S = 60;
  public static final double DEFAULT_LOCKOUT_MULTIPLIER = 2.0;
  public static final long DEFAULT_LOCKOUT_MAX_S = 3600;
  public static final long DEFAULT_LOCKOUT_RESET_S = 86_400;
  public static final int DEFAULT_STUFFING_DISTINCT_USERS = 10;
  public static final long DEFAULT_STUFFING_WINDOW_S = 600;
  public static final long DEFAULT_MAX_KEYS = 100_000;

  private static final Set<String> KEYS =
      Set.of(
          "enabled",
          "max_failures_per_user",
          "max_failures_per_ip",
          "failure_window_s",
          "lockout_base_s",
          "lockout_multiplier",
          "lockout_max_s",
          "lockout_reset_s",
          "stuffing_distinct_users",
          "stuffing_window_s",
          "max_keys");

  public LockoutOptions {
    readProblems = List.copyOf(readProblems);
  }

  public static LockoutOptions defaults() {
    return fromJson(new JsonObject());
  }

  public static LockoutOptions fromJson(JsonObject section) {
    SectionReader read = new SectionReader(section, SECTION);
    read.rejectUnknown(KEYS);
    return new LockoutOptions(
        read.bool("enabled", DEFAULT_ENABLED),
        (int) read.integer("max_failures_per_user", DEFAULT_MAX_FAILURES_PER_USER, 1, 1000),
        (int) read.integer("max_failures_per_ip", DEFAULT_MAX_FAILURES_PER_IP, 1, 100_000),
        read.integer("failure_window_s", DEFAULT_FAILURE_WINDOW_S, 1, 86_400L * 7),
        read.integer("lockout_base_s", DEFAULT_LOCKOUT_BASE_S, 1, 86_400L),
        read.number("lockout_multiplier", DEFAULT_LOCKOUT_MULTIPLIER, 1.0, 100.0),
        read.integer("lockout_max_s", DEFAULT_LOCKOUT_MAX_S, 1, 86_400L * 30),
        read.integer("lockout_reset_s", DEFAULT_LOCKOUT_RESET_S, 1, 86_400L * 365),
        (int) read.integer("stuffing_distinct_users", DEFAULT_STUFFING_DISTINCT_USERS, 2, 100_000),
        read.integer("stuffing_window_s", DEFAULT_STUFFING_WINDOW_S, 1, 86_400L * 7),
        read.integer("max_keys", DEFAULT_MAX_KEYS, 1, 100_000_000L),
        read.problems());
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("enabled", enabled)
        .put("max_failures_per_user", maxFailuresPerUser)
        .put("max_failures_per_ip", maxFailuresPerIp)
        .put("failure_window_s", failureWindowS)
        .put("lockout_base_s", lockoutBaseS)
        .put("lockout_multiplier", lockoutMultiplier)
        .put("lockout_max_s", lockoutMaxS)
        .put("lockout_reset_s", lockoutResetS)
        .put("stuffing_distinct_users", stuffingDistinctUsers)
        .put("stuffing_window_s", stuffingWindowS)
        .put("max_keys", maxKeys);
  }

  public List<String> validate() {
    List<String> problems = new ArrayList<>(readProblems);
    if (lockoutMaxS < lockoutBaseS) {
      problems.add(
          SECTION
              + ".lockout_max_s: must be at least lockout_base_s ("
              + lockoutBaseS
              + "), got "
              + lockoutMaxS);
    }
    return problems;
  }
}
