package io.antbot.security.user;

import io.antbot.bus.BusException;
import io.antbot.bus.FailureCode;
import io.antbot.bus.UserAdd;
import io.antbot.bus.UserUpdate;
import io.antbot.security.audit.AuditTrail;
import io.antbot.security.authz.PermissionRules;
import io.antbot.security.crypto.StrictBase64;
import io.antbot.security.password.BcryptHasher;
import io.antbot.security.password.PasswordException;
import io.antbot.security.storage.FileWorker;
import io.antbot.security.storage.KeyFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts: login checks, account changes, the first {@code admin}, and password hashing for
 * callers.
 *
 * <p>bcrypt runs on Vert.x worker threads (in parallel), file writes on the {@link FileWorker} (in
 * order); the store itself is only touched on the event loop. A login for an unknown user costs the
 * same bcrypt work as one for a known user, and every failed login gets the same reply, so the
 * reply does not reveal which names exist. A successful login whose hash was made at a lower cost
 * than {@code security.bcrypt_cost} re-hashes it.
 */
public final class AccountService {

  private static final Logger log = LoggerFactory.getLogger(AccountService.class);

  /** The one reply to every failed login. */
  public static final String LOGIN_FAILED = "invalid username or password";

  /** The environment variable that sets the first admin's password. */
  public static final String ADMIN_PASSWORD_ENV = "ANTBOT_ADMIN_PASSWORD";

  public static final String ADMIN = "admin";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final FileWorker files;
  private final Path usersFile;
  private final AuditTrail audit;
  private final Clock clock;
  private volatile UserStore store = new UserStore();
  private ClusterUsers cluster;
  private io.vertx.core.Context clusterContext;
  private boolean remoteSavePending;
  private FileTime knownModified;

  /** The highest cost a verify request may ask for even when the configured cost is lower. */
  private static final int DEFAULT_VERIFY_COST_CEILING = 12;

  private int bcryptCost;
  private int passwordMinLength;
  private PermissionRules rules;

  /**
   * Bcrypt hashes of random bytes, by cost: a login for an unknown user is checked against the one
   * at the cost of a stored user picked at random, so that unknown names cost what known ones do —
   * also after a cost raise, while the stored hashes are still at the old cost until their users
   * log in — and the answer time does not tell which user names exist. They are made ahead for
   * every cost in use (the stored hashes' and the configured one) whenever that set changes, so an
   * unknown name's login never pays for making one (which would double its time). They are made in
   * the background, not awaited by {@link #load}: one costs a bcrypt hash (a quarter of a second at
   * cost 12), which the start would otherwise wait for; a login that comes while one is being made
   * waits for that one rather than starting a second.
   */
  private final Map<Integer, Future<String>> equalisers =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Consumer<String> credentialsChanged = user -> {};
  private Consumer<String> unlockRequested = user -> {};
  private boolean loaded;

  public AccountService(
      Vertx vertx, FileWorker files, Path usersFile, AuditTrail audit, Clock clock) {
    this.vertx = vertx;
    this.files = files;
    this.usersFile = usersFile;
    this.audit = audit;
    this.clock = clock;
  }

  /** Called with a username whose password changed or who was disabled (to end their sessions). */
  public void onCredentialsChanged(Consumer<String> listener) {
    this.credentialsChanged = listener;
  }

  /**
   * Called with a username the command line asked to unlock ({@code user unlock}), when the store
   * is reloaded.
   */
  public void onUnlockRequested(Consumer<String> listener) {
    this.unlockRequested = listener;
  }

  /** Applies live settings. */
  public void configure(int bcryptCost, int passwordMinLength, PermissionRules rules) {
    boolean costChanged = this.bcryptCost != bcryptCost;
    this.bcryptCost = bcryptCost;
    this.passwordMinLength = passwordMinLength;
    this.rules = rules;
    if (costChanged && loaded) {
      prepareEqualisers();
    }
  }

  /**
   * Loads the store; on first start (no file) creates {@code admin} with {@code
   * ANTBOT_ADMIN_PASSWORD} from {@code env}, or with a generated password written to {@code keys}'
   * {@value KeyFiles#ADMIN_PASSWORD} file.
   */
  public Future<Void> load(Map<String, String> env, KeyFiles keys) {
    return files
        .run(
            () -> {
              UserStore loaded = UserStore.load(usersFile);
              knownModified = loaded == null ? null : Files.getLastModifiedTime(usersFile);
              return loaded;
            })
        .compose(
            loaded -> {
              if (loaded != null) {
                store = loaded;
                log.info("{} users loaded from {}", store.all().size(), usersFile);
                return Future.succeededFuture();
              }
              if (cluster == null) {
                return createFirstAdmin(env, keys);
              }
              // A node new to the cluster takes the cluster's accounts rather than making an admin.
              return vertx
                  .executeBlocking(cluster::all, false)
                  .compose(
                      users -> {
                        if (users.isEmpty()) {
                          return createFirstAdmin(env, keys);
                        }
                        users.forEach(store::put);
                        log.info("{} users taken from the cluster", users.size());
                        return save();
                      });
            })
        .compose(
            v ->
                cluster == null
                    ? Future.<Void>succeededFuture()
                    : cluster.join(
                        vertx, clusterContext, List.copyOf(store.all()), this::acceptRemote))
        .compose(
            v -> {
              loaded = true;
              prepareEqualisers();
              return Future.<Void>succeededFuture();
            });
  }

  /**
   * Shares the accounts with the cluster's other core nodes (cluster mode); call before {@link
   * #load}.
   */
  public void shareWith(ClusterUsers cluster) {
    this.cluster = cluster;
    this.clusterContext = vertx.getOrCreateContext();
  }

  /** Stops following the cluster's accounts. */
  public void leaveCluster() {
    if (cluster != null) {
      cluster.leave();
    }
  }

  /**
   * An account as another node made it (or as the cluster had it at this node's start): taken here
   * and saved; a changed password or a disabling ends the user's sessions on this node as well.
   */
  private void acceptRemote(User remote) {
    User local = store.get(remote.username());
    if (remote.equals(local)) {
      return;
    }
    store.put(remote);
    if (local != null
        && (!local.passwordHash().equals(remote.passwordHash())
            || (local.enabled() && !remote.enabled()))) {
      credentialsChanged.accept(remote.username());
    }
    if (!remoteSavePending) {
      remoteSavePending = true;
      vertx.setTimer(
          200,
          id -> {
            remoteSavePending = false;
            save()
                .onFailure(
                    failure ->
                        log.error(
                            "accounts from other nodes could not be saved: {}",
                            failure.toString()));
          });
    }
  }

  /**
   * Hands the account {@code username} to the cluster (cluster mode); acknowledged once a backup
   * holds it and the other core nodes have taken it.
   */
  private Future<Void> share(String username) {
    User user = store.get(username);
    return cluster == null || user == null
        ? Future.succeededFuture()
        : cluster.publish(clusterContext, user);
  }

  private Future<Void> createFirstAdmin(Map<String, String> env, KeyFiles keys) {
    String fromEnv = env.get(ADMIN_PASSWORD_ENV);
    boolean generated = fromEnv == null || fromEnv.isEmpty();
    String password = generated ? generatePassword() : fromEnv;
    if (!generated) {
      try {
        checkPolicy(password);
      } catch (BusException e) {
        // The first admin meets the same policy as every other account: a weak one would guard
        // everything.
        return Future.failedFuture(
            ADMIN_PASSWORD_ENV + ": " + e.getMessage().replaceFirst("^password: ", ""));
      }
    }
    byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
    return vertx
        .executeBlocking(() -> BcryptHasher.hash(bytes, bcryptCost), false)
        .recover(failure -> Future.failedFuture(ADMIN_PASSWORD_ENV + ": " + failure.getMessage()))
        .compose(
            hash -> {
              Instant now = clock.instant();
              store.put(new User(ADMIN, hash, List.of(ADMIN), true, now, now));
              Future<Path> written =
                  generated
                      ? files.run(() -> keys.writeAdminPassword(password))
                      : Future.succeededFuture(null);
              return written.compose(
                  file -> {
                    if (file == null) {
                      log.info("created user admin with the password from {}", ADMIN_PASSWORD_ENV);
                    } else {
                      log.warn(
                          "created user admin with a generated password, stored in {} (owner-only): log in, change it, "
                              + "then delete the file",
                          file);
                    }
                    return save()
                        .compose(
                            v ->
                                audit.record(
                                    "user_added",
                                    new JsonObject()
                                        .put("user", ADMIN)
                                        .put("roles", new JsonArray().add(ADMIN))
                                        .put("actor", "first-start")
                                        .put(
                                            "password_source",
                                            generated ? "generated" : ADMIN_PASSWORD_ENV)));
                  });
            });
  }

  private static String generatePassword() {
    byte[] random = new byte[18];
    RANDOM.nextBytes(random);
    return StrictBase64.encodeUrlUnpadded(random);
  }

  /**
   * The cost an unknown user's login is made to spend: that of a stored user's hash, picked at
   * random.
   */
  int equaliserCost() {
    List<User> all = users();
    if (all.isEmpty()) {
      return bcryptCost;
    }
    try {
      return BcryptHasher.costOf(all.get(RANDOM.nextInt(all.size())).passwordHash());
    } catch (PasswordException e) {
      return bcryptCost;
    }
  }

  /**
   * Makes the equaliser hash of every cost a login can meet now — each stored hash's and the
   * configured one — and forgets those of costs no longer in use.
   */
  private Future<Void> prepareEqualisers() {
    Set<Integer> costs = new TreeSet<>();
    costs.add(bcryptCost);
    for (User user : store.all()) {
      try {
        costs.add(BcryptHasher.costOf(user.passwordHash()));
      } catch (PasswordException e) {
        // A malformed stored hash fails its own logins; it sets no cost to match.
      }
    }
    equalisers.keySet().retainAll(costs);
    return Future.all(costs.stream().map(this::equaliserHash).toList())
        .<Void>mapEmpty()
        .onFailure(
            failure -> log.warn("equaliser hashes could not be made: {}", failure.toString()));
  }

  /** The costs whose equaliser hash is ready (for tests). */
  Set<Integer> equaliserCosts() {
    Set<Integer> ready = new TreeSet<>();
    equalisers.forEach(
        (cost, hash) -> {
          if (hash.succeeded()) {
            ready.add(cost);
          }
        });
    return ready;
  }

  /** The equaliser hash of {@code cost}: the one made or being made, else a new one. */
  private Future<String> equaliserHash(int cost) {
    return equalisers.computeIfAbsent(cost, this::newEqualiserHash);
  }

  private Future<String> newEqualiserHash(int cost) {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    Future<String> hash = vertx.executeBlocking(() -> BcryptHasher.hash(random, cost), false);
    // A failed one is forgotten, so that the next login or cost change makes it again.
    hash.onFailure(e -> equalisers.remove(cost, hash));
    return hash;
  }

  public User user(String username) {
    return store.get(username);
  }

  public List<User> users() {
    return new ArrayList<>(store.all());
  }

  /**
   * Checks a login; completes with the user, or fails with 401 {@value #LOGIN_FAILED} whatever the
   * cause (the audit entry records the real one). Re-hashes a hash below the configured cost after
   * a success.
   */
  public Future<User> login(String username, byte[] password, String sourceIp) {
    User user = store.get(username);
    Future<String> against =
        user != null ? Future.succeededFuture(user.passwordHash()) : equaliserHash(equaliserCost());
    return against
        .compose(hash -> vertx.executeBlocking(() -> verifyQuietly(password, hash), false))
        .compose(
            matches -> {
              String reason =
                  user == null
                      ? "unknown user"
                      : !matches ? "wrong password" : !user.enabled() ? "user disabled" : null;
              if (reason != null) {
                return audit
                    .record(
                        "login_failed",
                        new JsonObject()
                            .put("user", username)
                            .put("source_ip", sourceIp)
                            .put("reason", reason))
                    .compose(v -> Future.failedFuture(BusException.unauthenticated(LOGIN_FAILED)));
              }
              return rehashIfWeak(user, password).map(user);
            });
  }

  private static boolean verifyQuietly(byte[] password, String hash) {
    try {
      return BcryptHasher.verify(password, hash);
    } catch (PasswordException e) {
      return false;
    }
  }

  private Future<Void> rehashIfWeak(User user, byte[] password) {
    int cost;
    try {
      cost = BcryptHasher.costOf(user.passwordHash());
    } catch (PasswordException e) {
      return Future.succeededFuture();
    }
    int target = bcryptCost;
    if (cost >= target) {
      return Future.succeededFuture();
    }
    return vertx
        .executeBlocking(() -> BcryptHasher.hash(password, target), false)
        .compose(
            hash -> {
              User current = store.get(user.username());
              if (current == null || !current.passwordHash().equals(user.passwordHash())) {
                return Future.succeededFuture();
              }
              store.put(current.withPassword(hash, clock.instant()));
              prepareEqualisers();
              return save()
                  .compose(
                      v ->
                          audit.record(
                              "password_rehashed",
                              new JsonObject()
                                  .put("user", user.username())
                                  .put("from_cost", cost)
                                  .put("to_cost", target)));
            })
        .recover(
            failure -> {
              log.warn(
                  "re-hashing the password of {} failed: {}", user.username(), failure.toString());
              return Future.succeededFuture();
            });
  }

  /** Adds an account; 409 when the name is taken. */
  public Future<User> add(UserAdd request) {
    if (!UserStore.isValidUsername(request.username())) {
      return Future.failedFuture(
          BusException.badRequest("username: expected " + UserStore.usernameRule()));
    }
    try {
      checkRoles(request.roles());
      checkPolicy(request.password());
    } catch (BusException e) {
      return Future.failedFuture(e);
    }
    if (store.get(request.username()) != null) {
      return Future.failedFuture(
          BusException.conflict("username: " + request.username() + " already exists"));
    }
    return hash(request.password())
        .compose(
            hash -> {
              if (store.get(request.username()) != null) {
                return Future.failedFuture(
                    BusException.conflict("username: " + request.username() + " already exists"));
              }
              Instant now = clock.instant();
              User user =
                  new User(request.username(), hash, request.roles(), request.enabled(), now, now);
              store.put(user);
              return saveOrTakeBack(user.username(), null)
                  .compose(
                      v ->
                          audit.record(
                              "user_added",
                              new JsonObject()
                                  .put("user", user.username())
                                  .put("roles", new JsonArray(user.roles()))
                                  .put("enabled", user.enabled())
                                  .put("actor", actor(request.actor()))))
                  .map(user);
            });
  }

  /** Changes password, roles and/or enabled flag; 404 for an unknown user. */
  public Future<User> update(UserUpdate request) {
    if (store.get(request.username()) == null) {
      return Future.failedFuture(BusException.notFound("username: no user " + request.username()));
    }
    try {
      if (request.roles() != null) {
        checkRoles(request.roles());
      }
      if (request.password() != null) {
        checkPolicy(request.password());
      }
    } catch (BusException e) {
      return Future.failedFuture(e);
    }
    Future<String> hash =
        request.password() == null ? Future.succeededFuture(null) : hash(request.password());
    return hash.compose(
        newHash -> {
          User user = store.get(request.username());
          if (user == null) {
            return Future.failedFuture(
                BusException.notFound("username: no user " + request.username()));
          }
          Instant now = clock.instant();
          JsonArray changed = new JsonArray();
          if (newHash != null) {
            user = user.withPassword(newHash, now);
            changed.add("password");
          }
          if (request.roles() != null) {
            user = user.withRoles(request.roles(), now);
            changed.add("roles");
          }
          if (request.enabled() != null) {
            user = user.withEnabled(request.enabled(), now);
            changed.add("enabled");
          }
          User previous = store.get(request.username());
          store.put(user);
          User updated = user;
          if (newHash != null || Boolean.FALSE.equals(request.enabled())) {
            credentialsChanged.accept(updated.username());
          }
          return saveOrTakeBack(updated.username(), previous)
              .compose(
                  v ->
                      audit.record(
                          "user_updated",
                          new JsonObject()
                              .put("user", updated.username())
                              .put("changed", changed)
                              .put("roles", new JsonArray(updated.roles()))
                              .put("enabled", updated.enabled())
                              .put("actor", actor(request.actor()))))
              .map(updated);
        });
  }

  /**
   * Saves the store after a change to {@code username}; when the file cannot be written (a full
   * disk, a broken directory), the change is taken back — {@code previous} restored, or the new
   * user forgotten — and the caller gets a 503: what is refused is not applied, and an unrelated
   * later save cannot persist it behind the caller's back.
   */
  private Future<Void> saveOrTakeBack(String username, User previous) {
    return share(username)
        .compose(v -> save())
        .recover(
            failure -> {
              if (previous == null) {
                store.remove(username);
              } else {
                store.put(previous);
              }
              log.error(
                  "the user store could not be saved; the change to {} was taken back: {}",
                  username,
                  failure.toString());
              return Future.failedFuture(
                  new BusException(
                      FailureCode.NOT_READY,
                      "storage unavailable: the change to " + username + " was not applied"));
            });
  }

  /** A new bcrypt hash of {@code password} at the configured cost, on a worker. */
  public Future<String> hash(String password) {
    byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
    int cost = bcryptCost;
    return vertx
        .executeBlocking(() -> BcryptHasher.hash(bytes, cost), false)
        .recover(
            failure ->
                Future.failedFuture(
                    failure instanceof PasswordException
                        ? BusException.badRequest(failure.getMessage())
                        : failure));
  }

  /**
   * Whether {@code password} matches {@code hash}, on a worker; 400 for a malformed hash or a
   * too-long password.
   */
  public Future<Boolean> verify(String password, String hash) {
    byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
    int cost;
    try {
      cost = BcryptHasher.costOf(hash);
    } catch (PasswordException e) {
      return Future.failedFuture(BusException.badRequest(e.getMessage()));
    }
    // A caller may not make the service spend more than a login costs: each step of the cost
    // doubles the work.
    if (cost > Math.max(bcryptCost, DEFAULT_VERIFY_COST_CEILING)) {
      return Future.failedFuture(
          BusException.badRequest(
              "hash: bcrypt cost "
                  + cost
                  + " is above the highest this "
                  + "service verifies ("
                  + Math.max(bcryptCost, DEFAULT_VERIFY_COST_CEILING)
                  + ", security.bcrypt_cost or 12)"));
    }
    return vertx
        .executeBlocking(() -> BcryptHasher.verify(bytes, hash), false)
        .recover(
            failure ->
                Future.failedFuture(
                    failure instanceof PasswordException
                        ? BusException.badRequest(failure.getMessage())
                        : failure));
  }

  /**
   * Reloads the store when another process (the command line) changed the file since it was last
   * read or written.
   */
  public Future<Boolean> reloadIfChanged() {
    return files
        .run(
            () -> {
              if (!Files.exists(usersFile)) {
                return null;
              }
              FileTime modified = Files.getLastModifiedTime(usersFile);
              if (modified.equals(knownModified)) {
                return null;
              }
              UserStore loaded = UserStore.load(usersFile);
              knownModified = modified;
              return loaded;
            })
        .map(
            loaded -> {
              if (loaded == null) {
                return false;
              }
              for (User before : store.all()) {
                User after = loaded.get(before.username());
                if (after == null
                    || !after.passwordHash().equals(before.passwordHash())
                    || (before.enabled() && !after.enabled())) {
                  credentialsChanged.accept(before.username());
                }
              }
              for (User after : loaded.all()) {
                User before = store.get(after.username());
                if (after.unlockedAt() != null
                    && (before == null || !after.unlockedAt().equals(before.unlockedAt()))) {
                  unlockRequested.accept(after.username());
                }
              }
              store = loaded;
              log.info(
                  "user store changed on disk; {} users reloaded from {}",
                  store.all().size(),
                  usersFile);
              prepareEqualisers();
              return true;
            });
  }

  private void checkRoles(List<String> roles) {
    for (int i = 0; i < roles.size(); i++) {
      if (!rules.hasRole(roles.get(i))) {
        throw BusException.badRequest(
            "roles["
                + i
                + "]: unknown role \""
                + roles.get(i)
                + "\" (known: "
                + String.join(", ", rules.roleNames())
                + ")");
      }
    }
  }

  private void checkPolicy(String password) {
    int length = password.codePointCount(0, password.length());
    if (length < passwordMinLength) {
      throw BusException.badRequest(
          "password: at least " + passwordMinLength + " characters are required, got " + length);
    }
    int bytes = password.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > BcryptHasher.MAX_PASSWORD_BYTES) {
      throw BusException.badRequest(
          "password: "
              + bytes
              + " bytes is longer than bcrypt's limit of "
              + BcryptHasher.MAX_PASSWORD_BYTES
              + " bytes");
    }
  }

  private Future<Void> save() {
    JsonObject snapshot = store.toJson();
    return files.run(
        () -> {
          UserStore.save(usersFile, snapshot);
          knownModified = Files.getLastModifiedTime(usersFile);
          return null;
        });
  }

  private static String actor(String actor) {
    return actor == null ? "bus" : actor;
  }
}
