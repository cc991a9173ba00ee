package io.antbot.config;

import static io.antbot.config.BusProbe.failure;
import static io.antbot.config.BusProbe.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
class ConfigServiceTest {

  private ConfigFixture fixture;

  @BeforeEach
  void setUp(@TempDir Path root) {
    fixture = new ConfigFixture(root);
  }

  private static JsonObject get(Vertx vertx, String key) throws Exception {
    return request(vertx, Addresses.CONFIG_GET, new JsonObject().put("key", key));
  }

  private static JsonObject set(Vertx vertx, String key, Object value, String actor, String reason)
      throws Exception {
    return request(
        vertx,
        Addresses.CONFIG_SET,
        new JsonObject()
            .put("key", key)
            .put("value", value)
            .put("actor", actor)
            .put("reason", reason));
  }

  private static JsonObject change(String key, Object old, Object now) {
    return new JsonObject().put("key", key).put("old", old).put("new", now);
  }

  @Test
  @DisplayName(
      "sources apply in order: application < env file < env vars < system properties < command line < runtime")
  void precedenceAndDeepMerge(Vertx vertx) throws Exception {
    fixture.edit(
        "development.yaml",
        "features:\n  enable_colony_expansion:\n",
        "features:\n  enable_colony_expansion:\n    environments: [development]\n");
    System.setProperty("antbot.flywheel.momentum_window", "40");
    System.setProperty("antbot.flywheel.max_multiplier", "3");
    try {
      fixture
          .deploy(
              vertx,
              "development",
              Map.of(
                  "ANTBOT_FLYWHEEL__EVALUATION_INTERVAL_S", "45",
                  "ANTBOT_FLYWHEEL__MOMENTUM_WINDOW", "30"),
              new JsonObject()
                  .put(
                      "flywheel",
                      new JsonObject().put("max_multiplier", 4).put("cooldown_after_loss_s", 100)))
          .await(5, TimeUnit.SECONDS);
    } finally {
      System.clearProperty("antbot.flywheel.momentum_window");
      System.clearProperty("antbot.flywheel.max_multiplier");
    }
    set(vertx, "flywheel.cooldown_after_loss_s", 200, "ops", "test");

    assertThat(get(vertx, "trading.max_position_size").getValue("value")).isEqualTo(0.1);
    assertThat(get(vertx, "compounding.cycle_s").getValue("value")).isEqualTo(60);
    assertThat(get(vertx, "flywheel.evaluation_interval_s").getValue("value")).isEqualTo(45);
    assertThat(get(vertx, "flywheel.momentum_window").getValue("value")).isEqualTo(40);
    assertThat(get(vertx, "flywheel.max_multiplier").getValue("value")).isEqualTo(4);
    assertThat(get(vertx, "flywheel.cooldown_after_loss_s").getValue("value")).isEqualTo(200);
    assertThat(get(vertx, "compounding.layers.colony_expansion").getValue("value"))
        .isEqualTo(
            new JsonObject().put("enabled", true).put("rate", 0.1).put("min_efficiency", 0.5));
    assertThat(get(vertx, "features.enable_colony_expansion.environments").getValue("value"))
        .isEqualTo(new JsonArray().add("development"));
    assertThat(get(vertx, "features.enable_colony_expansion.rollout_percent").getValue("value"))
        .isEqualTo(100);
  }

  @Test
  @DisplayName("get answers the value and version, the default when absent, and 404 otherwise")
  void get(Vertx vertx) throws Exception {
    fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
    assertThat(get(vertx, "trading.max_position_size"))
        .isEqualTo(
            new JsonObject()
                .put("key", "trading.max_position_size")
                .put("value", 0.1)
                .put("version", 1));
    assertThat(
            request(
                    vertx,
                    Addresses.CONFIG_GET,
                    new JsonObject().put("key", "trading.nope").put("default", 7))
                .getValue("value"))
        .isEqualTo(7);
    assertThat(
            failure(vertx, Addresses.CONFIG_GET, new JsonObject().put("key", "trading.nope"), 404))
        .isEqualTo("trading.nope: no such key");
    assertThat(failure(vertx, Addresses.CONFIG_GET, new JsonObject().put("key", "a b"), 400))
        .startsWith("key: not a valid key \"a b\"");
  }

  @Test
  @DisplayName("set is validated against the schema: 400 with the broken rule, nothing changed")
  void setValidation(Vertx vertx) throws Exception {
    fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
    JsonObject body = new JsonObject().put("key", "trading.max_position_size");
    assertThat(failure(vertx, Addresses.CONFIG_SET, body.copy().put("value", "abc"), 400))
        .isEqualTo("trading.max_position_size: expected a number, got \"abc\"");
    assertThat(failure(vertx, Addresses.CONFIG_SET, body.copy().put("value", 5), 400))
        .isEqualTo("trading.max_position_size: must be at most 1, got 5");
    assertThat(failure(vertx, Addresses.CONFIG_SET, body.copy().put("value", -0.5), 400))
        .isEqualTo("trading.max_position_size: must be at least 0, got -0.5");
    assertThat(
            failure(
                vertx,
                Addresses.CONFIG_SET,
                new JsonObject()
                    .put("key", "features.enable_flywheel.sticky_on")
                    .put("value", "moon"),
                400))
        .isEqualTo(
            "features.enable_flywheel.sticky_on: must be one of bot_id, user, symbol, exchange, got \"moon\"");
    assertThat(
            failure(
                vertx,
                Addresses.CONFIG_SET,
                new JsonObject().put("key", "trading.base_currency").put("value", "usd"),
                400))
        .isEqualTo("trading.base_currency: must match [A-Z0-9]{2,10}, got \"usd\"");
    assertThat(
            failure(
                vertx,
                Addresses.CONFIG_SET,
                new JsonObject()
                    .put("key", "features.beta")
                    .put("value", new JsonObject().put("rollout_percent", 5)),
                400))
        .isEqualTo("features.beta.enabled: required");
    assertThat(
            failure(
                vertx,
                Addresses.CONFIG_SET,
                new JsonObject().put("key", "trading.max_postion_size").put("value", 0.2),
                400))
        .isEqualTo(
            "trading.max_postion_size: unknown key (did you mean trading.max_position_size?)");
    assertThat(failure(vertx, Addresses.CONFIG_SET, body.copy(), 400))
        .isEqualTo("value: required (to remove an override, send antbot.config.unset)");
    assertThat(
            failure(
                vertx, Addresses.CONFIG_SET, body.copy().put("value", 0.2).put("actor", 3), 400))
        .isEqualTo("actor: expected a string, got 3");
    assertThat(get(vertx, "trading.max_position_size").getLong("version")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "set and unset change the value, reply and broadcast the diff; a no-op set broadcasts nothing")
  void setAndUnset(Vertx vertx) throws Exception {
    fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
    try (BusProbe changed = BusProbe.on(vertx, Addresses.CONFIG_CHANGED)) {
      JsonObject reply = set(vertx, "trading.max_position_size", 0.2, "alice", "more room");
      assertThat(reply)
          .isEqualTo(
              new JsonObject()
                  .put("version", 2)
                  .put(
                      "changes", new JsonArray().add(change("trading.max_position_size", 0.1, 0.2)))
                  .put("restart_required", new JsonArray()));
      JsonObject event = changed.next();
      assertThat(event.getLong("version")).isEqualTo(2);
      assertThat(event.getString("source")).isEqualTo("runtime");
      assertThat(event.getString("actor")).isEqualTo("alice");
      assertThat(event.getString("reason")).isEqualTo("more room");
      assertThat(event.getJsonArray("changes")).isEqualTo(reply.getJsonArray("changes"));
      assertThat(event.getString("at")).isNotBlank();
      assertThat(get(vertx, "trading.max_position_size").getValue("value")).isEqualTo(0.2);

      assertThat(set(vertx, "trading.max_position_size", 0.2, "alice", "again"))
          .isEqualTo(
              new JsonObject()
                  .put("version", 2)
                  .put("changes", new JsonArray())
                  .put("restart_required", new JsonArray()));

      JsonObject unset =
          request(
              vertx,
              Addresses.CONFIG_UNSET,
              new JsonObject().put("key", "trading.max_position_size"));
      assertThat(unset.getLong("version")).isEqualTo(3);
      assertThat(unset.getJsonArray("changes"))
          .containsExactly(change("trading.max_position_size", 0.2, 0.1));
      assertThat(changed.next().getLong("version"))
          .as("the no-op set was not broadcast")
          .isEqualTo(3);
      assertThat(
              failure(
                  vertx,
                  Addresses.CONFIG_UNSET,
                  new JsonObject().put("key", "trading.max_position_size"),
                  404))
          .isEqualTo("trading.max_position_size: no runtime override to remove");
    }
  }

  @Test
  @DisplayName("a change to a restart-only key says so")
  void restartRequired(Vertx vertx) throws Exception {
    fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
    JsonObject reply = set(vertx, "trading.base_currency", "USDT", "ops", null);
    assertThat(reply.getJsonArray("restart_required")).containsExactly("trading.base_currency");
  }

  @Test
  @DisplayName("runtime overrides and the version survive a restart")
  void overridesSurviveRestart(Vertx vertx) throws Exception {
    String first = fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
    set(vertx, "trading.risk_tolerance", 0.05, "alice", "seed example");
    set(vertx, "compounding.layers.reinvestment.rate", 0.6, "bob", null);
    vertx.undeploy(first).await(5, TimeUnit.SECONDS);
    assertThat(Files.list(fixture.state).map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder("config-overrides.json", "config-history.json");
    // What a crash in the middle of a write leaves behind must not matter.
    Files.writeString(
        fixture.state.resolve(".config-overrides.json.123.tmp"), "{\"overrides\": {\"trading\": ");

    fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
    assertThat(get(vertx, "trading.risk_tolerance"))
        .isEqualTo(
            new JsonObject()
                .put("key", "trading.risk_tolerance")
                .put("value", 0.05)
                .put("version", 3));
    assertThat(get(vertx, "compounding.layers.reinvestment.rate").getValue("value")).isEqualTo(0.6);
    assertThat(set(vertx, "trading.risk_tolerance", 0.04, "alice", null).getLong("version"))
        .isEqualTo(4);
  }

  @Test
  @DisplayName(
      "history lists every version with actor, reason, source and diff; revert restores a kept version")
  void historyAndRevert(Vertx vertx) throws Exception {
    fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
    set(vertx, "trading.risk_tolerance", 0.05, "alice", "wider stops");
    set(vertx, "trading.max_position_size", 0.3, "bob", "bigger bets");

    JsonArray versions =
        request(vertx, Addresses.CONFIG_HISTORY, new JsonObject().put("limit", 10))
            .getJsonArray("versions");
    assertThat(versions).hasSize(3);
    JsonObject newest = versions.getJsonObject(0);
    assertThat(newest.getLong("version")).isEqualTo(3);
    assertThat(newest.getString("source")).isEqualTo("runtime");
    assertThat(newest.getString("actor")).isEqualTo("bob");
    assertThat(newest.getString("reason")).isEqualTo("bigger bets");
    assertThat(newest.getJsonArray("changes"))
        .containsExactly(change("trading.max_position_size", 0.1, 0.3));
    assertThat(newest.containsKey("overrides")).as("overrides stay private").isFalse();
    assertThat(versions.getJsonObject(2).getLong("version")).isEqualTo(1);
    assertThat(
            request(vertx, Addresses.CONFIG_HISTORY, new JsonObject().put("limit", 1))
                .getJsonArray("versions"))
        .hasSize(1);

    try (BusProbe changed = BusProbe.on(vertx, Addresses.CONFIG_CHANGED)) {
      JsonObject reverted =
          request(
              vertx,
              Addresses.CONFIG_REVERT,
              new JsonObject().put("version", 2).put("actor", "carol"));
      assertThat(reverted.getLong("version")).isEqualTo(4);
      assertThat(reverted.getJsonArray("changes"))
          .containsExactly(change("trading.max_position_size", 0.3, 0.1));
      JsonObject event = changed.next();
      assertThat(event.getString("source")).isEqualTo("revert");
      assertThat(event.getString("reason")).isEqualTo("revert to version 2");
    }
    assertThat(get(vertx, "trading.risk_tolerance").getValue("value")).isEqualTo(0.05);
    assertThat(get(vertx, "trading.max_position_size").getValue("value")).isEqualTo(0.1);

    request(vertx, Addresses.CONFIG_REVERT, new JsonObject().put("version", 1));
    assertThat(get(vertx, "trading.risk_tolerance").getValue("value")).isEqualTo(0.02);
    assertThat(failure(vertx, Addresses.CONFIG_REVERT, new JsonObject().put("version", 99), 404))
        .isEqualTo("version 99: not in the history (kept: 1 to 5)");
    assertThat(failure(vertx, Addresses.CONFIG_HISTORY, new JsonObject().put("limit", 0), 400))
        .isEqualTo("limit: must be between 1 and 1000, got 0");
  }

  @Test
  @DisplayName("the history keeps only core.history_limit versions")
  void historyBounded(Vertx vertx) throws Exception {
    fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
    set(vertx, "core.history_limit", 3, "ops", null);
    for (int i = 1; i <= 4; i++) {
      set(vertx, "flywheel.momentum_window", 20 + i, "ops", null);
    }
    JsonArray versions =
        request(vertx, Addresses.CONFIG_HISTORY, new JsonObject()).getJsonArray("versions");
    assertThat(versions.stream().map(v -> ((JsonObject) v).getLong("version")))
        .containsExactly(6L, 5L, 4L);
    assertThat(failure(vertx, Addresses.CONFIG_REVERT, new JsonObject().put("version", 1), 404))
        .isEqualTo("version 1: not in the history (kept: 4 to 6)");
  }

  @Test
  @DisplayName("feature evaluates a flag for a context and says why; flags change live")
  void feature(Vertx vertx) throws Exception {
    fixture.deploy(vertx, "production", Map.of(), new JsonObject()).await(5, TimeUnit.SECONDS);
    JsonObject context = new JsonObject().put("bot_id", "ant-7");
    assertThat(
            request(
                vertx,
                Addresses.CONFIG_FEATURE,
                new JsonObject().put("flag", "enable_compounding").put("context", context)))
        .isEqualTo(
            new JsonObject()
                .put("flag", "enable_compounding")
                .put("enabled", true)
                .put("reason", "enabled")
                .put("detail", "enabled for everyone"));
    assertThat(
            request(
                    vertx,
                    Addresses.CONFIG_FEATURE,
                    new JsonObject().put("flag", "enable_colony_expansion"))
                .getString("reason"))
        .isEqualTo("environment");

    set(vertx, "features.enable_compounding.kill_switch", true, "ops", "incident 42");
    assertThat(
            request(
                    vertx,
                    Addresses.CONFIG_FEATURE,
                    new JsonObject().put("flag", "enable_compounding"))
                .getString("reason"))
        .isEqualTo("kill_switch");

    assertThat(
            failure(
                vertx, Addresses.CONFIG_FEATURE, new JsonObject().put("flag", "enable_warp"), 404))
        .isEqualTo(
            "features.enable_warp: no such flag (known: enable_colony_expansion, enable_compounding, enable_flywheel)");
    assertThat(
            failure(
                vertx,
                Addresses.CONFIG_FEATURE,
                new JsonObject().put("flag", "x").put("context", new JsonObject().put("bot_id", 7)),
                400))
        .isEqualTo("context.bot_id: expected a string, got 7");
  }

  @Test
  @DisplayName("validate is a dry run: errors with rule and location, warnings, nothing applied")
  void validate(Vertx vertx) throws Exception {
    fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
    JsonObject report =
        request(
            vertx,
            Addresses.CONFIG_VALIDATE,
            new JsonObject()
                .put("yaml", "trading:\n  max_position_size: abc\n  max_postion_size: 0.2\n"));
    assertThat(report)
        .isEqualTo(
            new JsonObject()
                .put("valid", false)
                .put(
                    "errors",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("path", "trading.max_position_size")
                                .put("rule", "type")
                                .put(
                                    "message",
                                    "trading.max_position_size: expected a number, got \"abc\"")
                                .put("location", "request:2")))
                .put(
                    "warnings",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("path", "trading.max_postion_size")
                                .put("rule", "unknown")
                                .put(
                                    "message",
                                    "trading.max_postion_size: unknown key (did you mean trading.max_position_size?)")
                                .put("location", "request:3"))));

    JsonObject whole =
        request(
            vertx,
            Addresses.CONFIG_VALIDATE,
            new JsonObject()
                .put("yaml", "core:\n  service_name: antbot-core\n")
                .put("file", "application.yaml"));
    assertThat(whole.getBoolean("valid")).isFalse();
    assertThat(
            whole.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("message")))
        .contains("trading.max_position_size: required", "flywheel.enabled: required")
        .doesNotContain("core.state_dir: required");

    JsonObject malformed =
        request(vertx, Addresses.CONFIG_VALIDATE, new JsonObject().put("yaml", "a: [1,\n"));
    assertThat(malformed.getJsonArray("errors").getJsonObject(0).getString("rule"))
        .isEqualTo("syntax");
    assertThat(malformed.getJsonArray("errors").getJsonObject(0).getString("message"))
        .startsWith("request:");

    assertThat(
            request(
                    vertx,
                    Addresses.CONFIG_VALIDATE,
                    new JsonObject().put("yaml", "flywheel:\n  acceleration: 1.2\n"))
                .getBoolean("valid"))
        .isTrue();
    assertThat(get(vertx, "flywheel.acceleration").getValue("value")).isEqualTo(1.05);
    assertThat(
            failure(
                vertx,
                Addresses.CONFIG_VALIDATE,
                new JsonObject().put("yaml", "a: 1").put("file", "other.yaml"),
                400))
        .isEqualTo("file: expected application.yaml or development.yaml, got \"other.yaml\"");
  }

  @Test
  @DisplayName("status reports the version, environment and watcher")
  void status(Vertx vertx) throws Exception {
    fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
    JsonObject details =
        request(vertx, Addresses.CONFIG_STATUS, new JsonObject()).getJsonObject("details");
    assertThat(details.getLong("config_version")).isEqualTo(1);
    assertThat(details.getString("env")).isEqualTo("development");
    assertThat(details.getBoolean("watching")).isTrue();
  }

  @Test
  @DisplayName(
      "antbot.config.runtime answers the environment, the configuration directory and this node, typed")
  void runtime(Vertx vertx) throws Exception {
    fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
    io.antbot.bus.ConfigRuntime runtime =
        io.antbot.bus.ConfigRuntime.fromJson(
            request(vertx, Addresses.CONFIG_RUNTIME, new JsonObject()));
    assertThat(runtime.env()).isEqualTo("development");
    assertThat(runtime.conf()).isEqualTo(fixture.conf.toString());
    assertThat(runtime.node()).startsWith(ProcessHandle.current().pid() + "@");
    JsonObject status = request(vertx, Addresses.CONFIG_STATUS, new JsonObject());
    assertThat(status.getJsonObject("details").getString("schema"))
        .as("the shipped conf/schema.yaml is the packaged one")
        .isEqualTo("same");
  }

  @Test
  @DisplayName(
      "a conf/schema.yaml that differs from the packaged one is reported in the status; none at all means the packaged one")
  void schemaAgainstPackaged(@TempDir Path empty) throws Exception {
    assertThat(ConfigVerticle.schemaAgainstPackaged(empty)).isEqualTo("packaged");
    assertThat(ConfigVerticle.schemaAgainstPackaged(fixture.conf)).isEqualTo("same");
    java.nio.file.Files.writeString(
        fixture.conf.resolve("schema.yaml"),
        "\n# an operator's edit\n",
        java.nio.file.StandardOpenOption.APPEND);
    assertThat(ConfigVerticle.schemaAgainstPackaged(fixture.conf)).isEqualTo("differs");
  }
}
