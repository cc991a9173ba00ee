package io.antbot.config;

import static io.antbot.config.BusProbe.failure;
import static io.antbot.config.BusProbe.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys marked {@code override: false} in {@code schema.yaml} (where state is kept, which files are
 * read at start) cannot be changed by a runtime override: set, unset and a write of a key above
 * them answer 400 naming the rule, and such an override left in the overrides file by an older
 * version is never applied.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Configuration: keys that decide where state lives cannot be overridden at run time")
class ConfigFixedKeysTest {

  private ConfigFixture fixture;

  @BeforeEach
  void setUp(@TempDir Path root) {
    fixture = new ConfigFixture(root);
  }

  private static JsonObject get(Vertx vertx, String key) throws Exception {
    return request(vertx, Addresses.CONFIG_GET, new JsonObject().put("key", key));
  }

  private String rule(String key, String ruleKey) {
    String schema = fixture.conf.resolve("schema.yaml").toString();
    return key
        + ": cannot be overridden at run time ("
        + schema
        + ":"
        + fixture.lineOf("schema.yaml", ruleKey + ": {")
        + ": "
        + ruleKey
        + " has override: false); set it in the configuration files, an ANTBOT_ variable or a system "
        + "property, and restart";
  }

  @Test
  @DisplayName(
      "set of a state path, or of a section holding one, is refused with 400 naming the rule; nothing changes")
  void setRefused(Vertx vertx) throws Exception {
    fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
    Path elsewhere = fixture.root.resolve("elsewhere");
    for (String key :
        new String[] {"core.state_dir", "security.keys_dir", "security.audit.dir", "logging.dir"}) {
      JsonObject body = new JsonObject().put("key", key).put("value", elsewhere.toString());
      assertThat(failure(vertx, Addresses.CONFIG_SET, body, 400)).isEqualTo(rule(key, key));
    }
    assertThat(
            failure(
                vertx,
                Addresses.CONFIG_SET,
                new JsonObject()
                    .put("key", "core")
                    .put(
                        "value",
                        new JsonObject()
                            .put("state_dir", elsewhere.toString())
                            .put("history_limit", 50)),
                400))
        .isEqualTo(rule("core.state_dir", "core.state_dir"));
    assertThat(
            failure(
                vertx,
                Addresses.CONFIG_SET,
                new JsonObject()
                    .put("key", "security.audit")
                    .put("value", new JsonObject().put("dir", elsewhere.toString())),
                400))
        .isEqualTo(rule("security.audit.dir", "security.audit.dir"));
    assertThat(
            failure(
                vertx, Addresses.CONFIG_UNSET, new JsonObject().put("key", "core.state_dir"), 400))
        .isEqualTo(rule("core.state_dir", "core.state_dir"));

    assertThat(
            request(vertx, Addresses.CONFIG_GET, new JsonObject().put("key", "core.state_dir"))
                .getString("value"))
        .isEqualTo(fixture.state.toString());
    assertThat(get(vertx, "core.history_limit").getInteger("value")).isEqualTo(500);
    assertThat(fixture.state.resolve(OverrideStore.FILE_NAME)).doesNotExist();

    // Other restart-only keys keep today's behaviour: recorded and reported as needing a restart.
    JsonObject applied =
        request(
            vertx,
            Addresses.CONFIG_SET,
            new JsonObject().put("key", "core.reload_debounce_ms").put("value", 50));
    assertThat(applied.getJsonArray("restart_required").getList())
        .containsExactly("core.reload_debounce_ms");
    // A write of the section without the fixed key is a normal override.
    assertThat(
            request(
                    vertx,
                    Addresses.CONFIG_SET,
                    new JsonObject()
                        .put("key", "core")
                        .put("value", new JsonObject().put("history_limit", 50)))
                .getJsonArray("changes"))
        .isNotEmpty();
  }

  @Test
  @DisplayName(
      "an override of a state path left in the overrides file is ignored at start, the others still apply")
  void oldOverrideIgnored(Vertx vertx) throws Exception {
    Path elsewhere = fixture.root.resolve("elsewhere");
    Files.createDirectories(fixture.state);
    Path file = fixture.state.resolve(OverrideStore.FILE_NAME);
    Files.writeString(
        file,
        new JsonObject()
            .put("format", 1)
            .put(
                "overrides",
                new JsonObject()
                    .put("core", new JsonObject().put("state_dir", elsewhere.toString()))
                    .put("trading", new JsonObject().put("max_slippage", 0.02)))
            .encodePrettily(),
        StandardCharsets.UTF_8);

    fixture.deploy(vertx).await(5, TimeUnit.SECONDS);

    assertThat(
            request(vertx, Addresses.CONFIG_GET, new JsonObject().put("key", "core.state_dir"))
                .getString("value"))
        .isEqualTo(fixture.state.toString());
    assertThat(
            request(vertx, Addresses.CONFIG_STATUS, new JsonObject())
                .getJsonObject("details")
                .getString("state_dir"))
        .isEqualTo(fixture.state.toString());
    assertThat(get(vertx, "trading.max_slippage").getDouble("value")).isEqualTo(0.02);
    assertThat(elsewhere).doesNotExist();

    // The next runtime change rewrites the file without it.
    request(
        vertx,
        Addresses.CONFIG_SET,
        new JsonObject().put("key", "trading.max_open_positions").put("value", 7));
    JsonObject kept =
        new JsonObject(Files.readString(file, StandardCharsets.UTF_8)).getJsonObject("overrides");
    assertThat(kept.getJsonObject("core")).isNull();
    assertThat(kept.getJsonObject("trading").getDouble("max_slippage")).isEqualTo(0.02);
  }

  @Test
  @DisplayName(
      "a revert to a version whose kept overrides set a state path is refused with 400 naming the rule")
  void revertRefused(Vertx vertx) throws Exception {
    String id = fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
    long version =
        request(
                vertx,
                Addresses.CONFIG_SET,
                new JsonObject().put("key", "trading.max_slippage").put("value", 0.02))
            .getLong("version");
    vertx.undeploy(id).await(5, TimeUnit.SECONDS);
    // The history as an older version, which accepted the override, would have kept it.
    Path file = fixture.state.resolve(ConfigHistory.FILE_NAME);
    JsonObject history = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    history.getJsonArray("versions").stream()
        .map(JsonObject.class::cast)
        .filter(entry -> entry.getLong("version") == version)
        .forEach(
            entry ->
                entry
                    .getJsonObject("overrides")
                    .put(
                        "core",
                        new JsonObject()
                            .put("state_dir", fixture.root.resolve("elsewhere").toString())));
    Files.writeString(file, history.encode(), StandardCharsets.UTF_8);

    fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
    assertThat(
            failure(vertx, Addresses.CONFIG_REVERT, new JsonObject().put("version", version), 400))
        .isEqualTo(rule("core.state_dir", "core.state_dir"));
    assertThat(
            request(vertx, Addresses.CONFIG_GET, new JsonObject().put("key", "core.state_dir"))
                .getString("value"))
        .isEqualTo(fixture.state.toString());
  }

  @Test
  @DisplayName("the ignored override is a start warning naming the key and the rule")
  void oldOverrideWarned(@TempDir Path other) throws Exception {
    Files.createDirectories(fixture.state);
    Files.writeString(
        fixture.state.resolve(OverrideStore.FILE_NAME),
        new JsonObject()
            .put("format", 1)
            .put(
                "overrides",
                new JsonObject()
                    .put("security", new JsonObject().put("keys_dir", other.toString())))
            .encode(),
        StandardCharsets.UTF_8);
    LiveConfig live =
        new LiveConfig(
            fixture.conf,
            "development",
            java.util.Map.of(),
            System::getProperties,
            new JsonObject()
                .put("core", new JsonObject().put("state_dir", fixture.state.toString())),
            java.time.Clock.systemUTC(),
            applied -> {});
    live.start();
    assertThat(live.startWarnings())
        .extracting(problem -> problem.line())
        .contains(
            fixture.state.resolve(OverrideStore.FILE_NAME)
                + ": security.keys_dir: runtime override ignored, never applied: "
                + rule("security.keys_dir", "security.keys_dir")
                    .substring("security.keys_dir: ".length()));
    assertThat(live.current().config().getJsonObject("security").getString("keys_dir"))
        .isEqualTo("var/keys");
  }
}
