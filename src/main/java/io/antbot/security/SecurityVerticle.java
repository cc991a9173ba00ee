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
import io.antbot.bus.RateLimitCheckReply;
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
import io.antbot.local.Authenticator;
import io.antbot.local.LocalServices;
import io.antbot.security.audit.AuditStorageAlarm;
import io.antbot.security.audit.AuditTrail;
import io.antbot.security.authz.PermissionRules;
import io.antbot.security.crypto.CryptoService;
import io.antbot.security.crypto.FernetKeyRing;
import io.antbot.security.protection.EdgeGuard;
import io.antbot.security.protection.Protection;
import io.antbot.security.storage.FileWorker;
import io.antbot.security.storage.KeyFiles;
import io.antbot.security.token.SessionService;
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
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security service: accounts and logins, JWT access and refresh tokens, role-based
 * authorization, Fernet and RSA encryption, and the hash-chained audit trail, on the {@code
 * antbot.security.*} addresses.
 *
 * <p>It wires; the work is done by {@link AccessControl} (authentication, authorization, the rules
 * of token issuing), {@link Logins}, {@link AccountService}, {@link SessionService}, {@link
 * CryptoService}, {@link EdgeGuard} and {@link AuditTrail}. Settings come from {@code security:}
 * (see {@link SecurityOptions}) and follow {@code antbot.config.changed}. Security events (failed
 * logins and authentications, refresh-token reuse, denied authorizations) are published on {@link
 * Addresses#SECURITY_EVENTS} without any secret.
 */
public class SecurityVerticle extends ServiceVerticle {

  private io.antbot.security.ratelimit.ClusterRateLimits sharedRateLimits;
  private io.antbot.security.behaviour.ClusterLockouts sharedLockouts;

  private static final Logger log = LoggerFactory.getLogger(SecurityVerticle.class);
  private static final long MAINTENANCE_INTERVAL_MS = 60_000;

  /**
   * How often the summaries of repeated edge events are written (their interval is ten seconds).
   */
  private static final long AGGREGATION_FLUSH_MS = 5_000;

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
  private SecurityReports reports;
  private AccessControl access;
  private Logins logins;
  private EdgeGuard edge;
  private AuditStorageAlarm auditAlarm;
  private long maintenanceTimer = -1;
  private long aggregationTimer = -1;

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
    // of users and sessions behind its fsyncs.
    auditFiles = new FileWorker(vertx, "antbot-security-audit");
    auditAlarm = new AuditStorageAlarm(clock);
    return SecurityStartup.load(vertx)
        .compose(this::open)
        .onSuccess(v -> serve())
        .compose(v -> sessions.maintain());
  }

  /**
   * Opens the audit trail, the keys, the accounts and the sessions, then builds the access control,
   * the edge guard and the logins on them. The protection settings are read first, so that a bad
   * section fails the start before anything is opened.
   */
  private Future<Void> open(SecurityStartup.Loaded loaded) {
    options = loaded.options();
    config = loaded.config();
    rules = PermissionRules.fromMap(options.roles());
    Protection protection = Protection.create(loaded.section(), clock);
    EdgeGuard.EventOptions events = EdgeGuard.EventOptions.fromJson(loaded.section());
    // The keys are read (the RSA key's checks cost tens of milliseconds) while the audit trail
    // opens; neither needs the other. A trail that cannot open is the failure reported.
    Future<AuditTrail> trail =
        AuditTrail.open(
            auditFiles, Path.of(options.auditDir()), options.auditFsync(), clock, options.audit());
    Future<SecurityStartup.Keys> keys =
        SecurityStartup.keys(vertx, files, options, loaded.environmentName());
    return Future.join(trail, keys)
        .transform(
            both -> {
              if (trail.failed()) {
                return Future.failedFuture(trail.cause());
              }
              audit = trail.result();
              com.hazelcast.core.HazelcastInstance member = VertxInternals.hazelcast(vertx);
              if (member != null) {
                audit.nameNode(
                    member
                        .getCluster()
                        .getLocalMember()
                        .getAttribute(io.antbot.cluster.HazelcastSetup.ATTR_NODE));
              }
              return keys;
            })
        .compose(opened -> openAccounts(opened, loaded.environmentName()))
        .map(
            v -> {
              reports =
                  new SecurityReports(
                      vertx.eventBus()::publish,
                      audit::record,
                      audit::recordSheddable,
                      this::onOwnContext,
                      clock);
              access = new AccessControl(accounts::user, () -> rules, sessions::verify, reports);
              edge =
                  new EdgeGuard(
                      protection, events, clock, access::authenticate, access::authorize, reports);
              edge.offloadScans(task -> vertx.executeBlocking(task::get, false));
              logins =
                  new Logins(
                      edge,
                      delayMs -> vertx.timer(delayMs).mapEmpty(),
                      accounts::login,
                      access::account,
                      sessions::startSession,
                      this::event);
              return null;
            });
  }

  private Future<Void> openAccounts(SecurityStartup.Keys keys, String environmentName) {
    KeyFiles keyFiles = keys.files();
    crypto =
        new CryptoService(
            vertx, files, keyFiles, audit, FernetKeyRing.of(keys.fernet()), keys.rsa());
    Path stateDir = Path.of(options.stateDir());
    accounts = new AccountService(vertx, files, stateDir.resolve(UserStore.FILE), audit, clock);
    accounts.configure(options.bcryptCost(), options.passwordMinLength(), rules);
    com.hazelcast.core.HazelcastInstance hazelcast = VertxInternals.hazelcast(vertx);
    // In a cluster the keys are checked against the other core nodes' before this node takes or
    // gives any shared state: a node with other keys leaves the cluster's accounts alone.
    return SessionService.load(
            vertx,
            files,
            stateDir,
            keyFiles,
            audit,
            clock,
            options.jwt(),
            SecurityStartup.generates(options, "jwt", environmentName))
        .compose(
            service -> {
              sessions = service;
              if (hazelcast == null) {
                return Future.succeededFuture();
              }
              sessions.keysFromOperator();
              accounts.shareWith(new io.antbot.security.user.ClusterUsers(hazelcast));
              return ClusterKeyCheck.check(
                  vertx,
                  hazelcast,
                  hazelcast
                      .getCluster()
                      .getLocalMember()
                      .getAttribute(io.antbot.cluster.HazelcastSetup.ATTR_NODE),
                  ClusterKeyCheck.fingerprint(sessions.keys(), keys.fernet(), keys.rsa()));
            })
        .compose(v -> accounts.load(environment, keyFiles))
        .compose(
            v ->
                hazelcast == null
                    ? Future.succeededFuture()
                    : sessions
                        .shareWith(
                            new io.antbot.security.token.ClusterRevocations(hazelcast, clock))
                        .compose(
                            w ->
                                sessions.shareWith(
                                    new io.antbot.security.token.ClusterSessions(
                                        hazelcast, clock))));
  }

  /** Connects the parts, registers the handlers, publishes the edge gate and starts the timers. */
  private void serve() {
    accounts.onCredentialsChanged(sessions::endSessionsOf);
    sessions.onReuseDetected(
        sourceIp -> event("refresh_token_reuse", new JsonObject().put("source_ip", sourceIp)));
    accounts.onUnlockRequested(
        user ->
            log.info(
                "login locks of {} lifted at the command line's request ({} in force)",
                user,
                edge.unlockUser(user)));
    com.hazelcast.core.HazelcastInstance hazelcast = VertxInternals.hazelcast(vertx);
    if (hazelcast != null) {
      sharedRateLimits = new io.antbot.security.ratelimit.ClusterRateLimits(hazelcast);
      sharedLockouts = new io.antbot.security.behaviour.ClusterLockouts(hazelcast, clock);
      sharedLockouts.follow(vertx, context, edge.protection().logins());
    }
    register();
    LocalServices.publish(vertx, LocalServices.EDGE_GATE, edge);
    LocalServices.publish(vertx, LocalServices.AUTHENTICATOR, authenticator);
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
  }

  private void register() {
    handle(
        Addresses.SECURITY_LOGIN,
        r -> lockoutsInForce(logins.login(Login.fromJson(r.body())).map(TokenPair::toJson)));
    handle(Addresses.SECURITY_TOKEN_ISSUE, this::issue);
    handle(Addresses.SECURITY_TOKEN_REFRESH, this::refresh);
    handle(Addresses.SECURITY_TOKEN_REVOKE, r -> sessions.revoke(TokenRevoke.fromJson(r.body())));
    handle(Addresses.SECURITY_AUTHENTICATE, this::authenticate);
    handle(
        Addresses.SECURITY_AUTHORIZE,
        r -> access.authorize(Authorize.fromJson(r.body())).map(Decision::toJson));
    handle(
        Addresses.SECURITY_PASSWORD_HASH,
        r -> accounts.hash(PasswordHash.fromJson(r.body()).password()).map(field("hash")));
    handle(Addresses.SECURITY_PASSWORD_VERIFY, this::verifyPassword);
    handle(
        Addresses.SECURITY_ENCRYPT,
        r -> crypto.encrypt(Encrypt.fromJson(r.body()).data()).map(field("token")));
    handle(Addresses.SECURITY_DECRYPT, this::decrypt);
    handle(
        Addresses.SECURITY_REENCRYPT,
        r -> crypto.reencrypt(Reencrypt.fromJson(r.body()).token()).map(field("token")));
    handle(
        Addresses.SECURITY_RSA_ENCRYPT,
        r -> crypto.rsaEncrypt(Encrypt.fromJson(r.body()).data()).map(field("envelope")));
    handle(
        Addresses.SECURITY_RSA_DECRYPT,
        r ->
            crypto
                .rsaDecrypt(RsaDecrypt.fromJson(r.body()).envelope())
                .map(CryptoService::base64)
                .map(field("data_b64")));
    handle(
        Addresses.SECURITY_AUDIT_QUERY,
        r -> audit.query(AuditQuery.fromJson(r.body())).map(JsonArray::new).map(field("entries")));
    handle(Addresses.SECURITY_AUDIT_VERIFY, r -> audit.verify().map(result -> result.toJson()));
    handle(
        Addresses.SECURITY_USERS_LIST,
        r ->
            Future.succeededFuture(
                field("users")
                    .apply(
                        new JsonArray(
                            accounts.users().stream().map(User::toPublicJson).toList()))));
    handle(
        Addresses.SECURITY_USERS_ADD,
        r -> accounts.add(UserAdd.fromJson(r.body())).map(User::toPublicJson).map(field("user")));
    handle(Addresses.SECURITY_USERS_UNLOCK, this::unlock);
    handle(
        Addresses.SECURITY_USERS_UPDATE,
        r ->
            accounts
                .update(UserUpdate.fromJson(r.body()))
                .map(User::toPublicJson)
                .map(field("user")));
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
            edge.protection()
                .checkRateLimit(RateLimitCheckRequest.fromJson(r.body()), sharedRateLimits, context)
                .map(RateLimitCheckReply::toJson));
    handle(Addresses.SECURITY_EDGE_ADMIT, r -> Future.succeededFuture(edge.admit(r.body())));
    handle(Addresses.SECURITY_EDGE_INSPECT, r -> edge.inspect(r.body()));
    handle(Addresses.SECURITY_EVENTS_QUERY, this::recentEvents);
    handle(Addresses.CONFIG_CHANGED, this::configChanged);
  }

  /** A reply of one field: {@code {name: value}}. */
  private static Function<Object, JsonObject> field(String name) {
    return value -> new JsonObject().put(name, value);
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
    return lockoutsInForce(
        audit
            .record(
                "user_unlocked",
                new JsonObject().put("user", user).put("locks", unlocked).put("actor", actor))
            .map(v -> new JsonObject().put("user", user).put("unlocked", unlocked)));
  }

  /**
   * {@code reply}, once the login locks it set or lifted hold on the other core nodes too (in a
   * cluster): a login that locked its user gets its 401 when the next attempt is refused
   * everywhere, an unlock its reply when the user may log in everywhere.
   */
  private <T> Future<T> lockoutsInForce(Future<T> reply) {
    io.antbot.security.behaviour.ClusterLockouts shared = sharedLockouts;
    return shared == null
        ? reply
        : reply.transform(
            done ->
                shared
                    .inForce()
                    .compose(
                        v ->
                            done.succeeded()
                                ? Future.succeededFuture(done.result())
                                : Future.failedFuture(done.cause())));
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
    String principal = TrustedHeaders.principal(request.headers());
    SessionService.Account account = access.issuable(issue.user(), principal, issue.permissions());
    return sessions
        .issue(
            account,
            issue.permissions(),
            issue.ttlS(),
            principal != null ? principal : issue.actor())
        .map(IssuedAccessToken::toJson);
  }

  private Future<JsonObject> refresh(BusRequest request) {
    TokenRefresh refresh = TokenRefresh.fromJson(request.body());
    return sessions
        .refresh(refresh.refreshToken(), refresh.sourceIp(), access::account)
        .map(TokenPair::toJson);
  }

  /** {@code antbot.security.authenticate} for the bridge of this Vert.x instance. */
  private final Authenticator authenticator =
      (sourceIp, token, userAgent) -> access.authenticate(sourceIp, token, userAgent);

  private Future<JsonObject> authenticate(BusRequest request) {
    Authenticate authenticate = Authenticate.fromJson(request.body());
    return access
        .authenticate(authenticate.sourceIp(), authenticate.token(), authenticate.userAgent())
        .map(Principal::toJson);
  }

  private Future<JsonObject> verifyPassword(BusRequest request) {
    PasswordVerify verify = PasswordVerify.fromJson(request.body());
    return accounts.verify(verify.password(), verify.hash()).map(field("valid"));
  }

  private Future<JsonObject> decrypt(BusRequest request) {
    Decrypt decrypt = Decrypt.fromJson(request.body());
    return crypto
        .decrypt(decrypt.token(), decrypt.ttlS())
        .map(CryptoService::base64)
        .map(field("data_b64"));
  }

  private Future<JsonObject> rotate(BusRequest request) {
    KeysRotate rotate = KeysRotate.fromJson(request.body());
    if (VertxInternals.hazelcast(vertx) != null) {
      // A key made here would be this node's alone: its tokens refused, its ciphertexts unreadable
      // on the other core nodes.
      return Future.failedFuture(
          BusException.conflict(
              "in a cluster every core node holds the same keys, which the operator gives them:"
                  + " rotate on one node started without --cluster, then copy its var/keys to"
                  + " every core node and restart them (docs/cluster.md, Keys)"));
    }
    Future<String> kid =
        "jwt".equals(rotate.kind())
            ? sessions.rotateKeys(rotate.actor(), "requested")
            : crypto.rotateFernet(rotate.actor());
    return kid.map(id -> new JsonObject().put("kind", rotate.kind()).put("key_id", id));
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
    if (auditAlarm.retryDue(audit.unwritten())) {
      audit.retry().onSuccess(left -> auditAlarm.after(left).ifPresent(reports::alert));
    }
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
    reports.event(type, fields);
  }

  @Override
  protected JsonObject details() {
    JsonObject details = new JsonObject();
    if (config != null) {
      // The configuration version whose security settings are in force here.
      details.put("config_version", config.version());
    }
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
    if (sessions != null) {
      sessions.leaveCluster();
    }
    if (accounts != null) {
      accounts.leaveCluster();
    }
    if (sharedLockouts != null) {
      sharedLockouts.leave();
    }
    if (edge != null) {
      LocalServices.withdraw(vertx, LocalServices.EDGE_GATE, edge);
      LocalServices.withdraw(vertx, LocalServices.AUTHENTICATOR, authenticator);
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
