package io.antbot.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.antbot.bus.BusException;
import io.antbot.bus.Decision;
import io.antbot.bus.FailureCode;
import io.antbot.bus.Principal;
import io.antbot.security.authz.PermissionRules;
import io.antbot.security.token.SessionService;
import io.antbot.security.token.TokenRejectedException;
import io.antbot.security.user.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Authentication, authorization and the rules of token.issue, driven without Vert.x. */
class AccessControlTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final List<String> events = new ArrayList<>();
  private final List<JsonObject> audited = new ArrayList<>();
  private PermissionRules rules = PermissionRules.defaultRules();

  /** Accepts "token-of-NAME" as a valid token of NAME; refuses anything else as expired. */
  private final AccessControl.TokenVerifier tokens =
      token ->
          token.startsWith("token-of-")
              ? Future.succeededFuture(
                  new Principal(
                      token.substring("token-of-".length()),
                      List.of(),
                      List.of(),
                      "jti-1",
                      T0.getEpochSecond() + 900))
              : Future.failedFuture(new TokenRejectedException("expired"));

  private final AccessControl access =
      new AccessControl(
          users::get,
          () -> rules,
          tokens,
          new AccessControl.Reports() {
            @Override
            public void event(String type, JsonObject fields) {
              events.add(type + " " + fields.encode());
            }

            @Override
            public Future<Void> denied(JsonObject entry) {
              audited.add(entry);
              return Future.succeededFuture();
            }
          });

  private void user(String name, boolean enabled, String... roles) {
    users.put(name, new User(name, "$2b$hash", List.of(roles), enabled, T0, T0));
  }

  @Test
  @DisplayName("a valid token of an enabled user authenticates as that user")
  void authenticates() {
    user("alice", true, "trader");
    Future<Principal> principal = access.authenticate("10.0.0.1", "token-of-alice", "bot/1");
    assertThat(principal.succeeded()).isTrue();
    assertThat(principal.result().user()).isEqualTo("alice");
    assertThat(events).isEmpty();
  }

  @Test
  @DisplayName("a disabled user's token is refused with 401 and an authentication_failed event")
  void disabledUsersToken() {
    user("bob", false, "trader");
    Future<Principal> refused = access.authenticate("10.0.0.2", "token-of-bob", "bot/2");
    assertThat(refused.failed()).isTrue();
    assertThat(refused.cause())
        .isInstanceOfSatisfying(
            BusException.class,
            e -> {
              assertThat(e.code()).isEqualTo(FailureCode.UNAUTHENTICATED);
              assertThat(e.getMessage()).isEqualTo("token rejected: user disabled or removed");
            });
    assertThat(events)
        .containsExactly(
            "authentication_failed"
                + " {\"source_ip\":\"10.0.0.2\",\"reason\":\"user disabled or removed\","
                + "\"user_agent\":\"bot/2\"}");
  }

  @Test
  @DisplayName("a removed user's token and a token the verifier rejects are refused with 401")
  void removedUserAndBadToken() {
    Future<Principal> removed = access.authenticate("10.0.0.3", "token-of-carol", null);
    Future<Principal> expired = access.authenticate("10.0.0.3", "garbage", null);
    assertThat(BusException.from(removed.cause()).code()).isEqualTo(FailureCode.UNAUTHENTICATED);
    assertThat(expired.cause()).hasMessage("token rejected: expired");
    assertThat(BusException.from(expired.cause()).code()).isEqualTo(FailureCode.UNAUTHENTICATED);
    assertThat(events).hasSize(2);
  }

  @Test
  @DisplayName("a failure of the verifier that is not a rejection passes through, without an event")
  void otherFailuresPassThrough() {
    AccessControl broken =
        new AccessControl(
            users::get,
            () -> rules,
            token -> Future.failedFuture(new IllegalStateException("key ring unreadable")),
            new AccessControl.Reports() {
              @Override
              public void event(String type, JsonObject fields) {
                events.add(type);
              }

              @Override
              public Future<Void> denied(JsonObject entry) {
                return Future.succeededFuture();
              }
            });
    assertThat(broken.authenticate("10.0.0.4", "token-of-alice", null).cause())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("key ring unreadable");
    assertThat(events).isEmpty();
  }

  @Test
  @DisplayName("a permission the user's roles grant is allowed, naming the role; nothing audited")
  void allowedByRole() {
    user("alice", true, "trader");
    Decision decision = access.authorize("alice", "trade:buy", "SOL/USDC", null).result();
    assertThat(decision).isEqualTo(new Decision(true, "granted by role trader: trade:*"));
    assertThat(audited).isEmpty();
  }

  @Test
  @DisplayName("a permission not held is denied, published as access_denied and audited")
  void permissionNotHeld() {
    user("alice", true, "trader");
    Decision decision = access.authorize("alice", "config:write", "trading.max", null).result();
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason())
        .isEqualTo("no permission of roles [trader] allows config:write on trading.max");
    assertThat(events).singleElement().asString().startsWith("access_denied ");
    assertThat(audited)
        .containsExactly(
            new JsonObject()
                .put("user", "alice")
                .put("action", "config:write")
                .put("resource", "trading.max")
                .put("reason", decision.reason()));
  }

  @Test
  @DisplayName("a token narrower than the user's roles is held to its own permissions")
  void narrowToken() {
    user("alice", true, "trader");
    assertThat(
            access
                .authorize("alice", "trade:buy", "SOL/USDC", List.of("market:read"))
                .result()
                .allowed())
        .isFalse();
    assertThat(access.authorize("alice", "market:read", "*", List.of("market:read")).result())
        .isEqualTo(new Decision(true, "granted by the token's permission market:read"));
  }

  @Test
  @DisplayName("unknown and disabled users are denied, whatever their roles")
  void unknownAndDisabled() {
    user("bob", false, "admin");
    assertThat(access.authorize("nobody", "health:read", "*", null).result())
        .isEqualTo(new Decision(false, "unknown user nobody"));
    assertThat(access.authorize("bob", "health:read", "*", null).result())
        .isEqualTo(new Decision(false, "user disabled"));
  }

  @Test
  @DisplayName("a change of the role rules applies to the next decision and to the account")
  void liveRules() {
    user("alice", true, "trader");
    assertThat(access.account("alice").permissions()).contains("trade:*");
    rules = PermissionRules.fromMap(Map.of("trader", List.of("market:read")));
    assertThat(access.authorize("alice", "trade:buy", "SOL/USDC", null).result().allowed())
        .isFalse();
    assertThat(access.account("alice").permissions()).containsExactly("market:read");
    assertThat(access.active("alice")).isTrue();
    assertThat(access.account("nobody")).isNull();
  }

  @Test
  @DisplayName("token.issue: an unknown user is 404, a disabled one 403")
  void issueTargets() {
    user("bob", false, "trader");
    assertThatThrownBy(() -> access.issuable("nobody", null, null))
        .isInstanceOfSatisfying(
            BusException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.NOT_FOUND))
        .hasMessage("user: no user nobody");
    assertThatThrownBy(() -> access.issuable("bob", null, null))
        .isInstanceOfSatisfying(
            BusException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.FORBIDDEN))
        .hasMessage("user: bob is disabled");
  }

  @Test
  @DisplayName("token.issue on behalf of a caller: for another user only with tokens:issue")
  void issueForAnother() {
    user("alice", true, "trader");
    user("ops", true, "operator");
    user("root", true, "admin");
    assertThatThrownBy(() -> access.issuable("alice", "ops", List.of("market:read")))
        .isInstanceOf(BusException.class)
        .hasMessage("token.issue: ops may not issue tokens for alice (needs tokens:issue)");
    SessionService.Account account = access.issuable("alice", "root", null);
    assertThat(account.username()).isEqualTo("alice");
    assertThat(access.issuable("alice", "alice", List.of("market:read")).username())
        .isEqualTo("alice");
  }

  @Test
  @DisplayName("token.issue on behalf of a caller never grants a permission the caller lacks")
  void noEscalation() {
    user("alice", true, "trader");
    user("ghost", false, "admin");
    assertThatThrownBy(() -> access.issuable("alice", "alice", List.of("config:write")))
        .isInstanceOfSatisfying(
            BusException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.FORBIDDEN))
        .hasMessage("token.issue: alice does not hold \"config:write\"");
    assertThatThrownBy(() -> access.issuable("alice", "ghost", null))
        .isInstanceOf(BusException.class)
        .hasMessage("token.issue: the caller ghost is unknown or disabled");
  }
}
