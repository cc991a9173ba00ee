package io.antbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.antbot.bus.Addresses;
import io.antbot.bus.JsonFields;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config service's state files ({@code config-overrides.json}, {@code config-history.json}) can
 * always be read by the next start: the largest value, reason and actor a set accepts go in, the
 * service is started again on the same directories (a new Vert.x instance, nothing kept in memory)
 * and everything is there; what JSON or Jackson could not read back is refused before anything is
 * written.
 */
class ConfigStateFilesTest {

  private static final String FLAG = "features.wide_rollout";

  @TempDir Path root;

  private ConfigFixture fixture;
  private Vertx vertx = Vertx.vertx();

  @BeforeEach
  void setUp() {
    fixture = new ConfigFixture(root);
    fixture.deploy(vertx).await();
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "the largest accepted value, reason and actor survive a restart; one character more is a 413")
  void largestValueSurvivesRestart() throws Exception {
    JsonObject largest = flagOfSize(JsonFields.MAX_STORABLE_CHARS);
    JsonObject tooLarge = flagOfSize(JsonFields.MAX_STORABLE_CHARS + 1);
    assertThat(largest.encode()).hasSize(JsonFields.MAX_STORABLE_CHARS);
    String reason = "r".repeat(500);
    String actor = "a".repeat(128);

    long version =
        request(
                Addresses.CONFIG_SET,
                new JsonObject()
                    .put("key", FLAG)
                    .put("value", largest)
                    .put("reason", reason)
                    .put("actor", actor))
            .getLong("version");
    assertThat(
            failure(Addresses.CONFIG_SET, new JsonObject().put("key", FLAG).put("value", tooLarge)))
        .isEqualTo("413 value: at most 262144 characters of JSON, got 262145");
    assertThat(
            failure(
                Addresses.CONFIG_SET,
                new JsonObject()
                    .put("key", FLAG)
                    .put("value", largest)
                    .put("reason", reason + "r")))
        .isEqualTo("400 reason: expected one line of at most 500 characters");
    assertThat(Files.size(fixture.state.resolve("config-overrides.json")))
        .isGreaterThan(JsonFields.MAX_STORABLE_CHARS);

    restart();

    JsonObject got = request(Addresses.CONFIG_GET, new JsonObject().put("key", FLAG));
    assertThat(got.getJsonObject("value")).isEqualTo(largest);
    assertThat(got.getLong("version")).isEqualTo(version);
    JsonObject newest =
        request(Addresses.CONFIG_HISTORY, new JsonObject().put("limit", 1))
            .getJsonArray("versions")
            .getJsonObject(0);
    assertThat(newest.getLong("version")).isEqualTo(version);
    assertThat(newest.getString("reason")).isEqualTo(reason);
    assertThat(newest.getString("actor")).isEqualTo(actor);
  }

  @Test
  @DisplayName(
      "an infinity, a 1,001-digit number or a 257-character field name is a 400 on the bus; nothing is written")
  void unreadableValuesRefused() throws Exception {
    long before =
        request(Addresses.CONFIG_GET, new JsonObject().put("key", "trading.risk_tolerance"))
            .getLong("version");
    assertThat(
            failure(
                Addresses.CONFIG_SET,
                new JsonObject()
                    .put("key", "trading.risk_tolerance")
                    .put("value", Double.POSITIVE_INFINITY)))
        .isEqualTo(
            "400 value: expected a finite number, got Infinity (out of the range of a double)");
    assertThat(
            failure(
                Addresses.CONFIG_SET,
                new JsonObject()
                    .put("key", "trading.risk_tolerance")
                    .put("value", new BigInteger("9".repeat(1001)))))
        .isEqualTo("400 value: a number of 1001 characters (at most 1000)");
    assertThat(
            failure(
                Addresses.CONFIG_SET,
                new JsonObject()
                    .put("key", FLAG)
                    .put("value", new JsonObject().put("enabled", true).put("n".repeat(257), 1))))
        .isEqualTo("400 value: a field name of 257 characters (at most 256)");
    assertThat(
            failure(
                Addresses.CONFIG_GET,
                new JsonObject().put("key", "trading.nothing_here").put("default", Double.NaN)))
        .isEqualTo("400 default: expected a finite number, got NaN (out of the range of a double)");

    restart();

    assertThat(
            request(Addresses.CONFIG_GET, new JsonObject().put("key", "trading.risk_tolerance"))
                .getLong("version"))
        .isEqualTo(before);
  }

  /**
   * A feature flag whose JSON text is exactly {@code chars} long: a list of allowed bots, the last
   * one padded.
   */
  private static JsonObject flagOfSize(int chars) {
    JsonArray bots = new JsonArray();
    JsonObject flag =
        new JsonObject().put("enabled", true).put("allow", new JsonObject().put("bots", bots));
    while (flag.encode().length() + 1_003 < chars) {
      bots.add("b".repeat(1_000));
    }
    bots.add("");
    bots.set(bots.size() - 1, "b".repeat(chars - flag.encode().length()));
    return flag;
  }

  private void restart() {
    vertx.close().await();
    vertx = Vertx.vertx();
    fixture.deploy(vertx).await();
  }

  private JsonObject request(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body).await().body();
  }

  private String failure(String address, JsonObject body) {
    Throwable failure = catchThrowable(() -> vertx.eventBus().request(address, body).await());
    assertThat(failure).as(address).isInstanceOf(ReplyException.class);
    ReplyException reply = (ReplyException) failure;
    return reply.failureCode() + " " + reply.getMessage();
  }
}
