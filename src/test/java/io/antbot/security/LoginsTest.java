package io.antbot.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.BusException;
import io.antbot.bus.Decision;
import io.antbot.bus.FailureCode;
import io.antbot.bus.Login;
import io.antbot.bus.TokenPair;
import io.antbot.security.protection.EdgeGuard;
import io.antbot.security.protection.Protection;
import io.antbot.security.token.SessionService;
import io.antbot.security.user.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The login sequence around a real login guard, driven without Vert.x. */
class LoginsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final List<String> events = new ArrayList<>();
  private final List<Long> waits = new ArrayList<>();
  private final List<String> passwordChecks = new ArrayList<>();
  private final List<String> sessionsStarted = new ArrayList<>();

  private final JsonObject security =
      new JsonObject()
          .put(
              "lockout",
              new JsonObject().put("max_failures_per_user", 2).put("max_failures_per_ip", 100));

  private final EdgeGuard guard =
      new EdgeGuard(
          Protection.create(security, Clock.systemUTC()),
          EdgeGuard.EventOptions.fromJson(security),
          Clock.systemUTC(),
          (ip, token, agent) -> Future.failedFuture(BusException.unauthenticated("unused")),
          (user, action, resource, permissions) ->
              Future.succeededFuture(new Decision(false, "unused")),
          new EdgeGuard.Sink() {
            @Override
            public void event(JsonObject event) {}

            @Override
            public void alert(JsonObject alert) {}

            @Override
            public Future<Void> audit(String type, JsonObject fields) {
              return Future.succeededFuture();
            }
          });

  private final Logins logins =
      new Logins(
          guard,
          delayMs -> {
            waits.add(delayMs);
            return Future.succeededFuture();
          },
          (username, password, ip) -> {
            passwordChecks.add(username + "@" + ip);
            return "right".equals(new String(password, StandardCharsets.UTF_8))
                ? Future.succeededFuture(
                    new User(username, "$2b$hash", List.of("trader"), true, T0, T0))
                : Future.failedFuture(BusException.unauthenticated("invalid username or password"));
          },
          username ->
              new SessionService.Account(username, List.of("trader"), List.of("trade:*"), true),
          (account, ip) -> {
            sessionsStarted.add(account.username() + " " + account.permissions() + " @" + ip);
            return Future.succeededFuture(new TokenPair("access", "refresh", 900));
          },
          (type, fields) -> events.add(type + " " + fields.encode()));

  @Test
  @DisplayName("the right password starts a session for the account as tokens see it")
  void success() {
    Future<TokenPair> pair = logins.login(new Login("alice", "right", "10.0.0.1"));

    assertThat(pair.result()).isEqualTo(new TokenPair("access", "refresh", 900));
    assertThat(sessionsStarted).containsExactly("alice [trade:*] @10.0.0.1");
    assertThat(events).isEmpty();
    assertThat(waits).isEmpty();
  }

  @Test
  @DisplayName("a wrong password is the check's 401, published as login_failed, and no session")
  void wrongPassword() {
    Future<TokenPair> refused = logins.login(new Login("alice", "wrong", "10.0.0.1"));

    assertThat(refused.failed()).isTrue();
    assertThat(BusException.from(refused.cause()).code()).isEqualTo(FailureCode.UNAUTHENTICATED);
    assertThat(refused.cause()).hasMessage("invalid username or password");
    assertThat(events)
        .containsExactly("login_failed {\"user\":\"alice\",\"source_ip\":\"10.0.0.1\"}");
    assertThat(sessionsStarted).isEmpty();
  }

  @Test
  @DisplayName("once locked out, a login is 429 without a password check, even the right password")
  void lockedOut() {
    logins.login(new Login("alice", "wrong", "10.0.0.1"));
    logins.login(new Login("alice", "wrong", "10.0.0.1"));
    passwordChecks.clear();

    Future<TokenPair> refused = logins.login(new Login("alice", "right", "10.0.0.1"));

    assertThat(refused.failed()).isTrue();
    BusException failure = BusException.from(refused.cause());
    assertThat(failure.code()).isEqualTo(FailureCode.RATE_LIMITED);
    assertThat(failure.getMessage()).startsWith("too many failed logins; try again in ");
    assertThat(passwordChecks).isEmpty();
    assertThat(sessionsStarted).isEmpty();
  }

  @Test
  @DisplayName("a user name failing from elsewhere is held before the check from a new address")
  void heldFromAnotherAddress() {
    logins.login(new Login("alice", "wrong", "10.0.0.1"));
    logins.login(new Login("alice", "wrong", "10.0.0.1"));

    Future<TokenPair> pair = logins.login(new Login("alice", "right", "10.0.0.2"));

    assertThat(waits).containsExactly(1_000L);
    assertThat(pair.succeeded()).isTrue();
    assertThat(sessionsStarted).containsExactly("alice [trade:*] @10.0.0.2");
  }
}
