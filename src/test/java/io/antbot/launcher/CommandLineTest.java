package io.antbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  private static CommandLine parse(Map<String, String> env, String... args)
      throws CommandLine.UsageException {
    return CommandLine.parse(List.of(args), env, Set.of("version"));
  }

  @Test
  @DisplayName("defaults are conf/ and development")
  void defaults() throws Exception {
    assertThat(parse(Map.of()).options()).isEqualTo(new LaunchOptions("conf", "development", null));
  }

  @Test
  @DisplayName("flags take separate or = values, ANTBOT_ENV sets the default environment")
  void flags() throws Exception {
    assertThat(
            parse(Map.of("ANTBOT_ENV", "staging"), "--conf", "/etc/antbot", "--port=9000")
                .options())
        .isEqualTo(new LaunchOptions("/etc/antbot", "staging", 9000));
    assertThat(parse(Map.of("ANTBOT_ENV", "staging"), "--env", "production").options().env())
        .isEqualTo("production");
  }

  @Test
  @DisplayName("wrong command lines say what is wrong")
  void wrongFlags() {
    assertThatThrownBy(() -> parse(Map.of(), "--verbose")).hasMessage("unknown option: --verbose");
    assertThatThrownBy(() -> parse(Map.of(), "--port", "http"))
        .hasMessage("--port: expected an integer from 0 to 65535, got \"http\"");
    assertThatThrownBy(() -> parse(Map.of(), "--port", "70000"))
        .hasMessage("--port: expected an integer from 0 to 65535, got \"70000\"");
    assertThatThrownBy(() -> parse(Map.of(), "--env", "prod"))
        .hasMessage("--env: expected one of development, staging, production, got \"prod\"");
    assertThatThrownBy(() -> parse(Map.of(), "--conf")).hasMessage("--conf: missing value");
    assertThatThrownBy(() -> parse(Map.of(), "start")).hasMessage("unknown command: start");
  }

  @Test
  @DisplayName("a subcommand takes the rest of the arguments")
  void subcommand() throws Exception {
    CommandLine line = parse(Map.of(), "version", "--x");
    assertThat(line.subcommand()).isEqualTo("version");
    assertThat(line.rest()).containsExactly("--x");
  }

  @Test
  @DisplayName("--help prints usage and exits 0; a wrong flag prints usage on stderr and exits 2")
  void exitCodes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(Main.run(List.of("--help"), outStream, errStream, Map.of())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: antbot-core [--conf DIR]");
    assertThat(Main.run(List.of("--bogus"), outStream, errStream, Map.of())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("antbot-core: unknown option: --bogus\nUsage:");
  }

  @Test
  @DisplayName("every subcommand answers --help with its usage line and exit code 0")
  void subcommandHelp() {
    for (String name : List.of("hash-password", "user", "verify-audit")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
      assertThat(Main.run(List.of(name, "--help"), outStream, outStream, Map.of()))
          .as(name)
          .isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).as(name).startsWith("usage: " + name);
    }
  }

  @Test
  @DisplayName(
      "config-check validates the shipped conf/ and names the file, line and rule of a bad value")
  void configCheck(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    for (String env : List.of("development", "staging", "production")) {
      assertThat(
              Main.run(
                  List.of("config-check", "--conf", "conf", "--env", env),
                  outStream,
                  errStream,
                  Map.of()))
          .as(err.toString(StandardCharsets.UTF_8))
          .isZero();
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("config-check: conf is valid for production");
    io.antbot.testing.TestConf.copyShipped(dir);
    java.nio.file.Path production = dir.resolve("production.yaml");
    java.nio.file.Files.writeString(production, "trading:\n  max_position_size: abc\n");
    assertThat(
            Main.run(
                List.of("config-check", "--conf", dir.toString(), "--env", "production"),
                outStream,
                errStream,
                Map.of()))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(production + ":2: trading.max_position_size: expected a number, got \"abc\"");
  }
}
