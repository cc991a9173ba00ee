package io.antbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.antbot.settings.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ConfigStartupTest {

  private ConfigFixture fixture;

  @BeforeEach
  void setUp(@TempDir Path root) {
    fixture = new ConfigFixture(root);
  }

  private Throwable startFailure(Vertx vertx, Map<String, String> env) {
    try {
      fixture.deploy(vertx, "development", env, new JsonObject()).await(5, TimeUnit.SECONDS);
    } catch (Throwable failure) {
      return failure;
    }
    throw new AssertionError("the config service started");
  }

  @Test
  @DisplayName("an invalid value aborts the start with one line naming file, line, key and rule")
  void invalidValue(Vertx vertx) {
    fixture.edit("application.yaml", "max_position_size: 0.1", "max_position_size: abc");
    int line = fixture.lineOf("application.yaml", "max_position_size: abc");
    Throwable failure = startFailure(vertx, Map.of());
    assertThat(failure)
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            fixture.file("application.yaml")
                + ":"
                + line
                + ": trading.max_position_size: expected a number, got \"abc\"");
  }

  @Test
  @DisplayName(
      "every error is in the message, each with the layer that set the value, joined by \"; \"")
  void severalErrors(Vertx vertx) {
    fixture.edit("application.yaml", "max_position_size: 0.1", "max_position_size: 1.5");
    fixture.edit("development.yaml", "cycle_s: 60", "cycle_s: 10");
    Throwable failure = startFailure(vertx, Map.of("ANTBOT_FLYWHEEL__ACCELERATION", "fast"));
    assertThat(failure)
        .hasMessage(
            String.join(
                "; ",
                fixture.file("application.yaml")
                    + ":"
                    + fixture.lineOf("application.yaml", "max_position_size: 1.5")
                    + ": trading.max_position_size: must be at most 1, got 1.5",
                fixture.file("development.yaml")
                    + ":"
                    + fixture.lineOf("development.yaml", "cycle_s: 10")
                    + ": compounding.cycle_s: must be at least 60, got 10",
                "env ANTBOT_FLYWHEEL__ACCELERATION: flywheel.acceleration: expected a number, got \"fast\""));
    assertThat(failure.getMessage()).doesNotContain("\n");
  }

  @Test
  @DisplayName("a malformed YAML file is reported with its file and line")
  void malformedYaml(Vertx vertx) {
    fixture.edit("development.yaml", "  dry_run: true", "  dry_run: [true");
    Throwable failure = startFailure(vertx, Map.of());
    assertThat(failure).isInstanceOf(ConfigException.class);
    assertThat(failure.getMessage())
        .matches(
            java.util.regex.Pattern.quote(fixture.file("development.yaml").toString())
                + ":\\d+: malformed YAML: .+");
  }

  @Test
  @DisplayName(
      "an alias of a mapping or a list in a conf file aborts the start naming the file and the alias's line")
  void collectionAliasRefused(Vertx vertx) {
    fixture.write(
        "development.yaml",
        fixture.read("development.yaml")
            + "\nnotes:\n  first: &shared {a: 1, b: [1, 2]}\n  second:\n    - 1\n    - *shared\n");
    Throwable failure = startFailure(vertx, Map.of());
    assertThat(failure)
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            fixture.file("development.yaml")
                + ":"
                + fixture.lineOf("development.yaml", "- *shared")
                + ": the alias *shared repeats a mapping or a list, which "
                + "configuration files do not allow; write the values out");
  }

  @Test
  @DisplayName("an alias of a scalar is still allowed in a conf file")
  void scalarAliasAllowed(Vertx vertx) throws Exception {
    fixture.edit(
        "application.yaml",
        "  max_open_positions: 10",
        "  max_open_positions: &positions 10\n  spare: *positions");
    fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
    assertThat(
            BusProbe.request(
                    vertx,
                    io.antbot.bus.Addresses.CONFIG_GET,
                    new JsonObject().put("key", "trading.spare"))
                .getInteger("value"))
        .isEqualTo(10);
  }

  @Test
  @DisplayName("a missing required key is named; an unknown key only warns")
  void requiredAndUnknown(Vertx vertx) throws Exception {
    fixture.edit("application.yaml", "  risk_tolerance: 0.02\n", "  risk_tolrance: 0.02\n");
    assertThat(startFailure(vertx, Map.of())).hasMessage("trading.risk_tolerance: required");
    fixture.edit(
        "application.yaml",
        "  risk_tolrance: 0.02\n",
        "  risk_tolerance: 0.02\n  risk_tolrance: 0.02\n");
    fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("an unreadable overrides file stops the start and says how to recover")
  void corruptOverrides(Vertx vertx) throws Exception {
    Files.createDirectories(fixture.state);
    Files.writeString(fixture.state.resolve("config-overrides.json"), "{not json");
    assertThatThrownBy(() -> fixture.deploy(vertx).await(5, TimeUnit.SECONDS))
        .hasMessageStartingWith(
            fixture.state.resolve("config-overrides.json") + ": not a valid overrides file")
        .hasMessageEndingWith("move it aside to start without runtime overrides");
  }
}
