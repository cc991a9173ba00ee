package io.antbot.config;

import static io.antbot.config.BusProbe.failure;
import static io.antbot.config.BusProbe.request;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.antbot.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Secrets from the environment and from runtime sets never appear in what the service shows. */
@ExtendWith(VertxExtension.class)
class ConfigSecretsTest {

  private static final String ENV_SECRET = "AKIA-env-secret-1234";
  private static final String SET_SECRET = "s3cr3t-set-by-bus-5678";
  private static final String BAD_SECRET = "wrong-type-secret-9012";

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private ConfigFixture fixture;

  @BeforeEach
  void setUp(@TempDir Path root) {
    fixture = new ConfigFixture(root);
    logs.start();
    this.root.addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    root.detachAppender(logs);
  }

  @Test
  @DisplayName(
      "secrets are absent from every broadcast, reply, snapshot, history entry and log line")
  void secretsNeverShown(Vertx vertx) throws Exception {
    ch.qos.logback.classic.Level level = ((Logger) LoggerFactory.getLogger("io.antbot")).getLevel();
    ((Logger) LoggerFactory.getLogger("io.antbot")).setLevel(ch.qos.logback.classic.Level.DEBUG);
    List<String> shown = new ArrayList<>();
    try {
      fixture
          .deploy(
              vertx,
              "development",
              Map.of("ANTBOT_TRADING__EXCHANGES__KRAKEN__API_KEY", ENV_SECRET),
              new JsonObject())
          .await(5, TimeUnit.SECONDS);
      try (BusProbe changed = BusProbe.on(vertx, Addresses.CONFIG_CHANGED);
          BusProbe rejected = BusProbe.on(vertx, Addresses.CONFIG_REJECTED)) {
        JsonObject reply =
            request(
                vertx,
                Addresses.CONFIG_SET,
                new JsonObject()
                    .put("key", "trading.exchanges.kraken.api_secret")
                    .put("value", SET_SECRET)
                    .put("actor", "ops"));
        shown.add(reply.encode());
        JsonObject event = changed.next();
        shown.add(event.encode());
        assertThat(event.getJsonArray("changes").getJsonObject(0))
            .isEqualTo(
                new JsonObject()
                    .put("key", "trading.exchanges.kraken.api_secret")
                    .putNull("old")
                    .put("new", "***"));

        shown.add(
            failure(
                vertx,
                Addresses.CONFIG_SET,
                new JsonObject()
                    .put("key", "trading.exchanges.kraken.passphrase")
                    .put("value", new JsonObject().put("x", BAD_SECRET)),
                400));
        shown.add(request(vertx, Addresses.CONFIG_SNAPSHOT, new JsonObject()).encode());
        shown.add(
            request(vertx, Addresses.CONFIG_GET, new JsonObject().put("key", "trading.exchanges"))
                .encode());
        shown.add(
            request(
                    vertx,
                    Addresses.CONFIG_GET,
                    new JsonObject().put("key", "trading.exchanges.kraken.api_key"))
                .encode());
        shown.add(request(vertx, Addresses.CONFIG_HISTORY, new JsonObject()).encode());
        shown.add(
            request(
                    vertx,
                    Addresses.CONFIG_VALIDATE,
                    new JsonObject()
                        .put(
                            "yaml",
                            "trading:\n  exchanges:\n    kraken:\n      api_key: ["
                                + BAD_SECRET
                                + "]\n"))
                .encode());

        fixture.edit("application.yaml", "max_position_size: 0.1", "max_position_size: 0.2");
        shown.add(changed.next().encode());
        fixture.edit("application.yaml", "max_position_size: 0.2", "max_position_size: nope");
        shown.add(rejected.next().encode());
      }
      shown.add(Files.readString(fixture.state.resolve("config-history.json")));
    } finally {
      ((Logger) LoggerFactory.getLogger("io.antbot")).setLevel(level);
    }
    logs.list.forEach(event -> shown.add(event.getFormattedMessage()));

    assertThat(shown).hasSizeGreaterThan(12);
    assertThat(Files.readString(fixture.state.resolve("config-overrides.json")))
        .as("the one place that keeps it")
        .contains(SET_SECRET);
    assertThat(String.join("\n", shown))
        .doesNotContain(ENV_SECRET, SET_SECRET, BAD_SECRET)
        .contains("***");
    assertThat(
            request(
                    vertx,
                    Addresses.CONFIG_GET,
                    new JsonObject().put("key", "trading.exchanges.kraken.api_key"))
                .getValue("value"))
        .isEqualTo("***");
  }

  @Test
  @DisplayName("a revert takes secrets from the current overrides, since the history keeps none")
  void revertWithSecrets(Vertx vertx) throws Exception {
    fixture.deploy(vertx).await(5, TimeUnit.SECONDS);
    String key = "trading.exchanges.kraken.api_secret";
    request(vertx, Addresses.CONFIG_SET, new JsonObject().put("key", key).put("value", SET_SECRET));
    request(
        vertx,
        Addresses.CONFIG_SET,
        new JsonObject().put("key", "trading.take_profit").put("value", 0.3));
    request(vertx, Addresses.CONFIG_REVERT, new JsonObject().put("version", 2));
    assertThat(Files.readString(fixture.state.resolve("config-overrides.json")))
        .contains(SET_SECRET);
    assertThat(
            request(vertx, Addresses.CONFIG_GET, new JsonObject().put("key", "trading.take_profit"))
                .getValue("value"))
        .isEqualTo(0.15);

    request(vertx, Addresses.CONFIG_UNSET, new JsonObject().put("key", key));
    assertThat(failure(vertx, Addresses.CONFIG_REVERT, new JsonObject().put("version", 3), 409))
        .isEqualTo(
            "version 3 cannot be restored: the secret overrides [trading.exchanges.kraken.api_secret] are no longer"
                + " set and the history does not keep secrets; set them again first");
  }
}
