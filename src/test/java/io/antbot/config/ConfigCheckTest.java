package io.antbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.ConfigProblem;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {

  @Test
  @DisplayName(
      "a check names every error and warning with its file and line, without starting anything")
  void check(@TempDir Path root) {
    ConfigFixture fixture = new ConfigFixture(root);
    fixture.edit(
        "production.yaml", "  history_limit: 1000", "  history_limit: 0\n  histroy_limit: 5");
    ValidationReport report =
        ConfigCheck.run(fixture.conf, "production", Map.of(), new Properties());
    String production = fixture.file("production.yaml").toString();
    assertThat(report.errors())
        .extracting(ConfigProblem::line)
        .containsExactly(
            production
                + ":"
                + fixture.lineOf("production.yaml", "history_limit: 0")
                + ": core.history_limit: must be at least 1, got 0");
    assertThat(report.warnings())
        .extracting(ConfigProblem::line)
        .containsExactly(
            production
                + ":"
                + fixture.lineOf("production.yaml", "histroy_limit")
                + ": core.histroy_limit: unknown key (did you mean core.history_limit?)");
    assertThat(ConfigCheck.run(Path.of("conf"), "production", Map.of(), new Properties()).valid())
        .isTrue();
  }

  @Test
  @DisplayName(
      "the files' digest core nodes compare: same for the same shared settings in any order,"
          + " blind to a node's own keys and to secrets, changed by any other setting")
  void filesDigest(@TempDir Path root) throws Exception {
    ConfigFixture a = new ConfigFixture(root.resolve("a"));
    ConfigFixture b = new ConfigFixture(root.resolve("b"));
    a.write(
        "development.yaml",
        "trading:\n  dry_run: true\n  max_position_size: 0.5\n"
            + "cluster:\n  node_name: a\n  port: 5701\nhttp:\n  port: 8001\n");
    b.write(
        "development.yaml",
        "http:\n  port: 8002\ncluster:\n  port: 5702\n  node_name: b\n"
            + "trading:\n  max_position_size: 0.5\n  dry_run: true\n");
    String digest = ConfigCheck.filesDigest(a.conf, "development");
    assertThat(digest).matches("[0-9a-f]{32}");
    assertThat(ConfigCheck.filesDigest(b.conf, "development")).isEqualTo(digest);
    assertThat(ConfigCheck.filesDigest(b.conf, "staging")).isNotEqualTo(digest);

    b.write(
        "development.yaml",
        "trading:\n  dry_run: true\n  max_position_size: 0.6\n"
            + "cluster:\n  node_name: b\n  port: 5702\nhttp:\n  port: 8002\n");
    assertThat(ConfigCheck.filesDigest(b.conf, "development")).isNotEqualTo(digest);

    // A secret is masked before the digest: it never leaves the node, even hashed.
    a.write(
        "development.yaml", "trading:\n  exchanges:\n    kraken:\n      api_key: first-key-1234\n");
    b.write(
        "development.yaml", "trading:\n  exchanges:\n    kraken:\n      api_key: other-key-5678\n");
    assertThat(ConfigCheck.filesDigest(a.conf, "development"))
        .isEqualTo(ConfigCheck.filesDigest(b.conf, "development"));
  }
}
