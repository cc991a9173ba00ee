package io.antbot.security.behaviour;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.antbot.security.behaviour.SecurityEvent.Severity;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Brute-force protection for logins: failed attempts are counted per user name <em>and</em> client
 * address together ({@code user:alice@203.0.113.7}) and per client address within a window;
 * reaching the limit locks that subject out for a while, each further lockout longer (progressive:
 * base × multiplier^(n−1), capped), and locks lift by themselves when their time is up. Many
 * different user names failing from one IP is credential stuffing: the IP is locked and a critical
 * event raised.
 *
 * <p>A user name alone is never locked: that would let anyone, from anywhere, keep any account (the
 * admin's included) out with five wrong passwords. Failures of one user name from every address
 * together only slow its logins down ({@link Check#delayMs}, a few seconds at most), which costs a
 * distributed guesser far more than the owner.
 *
 * <p>How the login handler uses it: {@link #check} before verifying the password (a locked subject
 * is refused without a password check, so a locked account cannot be probed); then {@link
 * #recordFailure} or {@link #recordSuccess} with the outcome. Each call returns the events to
 * publish.
 *
 * <p>User names are compared case-insensitively. State lives in a bounded, expiring Caffeine map.
 * Thread-safe; time comes from the injected {@link Clock}.
 */
public final class LoginGuard {

  /**
   * The verdict of {@link #check}.
   *
   * @param allowed the password may be checked
   * @param locked the locked subjects ({@code user:alice}, {@code ip:203.0.113.7}); empty when
   *     allowed
   * @param retryAfterS seconds until every lock on this attempt lifts; 0 when allowed
   * @param events events to publish (a lock that expired since the last look)
   * @param delayMs how long to hold this attempt before the password check: the user name has
   *     failed from several addresses lately (0 otherwise)
   */
  public record Check(
      boolean allowed,
      List<String> locked,
      long retryAfterS,
      List<SecurityEvent> events,
      long delayMs) {}

  /** The longest delay a login of a much-failed user name is held. */
  static final long MAX_DELAY_MS = 4_000;

  private static final class Subject {
    final ArrayDeque<Long> failures = new ArrayDeque<>();
    int lockouts;
    long lockedUntil;
    long lastLockoutAt = Long.MIN_VALUE / 2;
    boolean expiryReported = true;
  }

  private static final class Stuffing {
    final Map<String, Long> users = new LinkedHashMap<>();
  }

  private final Clock clock;
  private final Cache<String, Subject> subjects;
  private final Cache<String, Stuffing> stuffing;
  private volatile LockoutOptions options;
  private volatile java.util.function.BiConsumer<String, Long> onLock = (key, until) -> {};

  /**
   * @throws IllegalArgumentException listing every problem when {@code options} do not validate
   */
  public LoginGuard(LockoutOptions options, Clock clock) {
    this.clock = clock;
    List<String> problems = options.validate();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    this.options = options;
    this.subjects =
        Caffeine.newBuilder()
            .maximumSize(options.maxKeys())
            .expireAfterAccess(retention(options))
            .ticker(() -> clock.millis() * 1_000_000L)
            .executor(Runnable::run)
            .build();
    this.stuffing =
        Caffeine.newBuilder()
            .maximumSize(options.maxKeys())
            .expireAfterAccess(Duration.ofSeconds(options.stuffingWindowS()))
            .ticker(() -> clock.millis() * 1_000_000L)
            .executor(Runnable::run)
            .build();
  }

  /** Applies new options live; running lockouts keep their end time. */
  public void update(LockoutOptions next) {
    List<String> problems = next.validate();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    subjects.policy().eviction().ifPresent(e -> e.setMaximum(next.maxKeys()));
    subjects.policy().expireAfterAccess().ifPresent(e -> e.setExpiresAfter(retention(next)));
    stuffing.policy().eviction().ifPresent(e -> e.setMaximum(next.maxKeys()));
    stuffing
        .policy()
        .expireAfterAccess()
        .ifPresent(e -> e.setExpiresAfter(Duration.ofSeconds(next.stuffingWindowS())));
    if (!next.enabled()) {
      releaseAll();
    }
    this.options = next;
  }

  private static Duration retention(LockoutOptions options) {
    return Duration.ofSeconds(
        Math.max(
            Math.max(options.failureWindowS(), options.lockoutMaxS()), options.lockoutResetS()));
  }

  /** Whether a login attempt of {@code user} from {@code ip} may proceed to the password check. */
  public Check check(String user, String ip) {
    long now = clock.millis();
    if (!options.enabled()) {
      return new Check(true, List.of(), 0, List.of(), 0);
    }
    List<String> locked = new ArrayList<>();
    List<SecurityEvent> events = new ArrayList<>();
    long until = 0;
    for (String key : keys(user, ip)) {
      Subject subject = subjects.getIfPresent(key);
      if (subject == null) {
        continue;
      }
      synchronized (subject) {
        if (subject.lockedUntil > now) {
          locked.add(key);
          until = Math.max(until, subject.lockedUntil);
        } else if (!subject.expiryReported) {
          subject.expiryReported = true;
          events.add(
              new SecurityEvent(
                  SecurityEvent.LOGIN_LOCKOUT_EXPIRED,
                  Severity.INFO,
                  key,
                  new JsonObject()
                      .put("locked_until", Instant.ofEpochMilli(subject.lockedUntil).toString()),
                  Instant.ofEpochMilli(now)));
        }
      }
    }
    long retryAfter = locked.isEmpty() ? 0 : (until - now + 999) / 1000;
    return new Check(
        locked.isEmpty(), List.copyOf(locked), retryAfter, List.copyOf(events), delay(user, now));
  }

  /**
   * One second per failure of the user name (from any address) beyond its limit, up to {@link
   * #MAX_DELAY_MS}.
   */
  private long delay(String user, long now) {
    if (user == null || user.isBlank()) {
      return 0;
    }
    Subject any = subjects.getIfPresent(ANY_CLIENT + normalise(user));
    if (any == null) {
      return 0;
    }
    LockoutOptions current = options;
    synchronized (any) {
      prune(any.failures, now - current.failureWindowS() * 1000);
      long excess = any.failures.size() - current.maxFailuresPerUser() + 1;
      return excess <= 0 ? 0 : Math.min(MAX_DELAY_MS, excess * 1000);
    }
  }

  /** Counts a failed login; returns the lockout and credential stuffing events it caused. */
  public List<SecurityEvent> recordFailure(String user, String ip) {
    LockoutOptions current = options;
    if (!current.enabled()) {
      return List.of();
    }
    long now = clock.millis();
    List<SecurityEvent> events = new ArrayList<>();
    List<String> keys = keys(user, ip);
    for (String key : keys) {
      int limit =
          key.startsWith("user:") ? current.maxFailuresPerUser() : current.maxFailuresPerIp();
      Subject subject = subjects.get(key, k -> new Subject());
      synchronized (subject) {
        prune(subject.failures, now - current.failureWindowS() * 1000);
        subject.failures.addLast(now);
        if (subject.failures.size() >= limit && subject.lockedUntil <= now) {
          events.add(lock(key, subject, now, current, "too_many_failures"));
          onLock.accept(key, subject.lockedUntil);
        }
      }
    }
    if (user != null && !user.isBlank()) {
      Subject any = subjects.get(ANY_CLIENT + normalise(user), k -> new Subject());
      synchronized (any) {
        prune(any.failures, now - current.failureWindowS() * 1000);
        any.failures.addLast(now);
      }
    }
    if (ip != null && user != null) {
      events.addAll(stuffingCheck(normalise(user), ip, now, current));
    }
    return events;
  }

  /**
   * Clears the user name's failure count after a successful login (the IP's count stays: one valid
   * account must not wipe the record of an IP trying many).
   */
  public void recordSuccess(String user, String ip) {
    if (user == null) {
      return;
    }
    for (String key : new String[] {userKey(user, ip), ANY_CLIENT + normalise(user)}) {
      Subject subject = key == null ? null : subjects.getIfPresent(key);
      if (subject != null) {
        synchronized (subject) {
          subject.failures.clear();
        }
      }
    }
  }

  /**
   * Lifts every lock and failure count of a user name, from every address (an admin's decision);
   * returns how many locks were in force.
   */
  public int unlockUser(String user) {
    String name = normalise(user);
    int lifted = 0;
    for (String key : List.copyOf(subjects.asMap().keySet())) {
      if (key.equals(ANY_CLIENT + name) || key.startsWith("user:" + name + "@")) {
        lifted += unlock(key) ? 1 : 0;
      }
    }
    return lifted;
  }

  /**
   * Forgets every lock and count: the switch {@code lockout.enabled: false} releases what is
   * locked.
   */
  public void releaseAll() {
    subjects.invalidateAll();
    stuffing.invalidateAll();
  }

  /**
   * Hears each lock this guard sets ({@code subject key, locked until in epoch ms}) and each lock
   * it lifts by hand ({@code until} 0): in a cluster, the other nodes apply them too.
   */
  public void onLockChange(java.util.function.BiConsumer<String, Long> listener) {
    this.onLock = listener;
  }

  /**
   * A lock (or, with {@code untilMillis} 0, a lift) decided on another node: applied here, not
   * heard again by {@link #onLockChange}. Failures are counted per node; locks hold everywhere.
   */
  public void acceptRemote(String subjectKey, long untilMillis) {
    if (untilMillis <= 0) {
      lift(subjectKey);
      return;
    }
    Subject subject = subjects.get(subjectKey, k -> new Subject());
    synchronized (subject) {
      if (subject.lockedUntil < untilMillis) {
        subject.lockedUntil = untilMillis;
        subject.lastLockoutAt = clock.millis();
        subject.expiryReported = false;
      }
    }
  }

  /** Lifts a lock by hand (an operator's decision); returns whether there was one. */
  public boolean unlock(String subjectKey) {
    boolean wasLocked = lift(subjectKey);
    if (wasLocked) {
      onLock.accept(subjectKey, 0L);
    }
    return wasLocked;
  }

  private boolean lift(String subjectKey) {
    Subject subject = subjects.getIfPresent(subjectKey);
    if (subject == null) {
      return false;
    }
    synchronized (subject) {
      boolean wasLocked = subject.lockedUntil > clock.millis();
      subject.lockedUntil = 0;
      subject.failures.clear();
      subject.expiryReported = true;
      return wasLocked;
    }
  }

  private List<SecurityEvent> stuffingCheck(
      String user, String ip, long now, LockoutOptions current) {
    Stuffing seen = stuffing.get(ip, k -> new Stuffing());
    int distinct;
    synchronized (seen) {
      long horizon = now - current.stuffingWindowS() * 1000;
      seen.users.values().removeIf(at -> at < horizon);
      seen.users.remove(user);
      seen.users.put(user, now);
      distinct = seen.users.size();
      if (distinct < current.stuffingDistinctUsers()) {
        return List.of();
      }
      seen.users.clear();
    }
    String key = "ip:" + ip;
    List<SecurityEvent> events = new ArrayList<>();
    events.add(
        new SecurityEvent(
            SecurityEvent.CREDENTIAL_STUFFING,
            Severity.CRITICAL,
            key,
            new JsonObject()
                .put("distinct_users", distinct)
                .put("window_s", current.stuffingWindowS()),
            Instant.ofEpochMilli(now)));
    Subject subject = subjects.get(key, k -> new Subject());
    synchronized (subject) {
      if (subject.lockedUntil <= now) {
        events.add(lock(key, subject, now, current, "credential_stuffing"));
        onLock.accept(key, subject.lockedUntil);
      }
    }
    return events;
  }

  private static SecurityEvent lock(
      String key, Subject subject, long now, LockoutOptions options, String reason) {
    if (now - subject.lastLockoutAt > options.lockoutResetS() * 1000) {
      subject.lockouts = 0;
    }
    subject.lockouts++;
    double seconds =
        options.lockoutBaseS() * Math.pow(options.lockoutMultiplier(), subject.lockouts - 1);
    long duration = (long) Math.min(seconds, options.lockoutMaxS());
    int failures = subject.failures.size();
    subject.lockedUntil = now + duration * 1000;
    subject.lastLockoutAt = now;
    subject.failures.clear();
    subject.expiryReported = false;
    Severity severity =
        subject.lockouts >= 3 || reason.equals("credential_stuffing")
            ? Severity.CRITICAL
            : Severity.WARNING;
    return new SecurityEvent(
        SecurityEvent.LOGIN_LOCKOUT,
        severity,
        key,
        new JsonObject()
            .put("reason", reason)
            .put("failures", failures)
            .put("lockout_s", duration)
            .put("lockout_number", subject.lockouts)
            .put("locked_until", Instant.ofEpochMilli(subject.lockedUntil).toString()),
        Instant.ofEpochMilli(now));
  }

  private static void prune(ArrayDeque<Long> failures, long horizon) {
    Iterator<Long> it = failures.iterator();
    while (it.hasNext() && it.next() < horizon) {
      it.remove();
    }
  }

  /**
   * Where the failures of a user name from every address are counted (for the delay; never locked).
   */
  private static final String ANY_CLIENT = "any:user:";

  private static String userKey(String user, String ip) {
    return user == null || user.isBlank()
        ? null
        : "user:" + normalise(user) + "@" + (ip == null ? "-" : ip);
  }

  private static List<String> keys(String user, String ip) {
    List<String> keys = new ArrayList<>(2);
    if (user != null && !user.isBlank()) {
      keys.add(userKey(user, ip));
    }
    if (ip != null && !ip.isBlank()) {
      keys.add("ip:" + ip);
    }
    return keys;
  }

  private static String normalise(String user) {
    return user.strip().toLowerCase(Locale.ROOT);
  }
}
