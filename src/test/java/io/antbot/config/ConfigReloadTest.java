package io.antbot.config;

import static io.antbot.config.BusProbe.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edits of the files on disk, picked up by the watcher: every wait is on a bus event, with a
 * timeout.
 */
@ExtendWith(VertxExtension.class)
class ConfigReloadTest {

  private ConfigFixture fixture;
  private String deployment;
  private BusProbe changed;
  private BusProbe rejected;
  private BusProbe alerts;

  @BeforeEach
  void setUp(Vertx vertx, @TempDir Path root) throws Exception {
    fixture = new ConfigFixture(root);
    deployment = fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
    changed = BusProbe.on(vertx, Addresses.CONFIG_CHANGED);
    rejected = BusProbe.on(vertx, Addresses.CONFIG_REJECTED);
    alerts = BusProbe.on(vertx, Addresses.ALERTS);
  }

  /**
   * Stops the service (which waits for a reload in progress) before JUnit deletes the temporary
   * directory.
   */
  @AfterEach
  void tearDown(Vertx vertx) throws Exception {
    changed.close();
    rejected.close();
    alerts.close();
    vertx.undeploy(deployment).await(10, TimeUnit.SECONDS);
  }

  private static JsonArray changes(String key, Object old, Object now) {
    return new JsonArray().add(new JsonObject().put("key", key).put("old", old).put("new", now));
  }

  private Object value(Vertx vertx, String key) throws Exception {
    return request(vertx, Addresses.CONFIG_GET, new JsonObject().put("key", key)).getValue("value");
  }

  @Test
  @DisplayName("a valid edit is broadcast once, with the exact diff")
  void validEdit(Vertx vertx) throws Exception {
    fixture.edit("application.yaml", "max_position_size: 0.1", "max_position_size: 0.25");
    JsonObject event = changed.next();
    assertThat(event.getLong("version")).isEqualTo(2);
    assertThat(event.getString("source")).isEqualTo("file");
    assertThat(event.getJsonArray("changes"))
        .isEqualTo(changes("trading.max_position_size", 0.1, 0.25));
    assertThat(event.getJsonArray("restart_required")).isEmpty();
    assertThat(value(vertx, "trading.max_position_size")).isEqualTo(0.25);

    fixture.edit("development.yaml", "evaluation_interval_s: 30", "evaluation_interval_s: 40");
    JsonObject next = changed.next();
    assertThat(next.getLong("version")).as("the first edit was broadcast only once").isEqualTo(3);
    assertThat(next.getJsonArray("changes"))
        .isEqualTo(changes("flywheel.evaluation_interval_s", 30, 40));
    assertThat(rejected.isEmpty()).isTrue();
  }

  @Test
  @DisplayName("saving a file without an effective change broadcasts nothing")
  void noOpSave(Vertx vertx) throws Exception {
    fixture.write("application.yaml", fixture.read("application.yaml"));
    fixture.edit("application.yaml", "# Largest position", "# The largest position");
    fixture.edit("application.yaml", "risk_tolerance: 0.02", "risk_tolerance: 0.020");
    fixture.edit("application.yaml", "take_profit: 0.15", "take_profit: 0.2");
    JsonObject event = changed.next();
    assertThat(event.getLong("version")).as("the no-op saves made no version").isEqualTo(2);
    assertThat(event.getJsonArray("changes")).isEqualTo(changes("trading.take_profit", 0.15, 0.2));
  }

  @Test
  @DisplayName(
      "an invalid edit is rejected: the last good config stays, the errors are published and an alert fires")
  void invalidEdit(Vertx vertx) throws Exception {
    fixture.edit("application.yaml", "max_position_size: 0.1", "max_position_size: abc");
    int line = fixture.lineOf("application.yaml", "max_position_size: abc");
    JsonObject event = rejected.next();
    assertThat(event.getString("source")).isEqualTo("file");
    assertThat(event.getJsonArray("errors"))
        .isEqualTo(
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("path", "trading.max_position_size")
                        .put("rule", "type")
                        .put("message", "trading.max_position_size: expected a number, got \"abc\"")
                        .put("location", fixture.file("application.yaml") + ":" + line)));
    assertThat(event.getString("at")).isNotBlank();

    JsonObject alert = alerts.next();
    assertThat(alert.getString("source")).isEqualTo("config");
    assertThat(alert.getString("state")).isEqualTo("firing");
    assertThat(alert.getString("name")).isEqualTo("config_rejected");
    assertThat(alert.getString("severity")).isEqualTo("warning");
    assertThat(alert.getString("id")).isNotBlank();
    assertThat(alert.getString("message"))
        .contains("trading.max_position_size: expected a number, got \"abc\"");

    JsonObject kept =
        request(
            vertx, Addresses.CONFIG_GET, new JsonObject().put("key", "trading.max_position_size"));
    assertThat(kept.getValue("value")).isEqualTo(0.1);
    assertThat(kept.getLong("version")).isEqualTo(1);
    assertThat(
            request(vertx, Addresses.CONFIG_STATUS, new JsonObject())
                .getJsonObject("details")
                .getBoolean("last_reload_rejected"))
        .isTrue();

    fixture.edit("application.yaml", "max_position_size: abc", "max_position_size: 0.3");
    assertThat(changed.next().getJsonArray("changes"))
        .isEqualTo(changes("trading.max_position_size", 0.1, 0.3));
    JsonObject resolved = alerts.next();
    assertThat(resolved.getString("state")).isEqualTo("resolved");
    assertThat(resolved.getString("id")).isEqualTo(alert.getString("id"));
  }

  @Test
  @DisplayName("a malformed YAML edit is rejected with file and line")
  void malformedEdit(Vertx vertx) throws Exception {
    fixture.edit("development.yaml", "  dry_run: true", "  dry_run: [true");
    JsonObject error = rejected.next().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("rule")).isEqualTo("syntax");
    assertThat(error.getString("message"))
        .matches(
            java.util.regex.Pattern.quote(fixture.file("development.yaml").toString())
                + ":\\d+: malformed YAML: .+");
    assertThat(value(vertx, "trading.dry_run")).isEqualTo(true);
  }

  @Test
  @DisplayName("an editor's save (write elsewhere, then rename over) is one reload")
  void renameSave(Vertx vertx) throws Exception {
    Path temp = fixture.conf.resolve(".application.yaml.swp");
    Files.writeString(
        temp, fixture.read("application.yaml").replace("min_order_size: 10", "min_order_size: 12"));
    Files.move(
        temp,
        fixture.file("application.yaml"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    assertThat(changed.next().getJsonArray("changes"))
        .isEqualTo(changes("trading.min_order_size", 10, 12));

    fixture.edit("application.yaml", "min_order_size: 12", "min_order_size: 13");
    assertThat(changed.next().getLong("version")).isEqualTo(3);
    assertThat(rejected.isEmpty()).isTrue();
  }

  @Test
  @DisplayName("a truncate-then-write save is one reload, never a rejected empty file")
  void truncateThenWrite(Vertx vertx) throws Exception {
    String content =
        fixture.read("application.yaml").replace("order_timeout_s: 30", "order_timeout_s: 45");
    try (FileChannel channel =
        FileChannel.open(fixture.file("application.yaml"), StandardOpenOption.WRITE)) {
      channel.truncate(0);
      channel.force(true);
      channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(changed.next().getJsonArray("changes"))
        .isEqualTo(changes("trading.order_timeout_s", 30, 45));
    fixture.edit("application.yaml", "order_timeout_s: 45", "order_timeout_s: 50");
    assertThat(changed.next().getLong("version")).isEqualTo(3);
    assertThat(rejected.isEmpty()).isTrue();
  }

  @Test
  @DisplayName("a changed schema applies too: a value it now forbids is rejected")
  void schemaEdit(Vertx vertx) throws Exception {
    fixture.edit(
        "schema.yaml",
        "trading.max_position_size: {type: number, required: true, min: 0, max: 1,",
        "trading.max_position_size: {type: number, required: true, min: 0, max: 0.05,");
    assertThat(rejected.next().getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo("trading.max_position_size: must be at most 0.05, got 0.1");
  }

  @Test
  @DisplayName(
      "files other than the configuration (editor swap files, other environments) are ignored")
  void otherFilesIgnored(Vertx vertx) throws Exception {
    fixture.write("production.yaml", "trading: {max_position_size: 0.9}\n");
    Files.writeString(fixture.conf.resolve("application.yaml~"), "garbage: [");
    fixture.edit("application.yaml", "max_open_positions: 10", "max_open_positions: 11");
    JsonObject event = changed.next();
    assertThat(event.getLong("version")).isEqualTo(2);
    assertThat(event.getJsonArray("changes"))
        .isEqualTo(changes("trading.max_open_positions", 10, 11));
    assertThat(rejected.isEmpty()).isTrue();
  }
}
