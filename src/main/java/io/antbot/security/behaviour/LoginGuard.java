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
 * Brute-force protection for logins: failed attempts are counted per user name and per client IP within a window;
 * reaching the limit locks that subject out for a while, each further lockout longer (progressive: base ×
 * multiplier^(n−1), capped), and locks lift by themselves when their time is up. Many different user names failing
 * from one IP is credential stuffing: the IP is locked and a critical event raised.
 *
 * <p>How the login handler uses it: {@link #check} before verifying the password (a locked subject is refused
 * without a password check, so a locked account cannot be probed); then {@link #recordFailure} or
 * {@link #recordSuccess} with the outcome. Each call returns the events to publish.
 *
 * <p>User names are compared case-insensitively. State lives in a bounded, expiring Caffeine map. Thread-safe; time
 * comes from the injected {@link Clock}.
 */
public final class LoginGuard {

  /**
   * The verdict of {@link #check}.
   *
   * @param allowed     the password may be checked
   * @param locked      the locked subjects ({@code user:alice}, {@code ip:203.0.113.7}); empty when allowed
   * @param retryAfterS seconds until every lock on this attempt lifts; 0 when allowed
   * @param events      events to publish (a lock that expired since the last look)
   */
  public record Check(boolean allowed, List<String> locked, long retryAfterS, List<SecurityEvent> events) {
  }

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

  /** @throws IllegalArgumentException listing every problem when {@code options} do not validate */
  public LoginGuard(LockoutOptions options, Clock clock) {
    this.clock = clock;
    List<String> problems = options.validate();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    this.options = options;
    this.subjects = Caffeine.newBuilder().maximumSize(options.maxKeys()).expireAfterAccess(retention(options))
        .ticker(() -> clock.millis() * 1_000_000L).executor(Runnable::run).build();
    this.stuffing = Caffeine.newBuilder().maximumSize(options.maxKeys())
        .expireAfterAccess(Duration.ofSeconds(options.stuffingWindowS()))
        .ticker(() -> clock.millis() * 1_000_000L).executor(Runnable::run).build();
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
    stuffing.policy().expireAfterAccess().ifPresent(e -> e.setExpiresAfter(Duration.ofSeconds(next.stuffingWindowS())));
    this.options = next;
  }

  private static Duration retention(LockoutOptions options) {
    return Duration.ofSeconds(Math.max(Math.max(options.failureWindowS(), options.lockoutMaxS()), options.lockoutResetS()));
  }

  /** Whether a login attempt of {@code user} from {@code ip} may proceed to the password check. */
  public Check check(String user, String ip) {
    long now = clock.millis();
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
          events.add(new SecurityEvent(SecurityEvent.LOGIN_LOCKOUT_EXPIRED, Severity.INFO, key,
              new JsonObject().put("locked_until", Instant.ofEpochMilli(subject.lockedUntil).toString()),
              Instant.ofEpochMilli(now)));
        }
      }
    }
    long retryAfter = locked.isEmpty() ? 0 : (until - now + 999) / 1000;
    return new Check(locked.isEmpty(), List.copyOf(locked), retryAfter, List.copyOf(events));
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
      int limit = key.startsWith("user:") ? current.maxFailuresPerUser() : current.maxFailuresPerIp();
      Subject subject = subjects.get(key, k -> new Subject());
      synchronized (subject) {
        prune(subject.failures, now - current.failureWindowS() * 1000);
        subject.failures.addLast(now);
        if (subject.failures.size() >= limit && subject.lockedUntil <= now) {
          events.add(lock(key, subject, now, current, "too_many_failures"));
        }
      }
    }
    if (ip != null && user != null) {
      events.addAll(stuffingCheck(normalise(user), ip, now, current));
    }
    return events;
  }

  /** Clears the user name's failure count after a successful login (the IP's count stays: one valid account
   * must not wipe the record of an IP trying many). */
  public void recordSuccess(String user, String ip) {
    if (user == null) {
      return;
    }
    Subject subject = subjects.getIfPresent("user:" + normalise(user));
    if (subject != null) {
      synchronized (subject) {
        subject.failures.clear();
      }
    }
  }

  /** Lifts a lock by hand (an operator's decision); returns whether there was one. */
  public boolean unlock(String subjectKey) {
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

  private List<SecurityEvent> stuffingCheck(String user, String ip, long now, LockoutOptions current) {
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
    events.add(new SecurityEvent(SecurityEvent.CREDENTIAL_STUFFING, Severity.CRITICAL, key,
        new JsonObject().put("distinct_users", distinct).put("window_s", current.stuffingWindowS()),
        Instant.ofEpochMilli(now)));
    Subject subject = subjects.get(key, k -> new Subject());
    synchronized (subject) {
      if (subject.lockedUntil <= now) {
        events.add(lock(key, subject, now, current, "credential_stuffing"));
      }
    }
    return events;
  }

  private static SecurityEvent lock(String key, Subject subject, long now, LockoutOptions options, String reason) {
    if (now - subject.lastLockoutAt > options.lockoutResetS() * 1000) {
      subject.lockouts = 0;
    }
    subject.lockouts++;
    double seconds = options.lockoutBaseS() * Math.pow(options.lockoutMultiplier(), subject.lockouts - 1);
    long duration = (long) Math.min(seconds, options.lockoutMaxS());
    int failures = subject.failures.size();
    subject.lockedUntil = now + duration * 1000;
    subject.lastLockoutAt = now;
    subject.failures.clear();
    subject.expiryReported = false;
    Severity severity = subject.lockouts >= 3 || reason.equals("credential_stuffing") ? Severity.CRITICAL : Severity.WARNING;
    return new SecurityEvent(SecurityEvent.LOGIN_LOCKOUT, severity, key, new JsonObject().put("reason", reason)
        .put("failures", failures).put("lockout_s", duration).put("lockout_number", subject.lockouts)
        .put("locked_until", Instant.ofEpochMilli(subject.lockedUntil).toString()), Instant.ofEpochMilli(now));
  }

  private static void prune(ArrayDeque<Long> failures, long horizon) {
    Iterator<Long> it = failures.iterator();
    while (it.hasNext() && it.next() < horizon) {
      it.remove();
    }
  }

  private static List<String> keys(String user, String ip) {
    List<String> keys = new ArrayList<>(2);
    if (user != null && !user.isBlank()) {
      keys.add("user:" + normalise(user));
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
