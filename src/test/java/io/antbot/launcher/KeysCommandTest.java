package io.antbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.security.storage.KeyFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("keys init | fingerprint: a cluster's keys made and compared without a start")
class KeysCommandTest {

  private static final Pattern FINGERPRINT = Pattern.compile("(?m)^fingerprint ([0-9a-f]{32})$");

  private record Run(int code, String out, String err) {}

  private static Run keys(Path keysDir, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new KeysCommand(Map.of("ANTBOT_SECURITY__KEYS_DIR", keysDir.toString()), Clock.systemUTC())
            .run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String fingerprint(Run run) {
    Matcher matcher = FINGERPRINT.matcher(run.out());
    assertThat(matcher.find()).as("a fingerprint line in %s", run.out()).isTrue();
    return matcher.group(1);
  }

  @Test
  @DisplayName("init makes every key once, owner-only, and prints a fingerprint but no key")
  void initThenFingerprint(@TempDir Path root) throws Exception {
    Path dir = root.resolve("keys");
    Run made = keys(dir, "init", "--conf", "conf", "--env", "production");
    assertThat(made.code()).as(made.err()).isZero();
    String fingerprint = fingerprint(made);
    for (String file : List.of(KeyFiles.JWT, KeyFiles.FERNET, KeyFiles.RSA_PRIVATE)) {
      assertThat(Files.getPosixFilePermissions(dir.resolve(file)))
          .as(file)
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
    assertThat(dir.resolve(KeyFiles.RSA_PUBLIC)).exists();
    String fernet = Files.readString(dir.resolve(KeyFiles.FERNET)).strip();
    assertThat(made.out() + made.err()).doesNotContain(fernet.substring(0, 20));
    byte[] jwt = Files.readAllBytes(dir.resolve(KeyFiles.JWT));

    // Again: nothing replaced, the same fingerprint; fingerprint only reads.
    Run again = keys(dir, "init", "--conf", "conf");
    assertThat(again.code()).isZero();
    assertThat(fingerprint(again)).isEqualTo(fingerprint);
    assertThat(Files.readAllBytes(dir.resolve(KeyFiles.JWT))).isEqualTo(jwt);
    Run read = keys(dir, "fingerprint", "--conf", "conf");
    assertThat(read.code()).isZero();
    assertThat(fingerprint(read)).isEqualTo(fingerprint);

    // A copy of the directory has the same fingerprint; keys made elsewhere another.
    Path copy = root.resolve("copy");
    Files.createDirectories(copy);
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    assertThat(fingerprint(keys(copy, "fingerprint", "--conf", "conf"))).isEqualTo(fingerprint);
    Run other = keys(root.resolve("other"), "init", "--conf", "conf");
    assertThat(fingerprint(other)).isNotEqualTo(fingerprint);
  }

  @Test
  @DisplayName("fingerprint of a directory without keys is exit 1 naming init; bad use is exit 2")
  void refusals(@TempDir Path root) {
    Run missing = keys(root.resolve("none"), "fingerprint", "--conf", "conf");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("jwt-keys.json").contains("keys init");
    assertThat(root.resolve("none")).doesNotExist();

    assertThat(keys(root, "rotate").code()).isEqualTo(2);
    assertThat(keys(root).code()).isEqualTo(2);
    assertThat(keys(root, "init", "--port", "80").code()).isEqualTo(2);
    Run badConf = keys(root, "init", "--conf", root.resolve("no-conf").toString());
    assertThat(badConf.code()).isEqualTo(1);
    assertThat(badConf.err()).startsWith("keys: ");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertThat(Main.run(List.of("keys", "--help"), print, print, Map.of())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("keys init|fingerprint");
    assertThat(Main.run(List.of("keys", "bogus"), print, print, Map.of())).isEqualTo(2);
  }
}
