package io.antbot.security.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.AuditQuery;
import io.antbot.bus.BusException;
import io.antbot.bus.UserAdd;
import io.antbot.bus.UserUpdate;
import io.antbot.security.audit.AuditTrail;
import io.antbot.security.authz.PermissionRules;
import io.antbot.security.password.BcryptHasher;
import io.antbot.security.storage.FileWorker;
import io.antbot.security.storage.KeyFiles;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountServiceTest {

  @TempDir Path dir;

  private Vertx vertx;
  private FileWorker files;
  private AuditTrail audit;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    files = new FileWorker(vertx, "test-files");
    audit = AuditTrail.open(files, dir.resolve("audit"), false, Clock.systemUTC()).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private AccountService service(int cost) {
    AccountService accounts =
        new AccountService(
            vertx, files, dir.resolve("state").resolve(UserStore.FILE), audit, Clock.systemUTC());
    accounts.configure(cost, 12, PermissionRules.defaultRules());
    return accounts;
  }

  private static String failure(io.vertx.core.Future<?> future) {
    try {
      future.await();
      return "succeeded";
    } catch (Exception e) {
      BusException bus = BusException.from(e);
      return bus.code().code() + " " + bus.getMessage();
    }
  }

  @Test
  @DisplayName(
      "first start without ANTBOT_ADMIN_PASSWORD writes a generated password to an owner-only file")
  void generatedAdminPassword() throws Exception {
    AccountService accounts = service(4);
    KeyFiles keys = new KeyFiles(dir.resolve("keys"));
    accounts.load(Map.of(), keys).await();
    Path file = dir.resolve("keys").resolve(KeyFiles.ADMIN_PASSWORD);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String password = Files.readString(file, StandardCharsets.UTF_8).trim();
    assertThat(password).hasSizeGreaterThanOrEqualTo(24);
    assertThat(
            accounts
                .login("admin", password.getBytes(StandardCharsets.UTF_8), "127.0.0.1")
                .await()
                .roles())
        .containsExactly("admin");
    assertThat(Files.readString(dir.resolve("audit").resolve("audit.jsonl")))
        .contains("\"password_source\":\"generated\"")
        .doesNotContain(password);

    AccountService again = service(4);
    again.load(Map.of("ANTBOT_ADMIN_PASSWORD", "ignored-once-users-exist"), keys).await();
    assertThat(
            failure(
                again.login(
                    "admin", "ignored-once-users-exist".getBytes(StandardCharsets.UTF_8), "x")))
        .isEqualTo("401 invalid username or password");
  }

  @Test
  @DisplayName(
      "a user change that cannot be saved is a 503 and is taken back; once storage returns it works")
  void unsavedChangesTakenBack() throws Exception {
    AccountService accounts = service(4);
    accounts
        .load(
            Map.of("ANTBOT_ADMIN_PASSWORD", "the-admin-password"),
            new KeyFiles(dir.resolve("keys")))
        .await();
    Path state = dir.resolve("state");
    Path aside = dir.resolve("state-aside");
    java.nio.file.Files.move(state, aside);
    java.nio.file.Files.writeString(state, "not a directory: every write below it fails");
    UserAdd add = new UserAdd("carol", "carols-password", List.of("viewer"), true, "t");
    assertThat(failure(accounts.add(add)))
        .isEqualTo("503 storage unavailable: the change to carol was not applied");
    assertThat(accounts.user("carol")).as("not kept in memory").isNull();
    assertThat(
            failure(accounts.update(new UserUpdate("admin", null, List.of("viewer"), null, "t"))))
        .startsWith("503 ");
    assertThat(accounts.user("admin").roles())
        .as("the update was taken back")
        .containsExactly("admin");
    assertThat(
            accounts
                .login("admin", "the-admin-password".getBytes(StandardCharsets.UTF_8), "x")
                .await())
        .as("logins still work from memory")
        .isNotNull();

    java.nio.file.Files.delete(state);
    java.nio.file.Files.move(aside, state);
    accounts.add(add).await();
    assertThat(UserStore.load(state.resolve(UserStore.FILE)).get("carol")).isNotNull();
  }

  @Test
  @DisplayName(
      "after a bcrypt cost raise, an unknown user's login costs what the stored (older) hashes cost")
  void unknownUsersCostWhatKnownOnesDo() throws Exception {
    AccountService accounts = service(4);
    accounts
        .load(
            Map.of("ANTBOT_ADMIN_PASSWORD", "the-admin-password"),
            new KeyFiles(dir.resolve("keys")))
        .await();
    accounts.configure(6, 12, PermissionRules.defaultRules());
    assertThat(accounts.equaliserCost()).as("every stored hash is still at cost 4").isEqualTo(4);
    assertThat(failure(accounts.login("nobody", "x".getBytes(StandardCharsets.UTF_8), "127.0.0.1")))
        .startsWith("401");
    accounts
        .login("admin", "the-admin-password".getBytes(StandardCharsets.UTF_8), "127.0.0.1")
        .await();
    assertThat(accounts.equaliserCost()).as("rehashed at the login").isEqualTo(6);
  }

  @Test
  @DisplayName(
      "equaliser hashes are made ahead, in the background of the start, for the configured cost and each stored one, and follow a cost change")
  void equalisersFollowTheConfiguredCost() throws Exception {
    AccountService accounts = service(4);
    accounts
        .load(
            Map.of("ANTBOT_ADMIN_PASSWORD", "the-admin-password"),
            new KeyFiles(dir.resolve("keys")))
        .await();
    io.antbot.testing.Eventually.eventually(
            vertx,
            () ->
                io.vertx.core.Future.succeededFuture(
                    accounts.equaliserCosts().equals(java.util.Set.of(4))))
        .await();

    accounts.configure(5, 12, PermissionRules.defaultRules());
    io.antbot.testing.Eventually.eventually(
            vertx,
            () ->
                io.vertx.core.Future.succeededFuture(
                    accounts.equaliserCosts().equals(java.util.Set.of(4, 5))))
        .await();

    accounts
        .login("admin", "the-admin-password".getBytes(StandardCharsets.UTF_8), "127.0.0.1")
        .await();
    io.antbot.testing.Eventually.eventually(
            vertx,
            () ->
                io.vertx.core.Future.succeededFuture(
                    accounts.equaliserCosts().equals(java.util.Set.of(5))))
        .await();
    assertThat(accounts.equaliserCost())
        .as("every stored hash now at the configured cost")
        .isEqualTo(5);
  }

  @Test
  @DisplayName(
      "ANTBOT_ADMIN_PASSWORD meets the password policy: a short one stops the first start, naming the rule")
  void adminPasswordPolicy() {
    AccountService accounts = service(4);
    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                accounts
                    .load(
                        Map.of("ANTBOT_ADMIN_PASSWORD", "admin"), new KeyFiles(dir.resolve("keys")))
                    .await());
    assertThat(failure)
        .hasMessage("ANTBOT_ADMIN_PASSWORD: at least 12 characters are required, got 5");
    assertThat(accounts.user("admin")).isNull();
  }

  @Test
  @DisplayName(
      "a hash below the configured cost is redone at the next successful login, and only then")
  void rehashOnLogin() throws Exception {
    AccountService accounts = service(4);
    accounts
        .load(
            Map.of("ANTBOT_ADMIN_PASSWORD", "the-admin-password"),
            new KeyFiles(dir.resolve("keys")))
        .await();
    assertThat(BcryptHasher.costOf(accounts.user("admin").passwordHash())).isEqualTo(4);

    accounts.configure(5, 12, PermissionRules.defaultRules());
    assertThat(failure(accounts.login("admin", "wrong".getBytes(StandardCharsets.UTF_8), "x")))
        .startsWith("401");
    assertThat(BcryptHasher.costOf(accounts.user("admin").passwordHash())).isEqualTo(4);

    accounts.login("admin", "the-admin-password".getBytes(StandardCharsets.UTF_8), "x").await();
    String rehashed = accounts.user("admin").passwordHash();
    assertThat(BcryptHasher.costOf(rehashed)).isEqualTo(5);
    assertThat(BcryptHasher.verify("the-admin-password".getBytes(StandardCharsets.UTF_8), rehashed))
        .isTrue();
    assertThat(
            UserStore.load(dir.resolve("state").resolve(UserStore.FILE))
                .get("admin")
                .passwordHash())
        .isEqualTo(rehashed);
    assertThat(audit.query(new AuditQuery("password_rehashed", null, null, null, 10)).await())
        .extracting(e -> e.getInteger("to_cost"))
        .containsExactly(5);
  }

  @Test
  @DisplayName(
      "changes made to the file by the command line are picked up and end the changed user's sessions")
  void reloadFromDisk() throws Exception {
    AccountService accounts = service(4);
    List<String> ended = new CopyOnWriteArrayList<>();
    accounts.onCredentialsChanged(ended::add);
    accounts
        .load(
            Map.of("ANTBOT_ADMIN_PASSWORD", "the-admin-password"),
            new KeyFiles(dir.resolve("keys")))
        .await();
    accounts.add(new UserAdd("bob", "bobs-password-1", List.of("viewer"), true, "test")).await();
    assertThat(accounts.reloadIfChanged().await()).isFalse();

    Path file = dir.resolve("state").resolve(UserStore.FILE);
    UserStore onDisk = UserStore.load(file);
    onDisk.put(onDisk.get("bob").withEnabled(false, java.time.Instant.now()));
    UserStore.save(file, onDisk.toJson());
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));

    assertThat(accounts.reloadIfChanged().await()).isTrue();
    assertThat(accounts.user("bob").enabled()).isFalse();
    assertThat(ended).containsExactly("bob");
  }

  @Test
  @DisplayName(
      "user unlock at the command line lifts the user's login locks in the running service at its next reload")
  void unlockFromTheCommandLine() throws Exception {
    AccountService accounts = service(4);
    io.antbot.security.behaviour.LoginGuard guard =
        new io.antbot.security.behaviour.LoginGuard(
            io.antbot.security.behaviour.LockoutOptions.defaults(), Clock.systemUTC());
    accounts.onUnlockRequested(guard::unlockUser);
    accounts
        .load(
            Map.of("ANTBOT_ADMIN_PASSWORD", "the-admin-password"),
            new KeyFiles(dir.resolve("keys")))
        .await();
    for (int i = 0; i < 5; i++) {
      guard.recordFailure("admin", "203.0.113.9");
    }
    assertThat(guard.check("admin", "203.0.113.9").allowed()).isFalse();

    java.io.ByteArrayOutputStream output = new java.io.ByteArrayOutputStream();
    java.io.PrintStream print = new java.io.PrintStream(output, true, StandardCharsets.UTF_8);
    int code =
        new io.antbot.security.cli.SecurityCommands(
                java.io.InputStream.nullInputStream(),
                Map.of(
                    "ANTBOT_CORE__STATE_DIR",
                    dir.resolve("state").toString(),
                    "ANTBOT_SECURITY__AUDIT__DIR",
                    dir.resolve("cli-audit").toString()),
                Clock.systemUTC())
            .user(List.of("unlock", "admin"), print, print);
    assertThat(code).as(output.toString(StandardCharsets.UTF_8)).isZero();
    Path file = dir.resolve("state").resolve(UserStore.FILE);
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));

    assertThat(accounts.reloadIfChanged().await()).isTrue();
    assertThat(guard.check("admin", "203.0.113.9").allowed()).as("unlocked").isTrue();
    for (int i = 0; i < 5; i++) {
      guard.recordFailure("admin", "203.0.113.9");
    }
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10_000));
    assertThat(accounts.reloadIfChanged().await()).isTrue();
    assertThat(guard.check("admin", "203.0.113.9").allowed())
        .as("the same request is not applied twice")
        .isFalse();
  }

  @Test
  @DisplayName(
      "adding and updating users checks names, roles and the password policy; the hash is never shown")
  void addAndUpdate() throws Exception {
    AccountService accounts = service(4);
    accounts
        .load(
            Map.of("ANTBOT_ADMIN_PASSWORD", "the-admin-password"),
            new KeyFiles(dir.resolve("keys")))
        .await();
    User bob =
        accounts
            .add(new UserAdd("bob", "bobs-password-1", List.of("viewer"), true, "test"))
            .await();
    assertThat(bob.toPublicJson().fieldNames()).doesNotContain("password_hash");
    assertThat(
            failure(
                accounts.add(new UserAdd("bob", "bobs-password-1", List.of("viewer"), true, null))))
        .isEqualTo("409 username: bob already exists");
    assertThat(failure(accounts.update(new UserUpdate("zed", null, null, false, null))))
        .isEqualTo("404 username: no user zed");
    User updated =
        accounts.update(new UserUpdate("bob", null, List.of("trader"), null, null)).await();
    assertThat(updated.roles()).containsExactly("trader");
    JsonObject entry =
        audit.query(new AuditQuery("user_updated", null, null, null, 10)).await().get(0);
    assertThat(entry.getJsonArray("changed")).containsExactly("roles");
  }
}
