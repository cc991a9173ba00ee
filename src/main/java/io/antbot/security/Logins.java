package io.antbot.security;

import io.antbot.bus.BusException;
import io.antbot.bus.Login;
import io.antbot.bus.TokenPair;
import io.antbot.security.protection.EdgeGuard;
import io.antbot.security.token.SessionService;
import io.antbot.security.user.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A login from request to token pair: the login guard's verdict first (429 while the user name or
 * the address is locked out, or a delay to wait before the check), then the password check, whose
 * outcome the guard learns and whose failure is published as {@code login_failed}; a success starts
 * a session for the account as tokens see it.
 *
 * <p>The password check, the session start and the wait are passed in, so that the sequence runs
 * without a Vert.x instance.
 */
final class Logins {

  /** Checks a user name and password: the user, or a 401 whatever the cause. */
  @FunctionalInterface
  interface PasswordCheck {
    Future<User> check(String username, byte[] password, String sourceIp);
  }

  /** Starts a session for an account: its first token pair. */
  @FunctionalInterface
  interface SessionStart {
    Future<TokenPair> start(SessionService.Account account, String sourceIp);
  }

  /** Completes after {@code delayMs} milliseconds, without blocking. */
  @FunctionalInterface
  interface Wait {
    Future<Void> after(long delayMs);
  }

  private final EdgeGuard guard;
  private final Wait wait;
  private final PasswordCheck passwords;
  private final Function<String, SessionService.Account> accounts;
  private final SessionStart sessions;
  private final BiConsumer<String, JsonObject> events;

  /**
   * @param accounts the account of a user name as tokens see it ({@link AccessControl#account})
   * @param events publishes a security event of a type with its fields
   */
  Logins(
      EdgeGuard guard,
      Wait wait,
      PasswordCheck passwords,
      Function<String, SessionService.Account> accounts,
      SessionStart sessions,
      BiConsumer<String, JsonObject> events) {
    this.guard = guard;
    this.wait = wait;
    this.passwords = passwords;
    this.accounts = accounts;
    this.sessions = sessions;
    this.events = events;
  }

  /**
   * The token pair of a login; fails with 429 while locked out and with the password check's 401.
   */
  Future<TokenPair> login(Login login) {
    String user = login.username();
    String ip = login.sourceIp();
    long delayMs;
    try {
      delayMs = guard.checkLogin(user, ip);
    } catch (BusException lockedOut) {
      return Future.failedFuture(lockedOut);
    }
    Future<Void> held = delayMs <= 0 ? Future.succeededFuture() : wait.after(delayMs);
    return held.compose(
        v ->
            passwords
                .check(user, login.password().getBytes(StandardCharsets.UTF_8), ip)
                .onFailure(
                    failure -> {
                      events.accept(
                          "login_failed", new JsonObject().put("user", user).put("source_ip", ip));
                      guard.loginFailed(user, ip);
                    })
                .onSuccess(checked -> guard.loginSucceeded(user, ip))
                .compose(checked -> sessions.start(accounts.apply(checked.username()), ip)));
  }
}
