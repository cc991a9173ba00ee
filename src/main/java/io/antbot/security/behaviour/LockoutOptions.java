package io.antbot.security.behaviour;

import io.antbot.settings.SectionReader;
import io.antbot.settings.Settings;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

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

  public LockoutOptions {
    readProblems = List.copyOf(readProblems);
  }

  public static LockoutOptions defaults() {
    return fromJson(new JsonObject());
  }

  public static LockoutOptions fromJson(JsonObject section) {
    SectionReader read = Settings.read(SECTION, section);
    read.rejectUnknown();
    return new LockoutOptions(
        read.bool("enabled"),
        (int) read.integer("max_failures_per_user"),
        (int) read.integer("max_failures_per_ip"),
        read.integer("failure_window_s"),
        read.integer("lockout_base_s"),
        read.number("lockout_multiplier"),
        read.integer("lockout_max_s"),
        read.integer("lockout_reset_s"),
        (int) read.integer("stuffing_distinct_users"),
        read.integer("stuffing_window_s"),
        read.integer("max_keys"),
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
