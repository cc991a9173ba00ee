package io.antbot.security;

import io.antbot.bus.Addresses;
import io.antbot.bus.AuditQuery;
import io.antbot.bus.Authenticate;
import io.antbot.bus.Authorize;
import io.antbot.bus.BusException;
import io.antbot.bus.ConfigChangedEvent;
import io.antbot.bus.Decision;
import io.antbot.bus.Decrypt;
import io.antbot.bus.Encrypt;
import io.antbot.bus.IssuedAccessToken;
import io.antbot.bus.JsonFields;
import io.antbot.bus.KeysRotate;
import io.antbot.bus.Login;
import io.antbot.bus.PasswordHash;
import io.antbot.bus.PasswordVerify;
import io.antbot.bus.Principal;
import io.antbot.bus.RateLimitCheckRequest;
import io.antbot.bus.Reencrypt;
import io.antbot.bus.RsaDecrypt;
import io.antbot.bus.SecurityScanRequest;
import io.antbot.bus.Services;
import io.antbot.bus.TokenIssue;
import io.antbot.bus.TokenPair;
import io.antbot.bus.TokenRefresh;
import io.antbot.bus.TokenRevoke;
import io.antbot.bus.TrustedHeaders;
import io.antbot.bus.UserAdd;
import io.antbot.bus.UserUpdate;
import io.antbot.local.LocalServices;
import io.antbot.security.audit.AuditTrail;
import io.antbot.security.authz.PermissionRules;
import io.antbot.security.crypto.CryptoService;
import io.antbot.security.crypto.FernetKeyRing;
import io.antbot.security.protection.EdgeGuard;
import io.antbot.security.protection.Protection;
import io.antbot.security.storage.FileWorker;
import io.antbot.security.storage.KeyFiles;
import io.antbot.security.token.SessionService;
import io.antbot.security.token.TokenRejectedException;
import io.antbot.security.user.AccountService;
import io.antbot.security.user.User;
import io.antbot.security.user.UserStore;
import io.antbot.service.BusRequest;
import io.antbot.service.ConfigFollower;
import io.antbot.service.ServiceVerticle;
import io.antbot.vertx.VertxInternals;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security service: accounts and logins, JWT access and refresh tokens, role-based
 * authorization, Fernet and RSA encryption, and the hash-chained audit trail, on the {@code
 * antbot.security.*} addresses.
 *
 * <p>It wires; the work is done by {@link AccountService}, {@link SessionService}, {@link
 * CryptoService}, {@link PermissionRules} and {@link AuditTrail}. Settings come from {@code
 * security:} (see {@link SecurityOptions}) and follow {@code antbot.config.changed}. Security
 * events (failed logins and authentications, refresh-token reuse, denied authorizations) are
 * published on {@link Addresses#SECURITY_EVENTS} without any secret.
 */
public class SecurityVerticle extends ServiceVerticle {

  private static final Logger log = LoggerFactory.getLogger(SecurityVerticle.class);
  private static final long MAINTENANCE_INTERVAL_MS = 60_000;

  private final Clock clock;
  private final Map<String, String> environment;
  private SecurityOptions options;
  private ConfigFollower config;
  private volatile PermissionRules rules;
  private FileWorker files;
  private FileWorker auditFiles;
  private AuditTrail audit;
  private AccountService accounts;
  private SessionService sessions;
  private CryptoService crypto;
  private EdgeGuard edge;
  private long maintenanceTimer = -1;
  private long aggregationTimer = -1;
  private boolean auditAlertFiring;

  /**
   * How often the summaries of repeated edge events are written (their interval is ten seconds).
   */
  private static final long AGGREGATION_FLUSH_MS = 5_000;

  public SecurityVerticle() {
    this(Clock.systemUTC(), System.getenv());
  }

  /**
   * For tests and embedding: the clock of issued tokens and audit entries, and the environment
   * variables.
   */
  public SecurityVerticle(Clock clock, Map<String, String> environment) {
    super(Services.SECURITY);
    this.clock = clock;
    this.environment = environment;
  }

  @Override
  protected Future<?> startService() {
    files = new FileWorker(vertx, "antbot-security-files");
    // The audit trail on a thread of its own: a flood of audited edge events never queues the saves
    // of users and
    // sessions behind its fsyncs.
    auditFiles = new FileWorker(vertx, "antbot-security-audit");
    return SecurityStartup.load(vertx)
        .compose(
            loaded -> {
              options = loaded.options();
              config = loaded.config();
              rules = PermissionRules.fromMap(options.roles());
              edge =
                  new EdgeGuard(
                      Protection.create(loaded.section(), clock),
                      EdgeGuard.EventOptions.fromJson(loaded.section()),
                      clock,
                      this::authenticate,
                      this::authorize,
                      new EventSink());
              return AuditTrail.open(
                      auditFiles,
                      Path.of(options.auditDir()),
                      options.auditFsync(),
                      clock,
                      options.audit())
                  .compose(
                      trail -> {
                        audit = trail;
                        return SecurityStartup.keys(
                            vertx, files, options, loaded.environmentName());
                      })
                  .compose(
                      keys -> {
                        KeyFiles keyFiles = keys.files();
                        crypto =
                            new CryptoService(
                                vertx,
                                files,
                                keyFiles,
                                audit,
                                FernetKeyRing.of(keys.fernet()),
                                keys.rsa());
                        accounts =
                            new AccountService(
                                vertx,
                                files,
                                Path.of(options.stateDir()).resolve(UserStore.FILE),
                                audit,
                                clock);
                        accounts.configure(
                            options.bcryptCost(), options.passwordMinLength(), rules);
                        return accounts
                            .load(environment, keyFiles)
                            .compose(
                                v ->
                                    SessionService.load(
                                        vertx,
                                        files,
                                        Path.of(options.stateDir()),
                                        keyFiles,
                                        audit,
                                        clock,
                                        options.jwt(),
                                        SecurityStartup.generates(
                                            options, "jwt", loaded.environmentName())));
                      });
            })
        .onSuccess(
            service -> {
              sessions = service;
              accounts.onCredentialsChanged(sessions::endSessionsOf);
              sessions.onReuseDetected(
                  sourceIp ->
                      event("refresh_token_reuse", new JsonObject().put("source_ip", sourceIp)));
              accounts.onUnlockRequested(
                  user ->
                      log.info(
                          "login locks of {} lifted at the command line's request ({} in force)",
                          user,
                          edge.unlockUser(user)));
              register();
              LocalServices.publish(vertx, LocalServices.EDGE_GATE, edge);
              maintenanceTimer = vertx.setPeriodic(MAINTENANCE_INTERVAL_MS, id -> maintain());
              aggregationTimer =
                  vertx.setPeriodic(
                      AGGREGATION_FLUSH_MS,
                      id -> {
                        edge.flushAggregated();
                        retryAudit();
                      });
              log.info(
                  "security ready: {} users, JWT {} key {}, audit trail {}",
                  accounts.users().size(),
                  options.jwt().algorithm(),
                  sessions.keys().signingKey().kid(),
                  audit.file());
            })
        .compose(service -> sessions.maintain());
  }

  private void register() {
    handle(Addresses.SECURITY_LOGIN, this::login);
    handle(Addresses.SECURITY_TOKEN_ISSUE, this::issue);
    handle(Addresses.SECURITY_TOKEN_REFRESH, this::refresh);
    handle(Addresses.SECURITY_TOKEN_REVOKE, r -> sessions.revoke(TokenRevoke.fromJson(r.body())));
    handle(Addresses.SECURITY_AUTHENTICATE, this::authenticate);
    handle(Addresses.SECURITY_AUTHORIZE, this::authorize);
    handle(
        Addresses.SECURITY_PASSWORD_HASH,
        r ->
            accounts
                .hash(PasswordHash.fromJson(r.body()).password())
                .map(hash -> new JsonObject().put("hash", hash)));
    handle(Addresses.SECURITY_PASSWORD_VERIFY, this::verifyPassword);
    handle(
        Addresses.SECURITY_ENCRYPT,
        r ->
            crypto
                .encrypt(Encrypt.fromJson(r.body()).data())
                .map(token -> new JsonObject().put("token", token)));
    handle(Addresses.SECURITY_DECRYPT, this::decrypt);
    handle(
        Addresses.SECURITY_REENCRYPT,
        r ->
            crypto
                .reencrypt(Reencrypt.fromJson(r.body()).token())
                .map(token -> new JsonObject().put("token", token)));
    handle(
        Addresses.SECURITY_RSA_ENCRYPT,
        r ->
            crypto
                .rsaEncrypt(Encrypt.fromJson(r.body()).data())
                .map(envelope -> new JsonObject().put("envelope", envelope)));
    handle(
        Addresses.SECURITY_RSA_DECRYPT,
        r ->
            crypto
                .rsaDecrypt(RsaDecrypt.fromJson(r.body()).envelope())
                .map(data -> new JsonObject().put("data_b64", CryptoService.base64(data))));
    handle(
        Addresses.SECURITY_AUDIT_QUERY,
        r ->
            audit
                .query(AuditQuery.fromJson(r.body()))
                .map(entries -> new JsonObject().put("entries", new JsonArray(entries))));
    handle(Addresses.SECURITY_AUDIT_VERIFY, r -> audit.verify().map(result -> result.toJson()));
    handle(
        Addresses.SECURITY_USERS_LIST,
        r ->
            Future.succeededFuture(
                new JsonObject()
                    .put(
                        "users",
                        new JsonArray(
                            accounts.users().stream().map(User::toPublicJson).toList()))));
    handle(
        Addresses.SECURITY_USERS_ADD,
        r ->
            accounts
                .add(UserAdd.fromJson(r.body()))
                .map(user -> new JsonObject().put("user", user.toPublicJson())));
    handle(Addresses.SECURITY_USERS_UNLOCK, this::unlock);
    handle(
        Addresses.SECURITY_USERS_UPDATE,
        r ->
            accounts
                .update(UserUpdate.fromJson(r.body()))
                .map(user -> new JsonObject().put("user", user.toPublicJson())));
    handle(Addresses.SECURITY_JWKS, r -> Future.succeededFuture(sessions.jwks()));
    handle(Addresses.SECURITY_KEYS_ROTATE, this::rotate);
    handle(
        Addresses.SECURITY_SCAN,
        r ->
            Future.succeededFuture(
                edge.protection().scan(SecurityScanRequest.fromJson(r.body())).toJson()));
    handle(
        Addresses.SECURITY_RATELIMIT_CHECK,
        r ->
            Future.succeededFuture(
                edge.protection()
                    .checkRateLimit(RateLimitCheckRequest.fromJson(r.body()))
                    .toJson()));
    handle(Addresses.SECURITY_EDGE_ADMIT, r -> Future.succeededFuture(edge.admit(r.body())));
    handle(Addresses.SECURITY_EDGE_INSPECT, r -> edge.inspect(r.body()));
    handle(Addresses.SECURITY_EVENTS_QUERY, this::recentEvents);
    handle(Addresses.CONFIG_CHANGED, this::configChanged);
  }

  private Future<JsonObject> login(BusRequest request) {
    Login login = Login.fromJson(request.body());
    long delayMs = edge.checkLogin(login.username(), login.sourceIp());
    Future<Void> held = delayMs <= 0 ? Future.succeededFuture() : vertx.timer(delayMs).mapEmpty();
    return held.compose(
        v ->
            accounts
                .login(
                    login.username(),
                    login.password().getBytes(StandardCharsets.UTF_8),
                    login.sourceIp())
                .onFailure(
                    failure -> {
                      event(
                          "login_failed",
                          new JsonObject()
                              .put("user", login.username())
                              .put("source_ip", login.sourceIp()));
                      edge.loginFailed(login.username(), login.sourceIp());
                    })
                .onSuccess(user -> edge.loginSucceeded(login.username(), login.sourceIp()))
                .compose(user -> sessions.startSession(account(user.username()), login.sourceIp()))
                .map(TokenPair::toJson));
  }

  /**
   * {@code antbot.security.users.unlock}: {@code {username, actor?}} → {@code {user, unlocked}},
   * audited.
   */
  private Future<JsonObject> unlock(BusRequest request) {
    JsonFields.rejectUnknown(request.body(), java.util.Set.of("username", "actor"));
    String user =
        JsonFields.requireMatching(request.body(), "username", JsonFields.USERNAME, "a user name");
    String principal = TrustedHeaders.principal(request.headers());
    String actor =
        principal != null
            ? principal
            : JsonFields.optionalString(request.body(), "actor", "bus", 128);
    int unlocked = edge.unlockUser(user);
    return audit
        .record(
            "user_unlocked",
            new JsonObject().put("user", user).put("locks", unlocked).put("actor", actor))
        .map(v -> new JsonObject().put("user", user).put("unlocked", unlocked));
  }

  private Future<JsonObject> recentEvents(BusRequest request) {
    JsonFields.rejectUnknown(request.body(), java.util.Set.of("limit"));
    Long limit = JsonFields.optionalLong(request.body(), "limit");
    if (limit != null && (limit < 1 || limit > 10_000)) {
      throw BusException.badRequest("limit: expected 1 to 10000, got " + limit);
    }
    return Future.succeededFuture(
        new JsonObject().put("events", edge.recent(limit == null ? 100 : limit.intValue())));
  }

  private Future<JsonObject> issue(BusRequest request) {
    TokenIssue issue = TokenIssue.fromJson(request.body());
    SessionService.Account account = account(issue.user());
    if (account == null) {
      throw BusException.notFound("user: no user " + issue.user());
    }
    if (!account.enabled()) {
      throw BusException.forbidden("user: " + issue.user() + " is disabled");
    }
    String principal = TrustedHeaders.principal(request.headers());
    if (principal != null) {
      checkIssuer(principal, account, issue.permissions());
    }
    return sessions
        .issue(
            account,
            issue.permissions(),
            issue.ttlS(),
            principal != null ? principal : issue.actor())
        .map(IssuedAccessToken::toJson);
  }

  /**
   * A token issued on behalf of an authenticated caller (a boundary set {@link
   * TrustedHeaders#PRINCIPAL}): a caller may mint tokens for another user only with {@code
   * tokens:issue}, and never with a permission it does not hold itself — no principal grants more
   * than it has.
   */
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

  private static final String TOKENS_ISSUE = "tokens:issue";

  private Future<JsonObject> refresh(BusRequest request) {
    TokenRefresh refresh = TokenRefresh.fromJson(request.body());
    return sessions
        .refresh(refresh.refreshToken(), refresh.sourceIp(), this::account)
        .map(TokenPair::toJson);
  }

  private Future<JsonObject> authenticate(BusRequest request) {
    Authenticate authenticate = Authenticate.fromJson(request.body());
    return authenticate(authenticate.sourceIp(), authenticate.token(), authenticate.userAgent())
        .map(Principal::toJson);
  }

  /** Thread-safe: the edge gate calls it from the HTTP event loops. */
  private Future<Principal> authenticate(String sourceIp, String token, String userAgent) {
    Authenticate authenticate = new Authenticate(sourceIp, token, userAgent);
    return Completed.recover(
        sessions.authenticate(authenticate.token(), this::active),
        failure -> {
          if (failure instanceof TokenRejectedException rejected) {
            event(
                "authentication_failed",
                new JsonObject()
                    .put("source_ip", authenticate.sourceIp())
                    .put("reason", rejected.reason())
                    .put("user_agent", authenticate.userAgent()));
            return Future.failedFuture(BusException.unauthenticated(rejected.getMessage()));
          }
          return Future.failedFuture(failure);
        });
  }

  private Future<JsonObject> authorize(BusRequest request) {
    return authorize(Authorize.fromJson(request.body())).map(Decision::toJson);
  }

  private Future<Decision> authorize(
      String user, String action, String resource, List<String> permissions) {
    return authorize(new Authorize(user, action, resource, permissions));
  }

  /**
   * Thread-safe: the edge gate calls it from the HTTP event loops; a denial is audited on this
   * verticle's context.
   */
  private Future<Decision> authorize(Authorize authorize) {
    User user = accounts.user(authorize.user());
    Decision decision;
    if (user == null || !user.enabled()) {
      decision =
          new Decision(false, user == null ? "unknown user " + authorize.user() : "user disabled");
    } else {
      var byRoles = rules.decide(user.roles(), authorize.action(), authorize.resource());
      var byToken =
          authorize.permissions() == null || !byRoles.allowed()
              ? byRoles
              : PermissionRules.decideByPermissions(
                  authorize.permissions(), authorize.action(), authorize.resource());
      decision = new Decision(byToken.allowed(), byToken.reason());
    }
    if (decision.allowed()) {
      return Future.succeededFuture(decision);
    }
    JsonObject denied =
        new JsonObject()
            .put("user", authorize.user())
            .put("action", authorize.action())
            .put("resource", authorize.resource())
            .put("reason", decision.reason());
    event("access_denied", denied.copy());
    return onOwnContext(() -> audit.record("authorization_denied", denied)).map(decision);
  }

  private Future<JsonObject> verifyPassword(BusRequest request) {
    PasswordVerify verify = PasswordVerify.fromJson(request.body());
    return accounts
        .verify(verify.password(), verify.hash())
        .map(valid -> new JsonObject().put("valid", valid));
  }

  private Future<JsonObject> decrypt(BusRequest request) {
    Decrypt decrypt = Decrypt.fromJson(request.body());
    return crypto
        .decrypt(decrypt.token(), decrypt.ttlS())
        .map(data -> new JsonObject().put("data_b64", CryptoService.base64(data)));
  }

  private Future<JsonObject> rotate(BusRequest request) {
    KeysRotate rotate = KeysRotate.fromJson(request.body());
    Future<String> kid =
        "jwt".equals(rotate.kind())
            ? sessions.rotateKeys(rotate.actor(), "requested")
            : crypto.rotateFernet(rotate.actor());
    return kid.map(id -> new JsonObject().put("kind", rotate.kind()).put("key_id", id));
  }

  private boolean active(String username) {
    User user = accounts.user(username);
    return user != null && user.enabled();
  }

  /** The account as tokens see it: roles from the store, permissions from the current rules. */
  private SessionService.Account account(String username) {
    User user = accounts.user(username);
    return user == null
        ? null
        : new SessionService.Account(
            user.username(), user.roles(), rules.permissionsOf(user.roles()), user.enabled());
  }

  private Future<Void> configChanged(BusRequest request) {
    JsonObject change = request.body();
    if (!TrustedHeaders.CONFIG_SERVICE.equals(request.headers().get(TrustedHeaders.PUBLISHER))) {
      // Not the config service's broadcast: recorded as what it is, never as a configuration
      // change.
      JsonObject forged =
          new JsonObject()
              .put("version", String.valueOf(change.getValue("version")))
              .put("publisher", String.valueOf(request.headers().get(TrustedHeaders.PUBLISHER)));
      event("config_event_unverified", forged.copy());
      return audit.record("config_event_unverified", forged);
    }
    JsonArray changes = change.getJsonArray("changes", new JsonArray());
    Future<Void> recorded =
        audit.record(
            "config_changed",
            new JsonObject()
                .put("version", change.getValue("version"))
                .put("source", change.getValue("source"))
                .put("changes", changes));
    return recorded
        .compose(v -> config.follow(ConfigChangedEvent.fromJson(change)))
        .compose(
            update ->
                update.isPresent()
                    ? reconfigure(
                        update.get().section(),
                        update.get().changes().stream().anyMatch(c -> EdgeGuard.concerns(c.key())))
                    : Future.succeededFuture());
  }

  /** Applies a new {@code security} section: all of it, or none of it when a part is invalid. */
  private Future<Void> reconfigure(JsonObject section, boolean protection) {
    try {
      SecurityOptions next = SecurityStartup.read(section, options.stateDir());
      if (protection) {
        List<String> problems = edge.update(section);
        if (!problems.isEmpty()) {
          throw new IllegalArgumentException(String.join("; ", problems));
        }
      }
      rules = PermissionRules.fromMap(next.roles());
      accounts.configure(next.bcryptCost(), next.passwordMinLength(), rules);
      sessions.configure(SecurityStartup.liveJwt(sessions.settings(), next.jwt()));
      options = next;
      log.info(
          "security settings applied: bcrypt cost {}, {} roles, allowed JWT algorithms {}",
          next.bcryptCost(),
          next.roles().size(),
          next.jwt().allowedAlgorithms());
    } catch (IllegalArgumentException e) {
      log.error("security settings not applied, the previous ones stay: {}", e.getMessage());
    }
    return Future.succeededFuture();
  }

  private void maintain() {
    sessions
        .maintain()
        .compose(v -> accounts.reloadIfChanged())
        .onFailure(failure -> log.warn("security maintenance failed: {}", failure.toString()));
  }

  /**
   * Entries the disk refused wait in the audit trail's memory; they are tried again with every new
   * entry and here. While any wait, a critical alert fires; it resolves once all are written.
   */
  private void retryAudit() {
    if (audit.unwritten() == 0 && !auditAlertFiring) {
      return;
    }
    audit
        .retry()
        .onSuccess(
            left -> {
              if (left > 0 && !auditAlertFiring) {
                auditAlertFiring = true;
                auditAlert(
                    "firing",
                    left
                        + " audit entries cannot be written (the disk refuses them); they wait in memory");
              } else if (left == 0 && auditAlertFiring) {
                auditAlertFiring = false;
                auditAlert("resolved", "the audit trail is written again");
              }
            });
  }

  private void auditAlert(String state, String message) {
    vertx
        .eventBus()
        .publish(
            Addresses.ALERTS,
            new JsonObject()
                .put("id", "security:audit_storage")
                .put("source", "security")
                .put("name", "audit_storage_unavailable")
                .put("severity", "critical")
                .put("state", state)
                .put("message", message)
                .put("at", clock.instant().toString()));
  }

  /**
   * Runs {@code work} on this verticle's context: the audit trail and the account store are this
   * verticle's own, while the edge gate's decisions run on the HTTP event loops. The returned
   * future completes on this context.
   */
  private <T> Future<T> onOwnContext(java.util.function.Supplier<Future<T>> work) {
    if (VertxInternals.isRunningOn(context)) {
      return work.get();
    }
    Promise<T> promise = VertxInternals.promise(context);
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }

  private void event(String type, JsonObject fields) {
    vertx
        .eventBus()
        .publish(
            Addresses.SECURITY_EVENTS,
            fields.put("type", type).put("at", clock.instant().toString()));
  }

  /**
   * Where the edge guard's events go: the events address, the alerts address and the audit trail.
   */
  private final class EventSink implements EdgeGuard.Sink {
    @Override
    public void event(JsonObject event) {
      vertx.eventBus().publish(Addresses.SECURITY_EVENTS, event);
    }

    @Override
    public void alert(JsonObject alert) {
      vertx.eventBus().publish(Addresses.ALERTS, alert);
    }

    @Override
    public Future<Void> audit(String type, JsonObject fields) {
      // Floods are of low-severity edge events; a critical event and the counts of aggregated
      // repeats are kept.
      boolean keep = "critical".equals(fields.getString("severity")) || type.endsWith("_repeated");
      return onOwnContext(
          () -> keep ? audit.record(type, fields) : audit.recordSheddable(type, fields));
    }
  }

  @Override
  protected JsonObject details() {
    JsonObject details = new JsonObject();
    if (sessions != null) {
      details
          .put("users", accounts.users().size())
          .put("sessions", sessions.sessionCount())
          .put("revoked_tokens", sessions.revokedCount())
          .put(
              "jwt",
              new JsonObject()
                  .put("algorithm", sessions.keys().signingKey().alg())
                  .put("key_id", sessions.keys().signingKey().kid())
                  .put("keys", sessions.keys().keys().size()))
          .put("fernet_keys", crypto.fernet().keys().size())
          .put("rsa_key", crypto.rsa().fingerprint())
          .put("audit_failures", audit.failures())
          .put("audit_shed", audit.shed())
          .put("audit_unwritten", audit.unwritten())
          .put("audit_lost", audit.lost());
    }
    return details;
  }

  @Override
  protected Future<?> stopService() {
    if (edge != null) {
      LocalServices.withdraw(vertx, LocalServices.EDGE_GATE, edge);
    }
    if (maintenanceTimer >= 0) {
      vertx.cancelTimer(maintenanceTimer);
    }
    if (aggregationTimer >= 0) {
      vertx.cancelTimer(aggregationTimer);
      edge.flushAggregated();
    }
    // Sessions changed in the last moments (their writes are grouped) reach the disk before the
    // worker closes.
    Future<Void> saved =
        sessions == null
            ? Future.succeededFuture()
            : sessions
                .close()
                .recover(
                    failure -> {
                      log.warn(
                          "the latest sessions could not be saved at stop; they need a new login: {}",
                          failure.toString());
                      return Future.succeededFuture();
                    });
    Future<Void> closed =
        saved.compose(v -> audit == null ? Future.succeededFuture() : audit.close());
    return closed.onComplete(
        done -> {
          files.close();
          auditFiles.close();
        });
  }
}
