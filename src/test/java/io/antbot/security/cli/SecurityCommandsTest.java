package io.antbot.security.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.security.audit.AuditVerification;
import io.antbot.security.audit.HashChainedAuditLog;
import io.antbot.security.password.BcryptHasher;
import io.antbot.security.user.UserStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityCommandsTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private SecurityCommands commands(String stdin) {
    return new SecurityCommands(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        Map.of(
            "ANTBOT_CORE__STATE_DIR",
            dir.resolve("state").toString(),
            "ANTBOT_SECURITY__AUDIT__DIR",
            dir.resolve("audit").toString()),
        Clock.systemUTC());
  }

  private PrintStream out() {
    return new PrintStream(out, true, StandardCharsets.UTF_8);
  }

  private PrintStream err() {
    return new PrintStream(err, true, StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("hash-password prints a hash of the password on stdin that verifies")
  void hashPassword() throws Exception {
    int code =
        commands("correct horse battery\n").hashPassword(List.of("--cost", "4"), out(), err());
    assertThat(code).isZero();
    String hash = out.toString(StandardCharsets.UTF_8).trim();
    assertThat(hash).startsWith("$2b$04$");
    assertThat(BcryptHasher.verify("correct horse battery".getBytes(StandardCharsets.UTF_8), hash))
        .isTrue();
  }

  @Test
  @DisplayName("hash-password refuses a password over 72 bytes with exit code 1")
  void hashPasswordTooLong() throws Exception {
    int code = commands("x".repeat(80) + "\n").hashPassword(List.of("--cost", "4"), out(), err());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("80 bytes is longer than bcrypt's limit of 72 bytes");
  }

  @Test
  @DisplayName(
      "user add, passwd and disable change the store, owner-only, and leave an intact audit trail")
  void userLifecycle() throws Exception {
    assertThat(
            commands("first-password-1\n")
                .user(
                    List.of("add", "alice", "--role", "trader,viewer", "--cost", "4"),
                    out(),
                    err()))
        .as(err.toString(StandardCharsets.UTF_8))
        .isZero();
    Path users = dir.resolve("state").resolve(UserStore.FILE);
    assertThat(UserStore.load(users).get("alice").roles()).containsExactly("trader", "viewer");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users)))
        .isEqualTo("rw-------");
    String firstHash = UserStore.load(users).get("alice").passwordHash();

    assertThat(
            commands("second-password-2\n")
                .user(List.of("passwd", "alice", "--cost", "4"), out(), err()))
        .isZero();
    String secondHash = UserStore.load(users).get("alice").passwordHash();
    assertThat(secondHash).isNotEqualTo(firstHash);
    assertThat(
            BcryptHasher.verify("second-password-2".getBytes(StandardCharsets.UTF_8), secondHash))
        .isTrue();

    assertThat(commands("").user(List.of("disable", "alice"), out(), err())).isZero();
    assertThat(UserStore.load(users).get("alice").enabled()).isFalse();

    AuditVerification audit =
        HashChainedAuditLog.verify(dir.resolve("audit").resolve("audit.jsonl"));
    assertThat(audit.intact()).isTrue();
    assertThat(audit.entries()).isEqualTo(3);
    assertThat(Files.readString(dir.resolve("audit").resolve("audit.jsonl")))
        .doesNotContain("first-password-1")
        .doesNotContain("second-password-2")
        .doesNotContain(secondHash);
  }

  @Test
  @DisplayName("user refuses duplicates, unknown users, short passwords and bad arguments")
  void userErrors() throws Exception {
    assertThat(
            commands("first-password-1\n")
                .user(List.of("add", "bob", "--role", "viewer", "--cost", "4"), out(), err()))
        .isZero();
    assertThat(
            commands("first-password-1\n")
                .user(List.of("add", "bob", "--role", "viewer"), out(), err()))
        .isEqualTo(1);
    assertThat(commands("").user(List.of("disable", "nobody"), out(), err())).isEqualTo(1);
    assertThat(commands("short\n").user(List.of("add", "carl", "--role", "viewer"), out(), err()))
        .isEqualTo(1);
    assertThat(commands("").user(List.of("add", "Bad Name", "--role", "viewer"), out(), err()))
        .isEqualTo(2);
    assertThat(commands("").user(List.of("add", "dora"), out(), err())).isEqualTo(2);
    assertThat(commands("").user(List.of("add"), out(), err())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("user add: bob already exists")
        .contains("user disable: no user nobody")
        .contains("password: at least 12 characters are required, got 5")
        .contains("give at least one --role");
  }

  @Test
  @DisplayName(
      "user unlock records the request in the user's entry and the audit trail; an unknown user is exit 1")
  void userUnlock() throws Exception {
    assertThat(
            commands("first-password-1\n")
                .user(List.of("add", "olga", "--role", "viewer", "--cost", "4"), out(), err()))
        .isZero();
    Path users = dir.resolve("state").resolve(UserStore.FILE);
    String hash = UserStore.load(users).get("olga").passwordHash();
    assertThat(UserStore.load(users).get("olga").unlockedAt()).isNull();

    assertThat(commands("").user(List.of("unlock", "olga"), out(), err()))
        .as(err.toString(StandardCharsets.UTF_8))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("user olga: unlock done in " + users);
    io.antbot.security.user.User olga = UserStore.load(users).get("olga");
    assertThat(olga.unlockedAt()).isNotNull();
    assertThat(olga.passwordHash()).isEqualTo(hash);
    assertThat(olga.enabled()).isTrue();
    String trail = Files.readString(dir.resolve("audit").resolve("audit.jsonl"));
    assertThat(trail.lines().reduce((first, last) -> last).orElseThrow())
        .contains("\"type\":\"user_unlocked\"")
        .contains("\"user\":\"olga\"")
        .contains("\"actor\":\"cli:");

    assertThat(commands("").user(List.of("unlock", "nobody"), out(), err())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("user unlock: no user nobody");
  }

  @Test
  @DisplayName("verify-audit exits 0 on an intact trail and 1 naming the first broken entry")
  void verifyAudit() throws Exception {
    commands("first-password-1\n")
        .user(List.of("add", "eve", "--role", "viewer", "--cost", "4"), out(), err());
    commands("").user(List.of("disable", "eve"), out(), err());
    Path file = dir.resolve("audit").resolve("audit.jsonl");
    assertThat(commands("").verifyAudit(List.of(), out(), err())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("intact: 2 entries");

    Files.writeString(file, Files.readString(file).replace("\"eve\"", "\"mallory\""));
    assertThat(commands("").verifyAudit(List.of(file.toString()), out(), err())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "broken at line 1 of audit.jsonl (seq 1): the entry's content does not match its hash (it was changed)");
  }
}
