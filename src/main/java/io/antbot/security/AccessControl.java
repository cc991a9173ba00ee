package io.antbot.security;

import io.antbot.bus.Authorize;
import io.antbot.bus.BusException;
import io.antbot.bus.Decision;
import io.antbot.bus.Principal;
import io.antbot.security.authz.AuthorizationDecision;
import io.antbot.security.authz.PermissionRules;
import io.antbot.security.token.SessionService;
import io.antbot.security.token.TokenRejectedException;
import io.antbot.security.user.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Who a token speaks for and what that user may do: authentication of access tokens, authorization
 * of an action on a resource, and the rules of {@code token.issue}.
 *
 * <p>The security verticle's bus handlers and the HTTP edge gate both call it, the gate from the
 * HTTP event loops: every method is thread-safe as long as the user lookup, the token verifier and
 * the reports passed in are. It answers from memory; the token verifier is the only part that may
 * complete later (an RSA or EdDSA signature checked on a worker), so it runs without a Vert.x
 * instance.
 */
public final class AccessControl {

  /** The permission that lets a caller issue tokens for another user. */
  public static final String TOKENS_ISSUE = "tokens:issue";

  /**
   * Checks a token's signature, lifetime and revocation; fails with {@link TokenRejectedException}.
   */
  @FunctionalInterface
  public interface TokenVerifier {
    Future<Principal> verify(String token);
  }

  /** Where refusals are reported. */
  public interface Reports {
    /** Publishes a security event of {@code type} (no secret in {@code fields}). */
    void event(String type, JsonObject fields);

    /** Audits a denied authorization; the denial is answered once the entry is recorded. */
    Future<Void> denied(JsonObject entry);
  }

  private final Function<String, User> users;
  private final Supplier<PermissionRules> rules;
  private final TokenVerifier tokens;
  private final Reports reports;

  /**
   * @param users the account of a user name, {@code null} when there is none
   * @param rules the role rules in force, read at every decision (they change live)
   */
  public AccessControl(
      Function<String, User> users,
      Supplier<PermissionRules> rules,
      TokenVerifier tokens,
      Reports reports) {
    this.users = Objects.requireNonNull(users);
    this.rules = Objects.requireNonNull(rules);
    this.tokens = Objects.requireNonNull(tokens);
    this.reports = Objects.requireNonNull(reports);
  }

  /** Whether {@code username} names an enabled account. */
  public boolean active(String username) {
    User user = users.apply(username);
    return user != null && user.enabled();
  }

  /**
   * The account as tokens see it: roles from the store, permissions from the current rules; {@code
   * null} when there is no such user.
   */
  public SessionService.Account account(String username) {
    User user = users.apply(username);
    return user == null
        ? null
        : new SessionService.Account(
            user.username(), user.roles(), rules.get().permissionsOf(user.roles()), user.enabled());
  }

  /**
   * The principal of an access token whose user still exists and is enabled. A refused token fails
   * with a 401 {@link BusException} and publishes {@code authentication_failed} with the address,
   * the reason and the user agent; any other failure passes through unchanged.
   */
  public Future<Principal> authenticate(String sourceIp, String token, String userAgent) {
    Future<Principal> accepted =
        Completed.compose(
            tokens.verify(token),
            principal ->
                active(principal.user())
                    ? Future.succeededFuture(principal)
                    : Future.failedFuture(new TokenRejectedException("user disabled or removed")));
    if (accepted.succeeded()) {
      // Most requests: no failure to turn into a report, so no handler made for one.
      return accepted;
    }
    return Completed.recover(
        accepted,
        failure -> {
          if (failure instanceof TokenRejectedException rejected) {
            reports.event(
                "authentication_failed",
                new JsonObject()
                    .put("source_ip", sourceIp)
                    .put("reason", rejected.reason())
                    .put("user_agent", userAgent));
            return Future.failedFuture(BusException.unauthenticated(rejected.getMessage()));
          }
          return Future.failedFuture(failure);
        });
  }

  /** {@link #authorize(Authorize)} with its fields. */
  public Future<Decision> authorize(
      String user, String action, String resource, List<String> permissions) {
    return authorize(new Authorize(user, action, resource, permissions));
  }

  /**
   * Whether the user may do the action on the resource: an enabled user whose roles allow it and,
   * when the request names the token's permissions, whose token allows it too. A denial publishes
   * {@code access_denied} and completes once {@link Reports#denied} has recorded it.
   */
  public Future<Decision> authorize(Authorize request) {
    Decision decision = decide(request);
    if (decision.allowed()) {
      return Future.succeededFuture(decision);
    }
    JsonObject denied =
        new JsonObject()
            .put("user", request.user())
            .put("action", request.action())
            .put("resource", request.resource())
            .put("reason", decision.reason());
    reports.event("access_denied", denied.copy());
    return reports.denied(denied).map(decision);
  }

  private Decision decide(Authorize request) {
    User user = users.apply(request.user());
    if (user == null) {
      return new Decision(false, "unknown user " + request.user());
    }
    if (!user.enabled()) {
      return new Decision(false, "user disabled");
    }
    AuthorizationDecision byRoles =
        rules.get().decide(user.roles(), request.action(), request.resource());
    AuthorizationDecision byToken =
        request.permissions() == null || !byRoles.allowed()
            ? byRoles
            : PermissionRules.decideByPermissions(
                request.permissions(), request.action(), request.resource());
    return new Decision(byToken.allowed(), byToken.reason());
  }

  /**
   * The account {@code token.issue} may mint a token for: {@code user} must exist and be enabled. A
   * token issued on behalf of an authenticated caller ({@code principal} not {@code null}, set by a
   * boundary) needs {@link #TOKENS_ISSUE} when it is for another user, and never carries a
   * permission the caller does not hold itself: no principal grants more than it has.
   *
   * @param requested the permissions asked for; {@code null} for all of the user's
   * @throws BusException 404 for an unknown user, 403 for a disabled one or a caller refused
   */
  public SessionService.Account issuable(String user, String principal, List<String> requested) {
    SessionService.Account target = account(user);
    if (target == null) {
      throw BusException.notFound("user: no user " + user);
    }
    if (!target.enabled()) {
      throw BusException.forbidden("user: " + user + " is disabled");
    }
    if (principal != null) {
      checkIssuer(principal, target, requested);
    }
    return target;
  }

  private void checkIssuer(
      String principal, SessionService.Account target, List<String> requested) {
    SessionService.Account issuer = account(principal);
    if (issuer == null || !issuer.enabled()) {
      throw BusException.forbidden(
          "token.issue: the caller " + principal + " is unknown or disabled");
    }
    if (!issuer.username().equals(target.username())
        && !PermissionRules.covers(issuer.permissions(), TOKENS_ISSUE)) {
      throw BusException.forbidden(
          "token.issue: "
              + principal
              + " may not issue tokens for "
              + target.username()
              + " (needs "
              + TOKENS_ISSUE
              + ")");
    }
    List<String> granted = requested == null ? target.permissions() : requested;
    for (String permission : granted) {
      if (!PermissionRules.covers(issuer.permissions(), permission)) {
        throw BusException.forbidden(
            "token.issue: " + principal + " does not hold \"" + permission + "\"");
      }
    }
  }
}
