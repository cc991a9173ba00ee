package io.antbot.security.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.security.behaviour.SecurityEvent.Severity;
import io.antbot.testing.MutableClock;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoginGuardTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T09:00:00Z"));
  private final LoginGuard guard = new LoginGuard(LockoutOptions.defaults(), clock);

  private List<SecurityEvent> fail(String user, String ip, int times) {
    List<SecurityEvent> last = List.of();
    for (int i = 0; i < times; i++) {
      last = guard.recordFailure(user, ip);
    }
    return last;
  }

  @Test
  @DisplayName(
      "five failures lock the user from that address for a minute; elsewhere only a delay; the lock lifts")
  void lockoutAndUnlock() {
    assertThat(fail("alice", "203.0.113.7", 4)).isEmpty();
    assertThat(guard.check("alice", "198.51.100.1").allowed()).isTrue();
    List<SecurityEvent> events = guard.recordFailure("Alice", "203.0.113.7");
    assertThat(events).hasSize(1);
    SecurityEvent lockout = events.get(0);
    assertThat(lockout.type()).isEqualTo(SecurityEvent.LOGIN_LOCKOUT);
    assertThat(lockout.severity()).isEqualTo(Severity.WARNING);
    assertThat(lockout.toJson())
        .isEqualTo(
            new JsonObject()
                .put("type", "login_lockout")
                .put("severity", "warning")
                .put("subject", "user:alice@203.0.113.7")
                .put(
                    "details",
                    new JsonObject()
                        .put("reason", "too_many_failures")
                        .put("failures", 5)
                        .put("lockout_s", 60)
                        .put("lockout_number", 1)
                        .put("locked_until", "2026-01-05T09:01:00Z"))
                .put("at", "2026-01-05T09:00:00Z"));

    LoginGuard.Check locked = guard.check("ALICE", "203.0.113.7");
    assertThat(locked.allowed()).isFalse();
    assertThat(locked.locked()).containsExactly("user:alice@203.0.113.7");
    assertThat(locked.retryAfterS()).isEqualTo(60);
    LoginGuard.Check elsewhere = guard.check("alice", "198.51.100.1");
    assertThat(elsewhere.allowed())
        .as("the owner, from another address, is not locked out")
        .isTrue();
    assertThat(elsewhere.delayMs()).isEqualTo(1000);

    clock.advance(Duration.ofSeconds(45));
    assertThat(guard.check("alice", "203.0.113.7").retryAfterS()).isEqualTo(15);
    clock.advance(Duration.ofSeconds(15));
    LoginGuard.Check unlocked = guard.check("alice", "203.0.113.7");
    assertThat(unlocked.allowed()).isTrue();
    assertThat(unlocked.events())
        .extracting(SecurityEvent::type)
        .containsExactly(SecurityEvent.LOGIN_LOCKOUT_EXPIRED);
    assertThat(guard.check("alice", "203.0.113.7").events()).as("reported once").isEmpty();
  }

  @Test
  @DisplayName(
      "failures of one user name from many addresses delay its logins, capped; unlockUser clears them all")
  void distributedFailuresOnlyDelay() {
    for (int i = 0; i < 20; i++) {
      guard.recordFailure("admin", "203.0.113." + i);
    }
    LoginGuard.Check check = guard.check("admin", "198.51.100.200");
    assertThat(check.allowed()).isTrue();
    assertThat(check.delayMs()).isEqualTo(LoginGuard.MAX_DELAY_MS);
    fail("admin", "203.0.113.99", 5);
    assertThat(guard.check("admin", "203.0.113.99").allowed()).isFalse();
    assertThat(guard.unlockUser("Admin")).isEqualTo(1);
    assertThat(guard.check("admin", "203.0.113.99").allowed()).isTrue();
    assertThat(guard.check("admin", "198.51.100.200").delayMs()).isZero();
  }

  @Test
  @DisplayName("switching lockout off releases the locks already in force")
  void disablingReleases() {
    fail("frank", "203.0.113.20", 5);
    assertThat(guard.check("frank", "203.0.113.20").allowed()).isFalse();
    guard.update(LockoutOptions.fromJson(new JsonObject().put("enabled", false)));
    assertThat(guard.check("frank", "203.0.113.20").allowed()).isTrue();
    guard.update(LockoutOptions.fromJson(new JsonObject()));
    assertThat(guard.check("frank", "203.0.113.20").allowed())
        .as("released, not just ignored")
        .isTrue();
  }

  @Test
  @DisplayName(
      "each further lockout doubles, up to the cap, and a quiet day resets the progression")
  void progressive() {
    long[] expected = {60, 120, 240, 480};
    for (int round = 0; round < expected.length; round++) {
      SecurityEvent lockout = fail("bob", "203.0.113.8", 5).get(0);
      assertThat(lockout.details().getLong("lockout_s")).isEqualTo(expected[round]);
      assertThat(lockout.severity()).isEqualTo(round >= 2 ? Severity.CRITICAL : Severity.WARNING);
      clock.advance(Duration.ofSeconds(expected[round]));
    }
    guard.update(LockoutOptions.fromJson(new JsonObject().put("lockout_max_s", 600)));
    assertThat(fail("bob", "203.0.113.8", 5).get(0).details().getLong("lockout_s")).isEqualTo(600);
    clock.advance(Duration.ofDays(2));
    assertThat(fail("bob", "203.0.113.8", 5).get(0).details().getLong("lockout_s")).isEqualTo(60);
  }

  @Test
  @DisplayName("failures older than the window are forgotten; a success clears the user's count")
  void windowAndSuccess() {
    fail("carol", "203.0.113.9", 4);
    clock.advance(Duration.ofSeconds(LockoutOptions.defaults().failureWindowS() + 1));
    assertThat(fail("carol", "203.0.113.9", 4)).isEmpty();
    guard.recordSuccess("carol", "203.0.113.9");
    assertThat(fail("carol", "203.0.113.9", 4)).isEmpty();
    assertThat(guard.check("carol", "203.0.113.9").allowed()).isTrue();
  }

  @Test
  @DisplayName(
      "many user names failing from one IP is credential stuffing: critical event and the IP locked")
  void credentialStuffing() {
    List<SecurityEvent> events = List.of();
    for (int i = 0; i < 10; i++) {
      events = guard.recordFailure("user" + i, "198.51.100.66");
    }
    assertThat(events)
        .extracting(SecurityEvent::type)
        .containsExactly(SecurityEvent.CREDENTIAL_STUFFING, SecurityEvent.LOGIN_LOCKOUT);
    assertThat(events.get(0).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(events.get(0).details().getInteger("distinct_users")).isEqualTo(10);
    LoginGuard.Check check = guard.check("someone-else", "198.51.100.66");
    assertThat(check.allowed()).isFalse();
    assertThat(check.locked()).containsExactly("ip:198.51.100.66");
    assertThat(guard.check("user1", "203.0.113.10").allowed())
        .as("the users themselves are not locked")
        .isTrue();
  }

  @Test
  @DisplayName(
      "an IP trying one user many times is locked at the IP limit, and an operator can unlock")
  void ipLimitAndManualUnlock() {
    guard.update(
        LockoutOptions.fromJson(
            new JsonObject().put("max_failures_per_user", 100).put("max_failures_per_ip", 8)));
    assertThat(fail("dave", "203.0.113.11", 8))
        .extracting(SecurityEvent::subject)
        .containsExactly("ip:203.0.113.11");
    assertThat(guard.unlock("ip:203.0.113.11")).isTrue();
    assertThat(guard.check("dave", "203.0.113.11").allowed()).isTrue();
  }

  @Test
  @DisplayName("disabled: nothing is counted or locked")
  void disabled() {
    guard.update(LockoutOptions.fromJson(new JsonObject().put("enabled", false)));
    assertThat(fail("erin", "203.0.113.12", 50)).isEmpty();
    assertThat(guard.check("erin", "203.0.113.12").allowed()).isTrue();
  }

  @Test
  @DisplayName("validate reports every problem with its path")
  void validation() {
    assertThat(
            LockoutOptions.fromJson(
                    new JsonObject()
                        .put("lockout_base_s", 600)
                        .put("lockout_max_s", 60)
                        .put("lockout_multiplier", 0.5))
                .validate())
        .containsExactly(
            "security.lockout.lockout_multiplier: expected a number from 1 to 100, got 0.5",
            "security.lockout.lockout_max_s: must be at least lockout_base_s (600), got 60");
  }
}
