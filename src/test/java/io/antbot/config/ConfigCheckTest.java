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
}
