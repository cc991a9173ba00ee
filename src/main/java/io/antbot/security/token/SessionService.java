package io.antbot.security.token;

import io.antbot.bus.Addresses;
import io.antbot.bus.BusException;
import io.antbot.bus.IssuedAccessToken;
import io.antbot.bus.Principal;
import io.antbot.bus.TokenPair;
import io.antbot.bus.TokenRevoke;
import io.antbot.security.Completed;
import io.antbot.security.audit.AuditTrail;
import io.antbot.security.authz.PermissionRules;
import io.antbot.security.storage.FileWorker;
import io.antbot.security.storage.KeyFiles;
import io.antbot.security.storage.SecureFiles;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login sessions and tokens: issues access/refresh pairs, rotates refresh tokens, revokes,
 * authenticates, and rotates and prunes the JWT signing keys.
 *
 * <p>State — refresh families ({@value #SESSIONS_FILE}) and revoked token ids ({@value
 * #REVOKED_FILE}) under the state directory — is changed on the event loop and saved, owner-only
 * and atomically, on the file worker. Logins and refreshes do not each rewrite {@value
 * #SESSIONS_FILE}: their changes are written together, at most {@value #SESSIONS_SAVE_DELAY_MS} ms
 * later, one write at a time. What revokes (a logout, a revocation, a detected reuse, a password
 * change) is on disk before it is acknowledged. Signing with an RSA or EdDSA key runs on a worker;
 * HMAC signing and all verification run inline.
 */
public final class SessionService {

  private static final Logger log = LoggerFactory.getLogger(SessionService.class);

  public static final String SESSIONS_FILE = "sessions.json";
  public static final String REVOKED_FILE = "revoked-tokens.json";

  /**
   * The longest lifetime {@code token.issue} accepts, in seconds (retired keys are kept this long).
   */
  public static final long MAX_ISSUE_TTL_S = 86_400;

  /**
   * Longest time a login's or a refresh's change to {@value #SESSIONS_FILE} waits to be written
   * (the changes of that time share one write); a crash within it costs those sessions a new login,
   * never a revocation.
   */
  public static final long SESSIONS_SAVE_DELAY_MS = 500;

  /** Time between attempts to save the sessions while the disk refuses them. */
  public static final long SESSIONS_RETRY_MS = 2_000;

  /** The user a token or session belongs to, as the account service sees it now. */
  public record Account(
      String username, List<String> roles, List<String> permissions, boolean enabled) {}

  /** Looks an account up by name; {@code null} when there is none. */
  @FunctionalInterface
  public interface Accounts {
    Account find(String username);
  }

  private final Vertx vertx;
  private final FileWorker files;
  private final Path stateDir;
  private final KeyFiles keyFiles;
  private final AuditTrail audit;
  private final Clock clock;
  private final RevocationList revocations;
  private final RefreshSessions sessions;
  private final CoalescedSave sessionsSave;
  private ClusterRevocations cluster;
  private ClusterSessions sharedSessions;

  /** Set in a cluster: the operator rotates the keys (see {@link #keysFromOperator()}). */
  private volatile boolean keysFromOperator;

  private boolean rotationDueLogged;
  private Context clusterContext;
  private boolean remoteSavePending;
  private volatile boolean storageDegraded;
  private volatile TokenService tokens;

  private SessionService(
      Vertx vertx,
      FileWorker files,
      Path stateDir,
      KeyFiles keyFiles,
      AuditTrail audit,
      Clock clock,
      RevocationList revocations,
      RefreshSessions sessions) {
    this.vertx = vertx;
    this.files = files;
    this.stateDir = stateDir;
    this.keyFiles = keyFiles;
    this.audit = audit;
    this.clock = clock;
    this.revocations = revocations;
    this.sessions = sessions;
    this.sessionsSave =
        new CoalescedSave(
            vertx,
            sessions::toJson,
            snapshot -> save(SESSIONS_FILE, snapshot),
            this::sessionsSaved,
            SESSIONS_SAVE_DELAY_MS,
            SESSIONS_RETRY_MS);
  }

  /**
   * Loads (or creates, when {@code generateKeys}) the key ring, the sessions and the revocations.
   */
  public static Future<SessionService> load(
      Vertx vertx,
      FileWorker files,
      Path stateDir,
      KeyFiles keyFiles,
      AuditTrail audit,
      Clock clock,
      JwtSettings settings,
      boolean generateKeys) {
    Instant now = clock.instant();
    Future<JwtKeyRing> ring =
        vertx.executeBlocking(
            () ->
                keyFiles.loadOrCreateJwt(
                    settings.algorithm(), settings.rsaBits(), generateKeys, now),
            false);
    Future<JsonObject> sessionsJson = files.run(() -> readState(stateDir.resolve(SESSIONS_FILE)));
    Future<JsonObject> revokedJson = files.run(() -> readState(stateDir.resolve(REVOKED_FILE)));
    return Future.all(ring, sessionsJson, revokedJson)
        .map(
            all -> {
              SessionService service =
                  new SessionService(
                      vertx,
                      files,
                      stateDir,
                      keyFiles,
                      audit,
                      clock,
                      RevocationList.fromJson(revokedJson.result()),
                      RefreshSessions.fromJson(sessionsJson.result()));
              service.tokens =
                  new TokenService(vertx, settings, ring.result(), service.revocations, clock);
              service.sessions.limit(
                  settings.sessionLifetime().toSeconds(), settings.maxSessionsPerUser());
              return service;
            });
  }

  private static JsonObject readState(Path file) throws java.io.IOException {
    try {
      return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return new JsonObject();
    } catch (RuntimeException e) {
      throw new java.io.IOException(file + " cannot be read: " + e.getMessage());
    }
  }

  public JwtSettings settings() {
    return tokens.settings();
  }

  /** Applies live token settings. */
  public void configure(JwtSettings settings) {
    tokens.update(settings);
    sessions.limit(settings.sessionLifetime().toSeconds(), settings.maxSessionsPerUser());
  }

  public JsonObject jwks() {
    return tokens.keys().jwks();
  }

  public JwtKeyRing keys() {
    return tokens.keys();
  }

  /** Starts a login session: a refresh-token family and its first access token. */
  public Future<TokenPair> startSession(Account account, String sourceIp) {
    long now = clock.instant().getEpochSecond();
    long ttlS = settings().refreshTtl().toSeconds();
    if (sharedSessions != null) {
      return startShared(account, now, ttlS)
          .compose(started -> audited(account, started, "login_ok", sourceIp));
    }
    RefreshSessions.Rotated rotated = sessions.start(account.username(), now, ttlS);
    return signIn(sessions, account, rotated)
        .compose(
            signed -> {
              sessionsSave.changed();
              return audited(account, signed, "login_ok", sourceIp);
            });
  }

  /** A refresh token of a session and the access token signed in it. */
  private record Signed(RefreshSessions.Rotated rotated, IssuedToken issued) {}

  /**
   * Signs an access token in the session {@code rotated} belongs to and records it there, in {@code
   * working} (so revoking the session revokes it).
   */
  private Future<Signed> signIn(
      RefreshSessions working, Account account, RefreshSessions.Rotated rotated) {
    return sign(account, account.permissions(), settings().accessTtl(), rotated.familyId())
        .map(
            issued -> {
              working.recordAccessToken(
                  rotated.familyId(),
                  issued.jti(),
                  issued.expiresAtS(),
                  clock.instant().getEpochSecond());
              return new Signed(rotated, issued);
            });
  }

  /** Audits {@code auditType} for {@code signed}; completes with the token pair. */
  private Future<TokenPair> audited(
      Account account, Signed signed, String auditType, String sourceIp) {
    return audit
        .record(
            auditType,
            new JsonObject()
                .put("user", account.username())
                .put("source_ip", sourceIp)
                .put("jti", signed.issued().jti())
                .put("sid", signed.rotated().familyId()))
        .map(
            new TokenPair(
                signed.issued().token(),
                signed.rotated().refreshToken(),
                settings().accessTtl().toSeconds()));
  }

  /**
   * A login in a cluster: ends the user's families beyond the cap in the cluster, then writes the
   * new family there.
   */
  private Future<Signed> startShared(Account account, long now, long ttlS) {
    List<Future<Object>> ends = new java.util.ArrayList<>();
    for (String ended : sessions.beyondCap(account.username(), now)) {
      ends.add(
          sharedSessions.update(
              ended,
              text -> {
                RefreshSessions working = workingCopy(ended, text);
                if (!working.holds(ended)) {
                  return Future.succeededFuture(ClusterSessions.Change.none(null));
                }
                working.end(ended, now, ttlS);
                return Future.succeededFuture(
                    new ClusterSessions.Change<>(working.snapshot(ended), null));
              }));
    }
    return Future.all(ends)
        .compose(
            v -> {
              RefreshSessions working = sessions.detached(null, null);
              RefreshSessions.Rotated rotated = working.start(account.username(), now, ttlS);
              return signIn(working, account, rotated)
                  .compose(
                      signed -> {
                        RefreshSessions.Snapshot family = working.snapshot(rotated.familyId());
                        return sharedSessions.update(
                            rotated.familyId(),
                            text ->
                                text == null
                                    ? Future.succeededFuture(
                                        new ClusterSessions.Change<>(family, signed))
                                    : Future.failedFuture(
                                        BusException.internal("session id taken; log in again")));
                      });
            });
  }

  /**
   * The working copy of family {@code familyId} as the cluster's {@code text} has it; an empty one
   * when the text is not a family (logged: another member wrote something else).
   */
  private RefreshSessions workingCopy(String familyId, String text) {
    try {
      return sessions.detached(familyId, text);
    } catch (IllegalArgumentException e) {
      log.warn(
          "refresh session {} in the cluster is not a family ({}); its tokens are refused",
          familyId,
          e.getMessage());
      return sessions.detached(familyId, null);
    }
  }

  /**
   * Issues a stand-alone access token (no refresh token) for {@code account}, with at most the
   * permissions it holds (each requested one must be covered by a grant of the account, see {@link
   * PermissionRules#covers}).
   */
  public Future<IssuedAccessToken> issue(
      Account account, List<String> permissions, Long ttlS, String actor) {
    if (ttlS != null && ttlS > MAX_ISSUE_TTL_S) {
      return Future.failedFuture(
          BusException.badRequest("ttl_s: at most " + MAX_ISSUE_TTL_S + ", got " + ttlS));
    }
    List<String> granted = permissions == null ? account.permissions() : permissions;
    for (int i = 0; i < granted.size(); i++) {
      boolean covered;
      try {
        covered = PermissionRules.covers(account.permissions(), granted.get(i));
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(
            BusException.badRequest("permissions[" + i + "]: " + e.getMessage()));
      }
      if (!covered) {
        return Future.failedFuture(
            BusException.forbidden(
                "permissions["
                    + i
                    + "]: "
                    + account.username()
                    + " does not hold \""
                    + granted.get(i)
                    + "\""));
      }
    }
    Duration ttl = ttlS == null ? settings().accessTtl() : Duration.ofSeconds(ttlS);
    return sign(account, granted, ttl, null)
        .compose(
            issued ->
                audit
                    .record(
                        "token_issued",
                        new JsonObject()
                            .put("user", account.username())
                            .put("jti", issued.jti())
                            .put("expires_at", issued.expiresAtS())
                            .put("permissions", new JsonArray(granted))
                            .put("actor", actor == null ? "bus" : actor))
                    .map(new IssuedAccessToken(issued.token(), ttl.toSeconds(), issued.jti())));
  }

  private java.util.function.Consumer<String> reuseDetected = sourceIp -> {};

  /**
   * Called with the presenting address whenever a spent refresh token comes back (its session is
   * then revoked).
   */
  public void onReuseDetected(java.util.function.Consumer<String> listener) {
    reuseDetected = listener;
  }

  /**
   * What presenting a refresh token came to, before it is audited: a refusal; a rotation whose user
   * can no longer sign in ({@code accountGone}: the session was revoked, these access tokens with
   * it); or a rotation and the access token signed in it.
   */
  private record Refreshed(
      RefreshSessions.Outcome outcome,
      Map<String, Long> accountGone,
      Account account,
      Signed signed) {

    /** Whether the family changed: rotated, or revoked by a reuse. */
    boolean changed() {
      return outcome instanceof RefreshSessions.Rotated
          || outcome instanceof RefreshSessions.Refused refused
              && refused.why() == RefreshSessions.Refusal.REUSE;
    }
  }

  /** Rotates a refresh token; reuse of a spent one revokes its whole session. */
  public Future<TokenPair> refresh(String refreshToken, String sourceIp, Accounts accounts) {
    long now = clock.instant().getEpochSecond();
    String familyId = RefreshSessions.familyOf(refreshToken);
    Future<Refreshed> decided;
    if (sharedSessions == null || familyId == null) {
      decided =
          decideRefresh(sessions, refreshToken, now, accounts)
              .onSuccess(
                  refreshed -> {
                    if (refreshed.signed() != null) {
                      sessionsSave.changed();
                    }
                  });
    } else {
      decided =
          sharedSessions.update(
              familyId,
              text -> {
                RefreshSessions working = workingCopy(familyId, text);
                return decideRefresh(working, refreshToken, now, accounts)
                    .map(
                        refreshed ->
                            new ClusterSessions.Change<>(
                                refreshed.changed() ? working.snapshot(familyId) : null,
                                refreshed));
              });
    }
    return decided.compose(refreshed -> refreshed(refreshed, familyId, sourceIp));
  }

  /**
   * Decides a refresh on {@code working}: this node's sessions, or a copy of the cluster's family.
   */
  private Future<Refreshed> decideRefresh(
      RefreshSessions working, String refreshToken, long now, Accounts accounts) {
    RefreshSessions.Outcome outcome =
        working.use(refreshToken, now, settings().refreshTtl().toSeconds());
    if (outcome instanceof RefreshSessions.Refused) {
      return Future.succeededFuture(new Refreshed(outcome, null, null, null));
    }
    RefreshSessions.Rotated rotated = (RefreshSessions.Rotated) outcome;
    Account account = accounts.find(rotated.user());
    if (account == null || !account.enabled()) {
      return Future.succeededFuture(
          new Refreshed(outcome, working.revokeFamily(rotated.familyId(), now), account, null));
    }
    return signIn(working, account, rotated)
        .map(signed -> new Refreshed(outcome, null, account, signed));
  }

  private Future<TokenPair> refreshed(Refreshed refreshed, String familyId, String sourceIp) {
    if (refreshed.outcome() instanceof RefreshSessions.Refused refused) {
      refused.revokedJtis().forEach(revocations::revoke);
      JsonObject entry =
          new JsonObject().put("reason", refused.reason()).put("source_ip", sourceIp);
      if (refused.user() != null) {
        entry.put("user", refused.user()).put("sid", familyId);
      }
      if (!refused.revokedJtis().isEmpty()) {
        entry.put("revoked_jtis", new JsonArray(List.copyOf(refused.revokedJtis().keySet())));
      }
      boolean revoking =
          !refused.revokedJtis().isEmpty() || refused.why() == RefreshSessions.Refusal.REUSE;
      if (refused.why() == RefreshSessions.Refusal.REUSE) {
        reuseDetected.accept(sourceIp);
      }
      return (revoking
              ? persistRevocation("the revocation of the session")
              : Future.<Void>succeededFuture())
          .compose(v -> audit.record(revoking ? "session_revoked" : "token_refresh_refused", entry))
          .compose(
              v ->
                  Future.failedFuture(
                      BusException.unauthenticated("refresh token rejected: " + refused.reason())));
    }
    if (refreshed.accountGone() != null) {
      refreshed.accountGone().forEach(revocations::revoke);
      return persistRevocation("the revocation of the session")
          .compose(
              v ->
                  Future.failedFuture(
                      BusException.unauthenticated(
                          "refresh token rejected: user disabled or removed")));
    }
    return audited(refreshed.account(), refreshed.signed(), "token_refreshed", sourceIp);
  }

  /**
   * Revokes family {@code familyId} — in the cluster when there is one; returns the access tokens
   * to revoke.
   */
  private Future<Map<String, Long>> revokeFamily(String familyId, long now) {
    if (sharedSessions == null) {
      return Future.succeededFuture(sessions.revokeFamily(familyId, now));
    }
    return sharedSessions.update(
        familyId,
        text -> {
          RefreshSessions working = workingCopy(familyId, text);
          if (!working.holds(familyId)) {
            return Future.succeededFuture(ClusterSessions.Change.none(Map.<String, Long>of()));
          }
          Map<String, Long> jtis = working.revokeFamily(familyId, now);
          return Future.succeededFuture(
              new ClusterSessions.Change<>(working.snapshot(familyId), jtis));
        });
  }

  /**
   * Revokes the family of {@code refreshToken} (a logout) — in the cluster when there is one;
   * returns the access tokens to revoke, {@code null} when the token is not a live session's.
   */
  private Future<Map<String, Long>> revokeByToken(String refreshToken, long now) {
    String familyId = RefreshSessions.familyOf(refreshToken);
    if (sharedSessions == null || familyId == null) {
      return Future.succeededFuture(sessions.revokeByToken(refreshToken, now));
    }
    return sharedSessions.update(
        familyId,
        text -> {
          RefreshSessions working = workingCopy(familyId, text);
          Map<String, Long> jtis = working.revokeByToken(refreshToken, now);
          return Future.succeededFuture(
              jtis == null
                  ? ClusterSessions.Change.<Map<String, Long>>none(null)
                  : new ClusterSessions.Change<>(working.snapshot(familyId), jtis));
        });
  }

  /**
   * Revokes an access token (and its session), a refresh token's session, or a token id; replies
   * {@code {revoked: [jti...], sessions: n}}.
   */
  public Future<JsonObject> revoke(TokenRevoke request) {
    long now = clock.instant().getEpochSecond();
    JsonObject entry =
        new JsonObject().put("actor", request.actor() == null ? "bus" : request.actor());
    Future<Map<String, Long>> revoking;
    int sessionCount = 0;
    if (request.jti() != null) {
      revoking =
          Future.succeededFuture(
              Map.of(request.jti(), now + MAX_ISSUE_TTL_S + settings().leewayS()));
    } else if (RefreshSessions.looksLikeRefreshToken(request.token())) {
      revoking =
          revokeByToken(request.token(), now)
              .compose(
                  jtis ->
                      jtis == null
                          ? Future.failedFuture(
                              BusException.notFound("token: no such refresh token or session"))
                          : Future.succeededFuture(jtis));
      sessionCount = 1;
      entry.put("sid", RefreshSessions.familyOf(request.token()));
    } else {
      JsonObject claims;
      try {
        claims = tokens.genuineClaims(request.token());
      } catch (TokenRejectedException e) {
        return Future.failedFuture(BusException.badRequest("token: " + e.getMessage()));
      }
      Map<String, Long> jtis =
          new java.util.HashMap<>(Map.of(claims.getString("jti", ""), claims.getLong("exp", now)));
      String sid = claims.getString("sid");
      if (sid != null) {
        revoking =
            revokeFamily(sid, now)
                .map(
                    family -> {
                      jtis.putAll(family);
                      return jtis;
                    });
        sessionCount = 1;
        entry.put("sid", sid);
      } else {
        revoking = Future.succeededFuture(jtis);
      }
      entry.put("user", claims.getString("sub"));
    }
    int sessionsRevoked = sessionCount;
    return revoking.compose(
        jtis -> {
          jtis.forEach(revocations::revoke);
          JsonArray revoked = new JsonArray(List.copyOf(jtis.keySet()));
          entry.put("revoked_jtis", revoked);
          return persistRevocation("the revocation")
              .compose(v -> audit.record("token_revoked", entry))
              .map(v -> new JsonObject().put("revoked", revoked).put("sessions", sessionsRevoked));
        });
  }

  /**
   * Verifies an access token: every check of {@link TokenService#verify} (signature, lifetime,
   * revocation); fails with a {@link TokenRejectedException}. Whether its user may still use it is
   * {@link io.antbot.security.AccessControl}'s decision.
   */
  public Future<Principal> verify(String token) {
    return Completed.map(tokens.verify(token), TokenService.Verified::principal);
  }

  /**
   * Ends every session of {@code user} and revokes the access tokens they produced (password
   * change, disabling).
   */
  public Future<Void> endSessionsOf(String user) {
    long now = clock.instant().getEpochSecond();
    Future<Map<String, Long>> ending;
    if (sharedSessions == null) {
      ending = Future.succeededFuture(sessions.revokeUser(user, now));
    } else {
      List<Future<Map<String, Long>>> families =
          sessions.familiesOf(user).stream().map(id -> revokeFamily(id, now)).toList();
      ending =
          Future.all(families)
              .map(
                  all -> {
                    Map<String, Long> jtis = new java.util.HashMap<>();
                    families.forEach(family -> jtis.putAll(family.result()));
                    return jtis;
                  });
    }
    return ending.compose(
        jtis -> {
          if (jtis.isEmpty()) {
            return sessionsSave.flush();
          }
          jtis.forEach(revocations::revoke);
          return persistRevocation("the end of " + user + "'s sessions")
              .compose(
                  v ->
                      audit.record(
                          "session_revoked",
                          new JsonObject()
                              .put("user", user)
                              .put("reason", "credentials changed")
                              .put("revoked_jtis", new JsonArray(List.copyOf(jtis.keySet())))));
        });
  }

  /**
   * Makes a new signing key of the configured algorithm; older keys keep verifying until their
   * tokens expire.
   */
  public Future<String> rotateKeys(String actor, String reason) {
    JwtSettings settings = settings();
    Instant now = clock.instant();
    return vertx
        .executeBlocking(
            () -> JwtKey.generate(settings.algorithm(), settings.rsaBits(), now), false)
        .compose(
            fresh -> {
              String previous = tokens.keys().signingKey().kid();
              JwtKeyRing ring = tokens.keys().rotate(fresh, now);
              return files
                  .run(
                      () -> {
                        keyFiles.saveJwt(ring);
                        return null;
                      })
                  .compose(
                      v -> {
                        tokens.useKeys(ring);
                        log.info(
                            "JWT signing key rotated: {} replaces {} ({})",
                            fresh.kid(),
                            previous,
                            reason);
                        return audit.record(
                            "key_rotated",
                            new JsonObject()
                                .put("kind", "jwt")
                                .put("key_id", fresh.kid())
                                .put("alg", fresh.alg())
                                .put("previous_key_id", previous)
                                .put("reason", reason)
                                .put("actor", actor == null ? "bus" : actor));
                      })
                  .map(fresh.kid());
            });
  }

  /**
   * Periodic upkeep: rotates the signing key when older than {@code rotation_days}, drops retired
   * keys no token can need, and forgets expired revocations and sessions.
   */
  public Future<Void> maintain() {
    Instant now = clock.instant();
    JwtSettings settings = settings();
    boolean due = tokens.keys().signingKeyOlderThan(settings.rotationAge(), now);
    if (due && keysFromOperator && !rotationDueLogged) {
      rotationDueLogged = true;
      log.warn(
          "the JWT signing key is older than security.jwt.rotation_days ({}); in a cluster the"
              + " operator rotates the keys of every core node (docs/cluster.md, Keys)",
          settings.rotationAge().toDays());
    }
    Future<?> rotation =
        due && !keysFromOperator
            ? rotateKeys("maintenance", "older than " + settings.rotationAge().toDays() + " days")
            : Future.succeededFuture();
    return rotation.compose(
        v -> {
          JwtKeyRing pruned =
              tokens
                  .keys()
                  .prune(now, settings.retiredKeyLifetime(Duration.ofSeconds(MAX_ISSUE_TTL_S)));
          Future<Void> keys = Future.succeededFuture();
          if (pruned != tokens.keys()) {
            tokens.useKeys(pruned);
            keys =
                files.run(
                    () -> {
                      keyFiles.saveJwt(pruned);
                      return null;
                    });
          }
          long nowS = now.getEpochSecond();
          int revokedDropped = revocations.prune(nowS, settings.leewayS());
          int sessionsDropped = sessions.prune(nowS);
          Future<Void> state =
              Future.all(
                      sessionsDropped == 0 ? Future.succeededFuture() : sessionsSave.flush(),
                      revokedDropped == 0 ? Future.succeededFuture() : saveRevocations())
                  .mapEmpty();
          return Future.all(keys, state).mapEmpty();
        });
  }

  /**
   * In a cluster every core node holds the same keys, which the operator gives them: a signing key
   * made by one node alone would make its tokens unreadable to the others, so this node no longer
   * rotates its key when it gets old (it says so once).
   */
  public void keysFromOperator() {
    keysFromOperator = true;
  }

  public int sessionCount() {
    return sessions.size();
  }

  public int revokedCount() {
    return revocations.size();
  }

  private Future<IssuedToken> sign(
      Account account, List<String> permissions, Duration ttl, String sessionId) {
    if (JwtAlgorithms.isHmac(tokens.keys().signingKey().alg())) {
      return Future.succeededFuture(
          tokens.sign(account.username(), account.roles(), permissions, ttl, sessionId));
    }
    TokenService signer = tokens;
    return files.run(
        () -> signer.sign(account.username(), account.roles(), permissions, ttl, sessionId));
  }

  /**
   * Writes what is not yet saved of the sessions; completes when it is on disk (the service's
   * stop).
   */
  public Future<Void> close() {
    return sessionsSave.close();
  }

  /** Writes of {@value #SESSIONS_FILE} started since the service was loaded. */
  public long sessionWrites() {
    return sessionsSave.writes();
  }

  /**
   * Both files, before a revocation is acknowledged; a 503 when the disk refuses them. The
   * revocation is in force in memory either way (refusing a token that was asked to be refused errs
   * on the safe side), and the sessions' part is retried until it is saved.
   */
  /**
   * Shares the revocations with the cluster's other core nodes from now on (cluster mode): each
   * revocation is acknowledged once the cluster holds it, and theirs are taken here and saved.
   */
  public Future<Void> shareWith(ClusterRevocations cluster) {
    Context context = vertx.getOrCreateContext();
    this.cluster = cluster;
    this.clusterContext = context;
    revocations.share();
    return cluster.join(
        vertx,
        context,
        revocations,
        (jti, exp) -> {
          if (revocations.accept(jti, exp) && !remoteSavePending) {
            remoteSavePending = true;
            vertx.setTimer(
                200,
                id -> {
                  remoteSavePending = false;
                  saveRevocations()
                      .onFailure(
                          failure ->
                              log.error(
                                  "revocations from other nodes could not be saved: {}",
                                  failure.toString()));
                });
          }
        });
  }

  /**
   * Shares the refresh-token families with the cluster's other core nodes from now on (cluster
   * mode): each change of a family is decided on the cluster's copy and acknowledged once the
   * cluster holds it; this node's copy follows the cluster's and is saved as {@value
   * #SESSIONS_FILE}.
   */
  public Future<Void> shareWith(ClusterSessions shared) {
    this.sharedSessions = shared;
    return shared.join(vertx, vertx.getOrCreateContext(), sessions, sessionsSave::changed);
  }

  /** Stops following the cluster's revocations and sessions. */
  public void leaveCluster() {
    if (cluster != null) {
      cluster.leave();
    }
    if (sharedSessions != null) {
      sharedSessions.leave();
    }
  }

  private Future<Void> shareRevocations() {
    if (cluster == null) {
      return Future.succeededFuture();
    }
    return cluster.publish(clusterContext, revocations.takeUnshared());
  }

  private Future<Void> persistRevocation(String what) {
    return Future.all(sessionsSave.flush(), saveRevocations(), shareRevocations())
        .<Void>mapEmpty()
        .recover(
            failure -> {
              log.error("{} could not be saved: {}", what, failure.toString());
              return Future.failedFuture(
                  BusException.notReady(
                      "storage unavailable: " + what + " is in force but could not be saved"));
            });
  }

  /**
   * Each write of the sessions reports here. A full disk must not lock everyone out: logins and
   * refreshes go on from memory (a session is lost only if the process stops before a later write
   * succeeds, and writes are retried every {@value #SESSIONS_RETRY_MS} ms), a critical alert fires
   * once, and it resolves at the first write that succeeds.
   */
  private void sessionsSaved(Throwable failure) {
    if (failure == null) {
      if (storageDegraded) {
        storageDegraded = false;
        log.info("sessions are saved again");
        storageAlert("resolved", "sessions are saved again");
      }
    } else if (!storageDegraded) {
      storageDegraded = true;
      log.error("sessions could not be saved; logins go on from memory: {}", failure.toString());
      storageAlert(
          "firing", "sessions cannot be saved (" + SESSIONS_FILE + "); logins go on from memory");
    }
  }

  private void storageAlert(String state, String message) {
    vertx
        .eventBus()
        .publish(
            Addresses.ALERTS,
            new JsonObject()
                .put("id", "security:session_storage")
                .put("source", "security")
                .put("name", "session_storage_unavailable")
                .put("severity", "critical")
                .put("state", state)
                .put("message", message)
                .put("at", clock.instant().toString()));
  }

  private Future<Void> saveRevocations() {
    return save(REVOKED_FILE, revocations.toJson());
  }

  private Future<Void> save(String name, JsonObject snapshot) {
    Path file = stateDir.resolve(name);
    return files.run(
        () -> {
          SecureFiles.writeAtomically(
              file, snapshot.encode().getBytes(StandardCharsets.UTF_8), SecureFiles.OWNER_ONLY);
          return null;
        });
  }
}
