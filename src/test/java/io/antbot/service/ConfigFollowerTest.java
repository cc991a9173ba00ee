package io.antbot.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.bus.ConfigChange;
import io.antbot.bus.ConfigChangedEvent;
import io.antbot.bus.TrustedHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A service's section kept current by the broadcasts' diff, against a stand-in config service that
 * counts its reads.
 */
@ExtendWith(VertxExtension.class)
class ConfigFollowerTest {

  private final AtomicInteger reads = new AtomicInteger();
  private JsonObject config =
      new JsonObject()
          .put("logging", new JsonObject().put("level", "INFO").put("buffer_size", 100))
          .put("metrics", new JsonObject().put("system_interval_s", 5));
  private long version = 7;

  @BeforeEach
  void standIn(Vertx vertx) {
    vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.CONFIG_GET,
            message -> {
              reads.incrementAndGet();
              String key = message.body().getString("key");
              message.reply(
                  new JsonObject()
                      .put("key", key)
                      .put("value", config.getValue(key))
                      .put("version", version));
            });
  }

  private static BusRequest broadcast(ConfigChangedEvent event, String publisher) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (publisher != null) {
      headers.add(TrustedHeaders.PUBLISHER, publisher);
    }
    return new BusRequest(event.toJson(), headers, null);
  }

  private static ConfigChangedEvent event(
      long version, List<ConfigChange> changes, String... restart) {
    return new ConfigChangedEvent(
        version, "test", changes, Instant.now().toString(), "tester", null, List.of(restart));
  }

  @Test
  @DisplayName(
      "the next version is applied from the broadcast alone: new section, its changes, restart-only keys; no re-read")
  void appliesTheDiff(Vertx vertx) {
    ConfigFollower follower = ConfigFollower.open(vertx, "logging").await();
    assertThat(follower.version()).isEqualTo(7);
    assertThat(reads.get()).isEqualTo(1);
    Optional<ConfigFollower.Update> update =
        follower
            .follow(
                broadcast(
                    event(
                        8,
                        List.of(
                            new ConfigChange("logging.level", "INFO", "DEBUG"),
                            new ConfigChange("logging.dir", null, "/var/log/antbot"),
                            new ConfigChange("metrics.system_interval_s", 5, 10)),
                        "logging.dir",
                        "metrics.system_interval_s"),
                    TrustedHeaders.CONFIG_SERVICE))
            .await();
    assertThat(update).isPresent();
    assertThat(update.get().section())
        .isEqualTo(
            new JsonObject()
                .put("level", "DEBUG")
                .put("buffer_size", 100)
                .put("dir", "/var/log/antbot"));
    assertThat(update.get().changes())
        .extracting(ConfigChange::key)
        .containsExactly("logging.level", "logging.dir");
    assertThat(update.get().restartRequired()).containsExactly("logging.dir");
    assertThat(follower.version()).isEqualTo(8);
    assertThat(reads.get()).as("no bus round trip for a change").isEqualTo(1);
  }

  @Test
  @DisplayName("a change of another section, an old version and a forged broadcast change nothing")
  void ignoresWhatIsNotItsOwn(Vertx vertx) {
    ConfigFollower follower = ConfigFollower.open(vertx, "logging").await();
    assertThat(
            follower
                .follow(
                    broadcast(
                        event(8, List.of(new ConfigChange("metrics.system_interval_s", 5, 10))),
                        TrustedHeaders.CONFIG_SERVICE))
                .await())
        .isEmpty();
    assertThat(
            follower
                .follow(
                    broadcast(
                        event(8, List.of(new ConfigChange("logging.level", "INFO", "OFF"))),
                        TrustedHeaders.CONFIG_SERVICE))
                .await())
        .as("version 8 was already taken")
        .isEmpty();
    assertThat(
            follower
                .follow(
                    broadcast(
                        event(9, List.of(new ConfigChange("logging.level", "INFO", "OFF"))),
                        "someone-else"))
                .await())
        .as("not the config service's broadcast")
        .isEmpty();
    assertThat(
            follower
                .follow(
                    broadcast(
                        event(9, List.of(new ConfigChange("logging.level", "INFO", "OFF"))), null))
                .await())
        .isEmpty();
    assertThat(follower.section().getString("level")).isEqualTo("INFO");
    assertThat(follower.version()).isEqualTo(8);
  }

  @Test
  @DisplayName(
      "a skipped version makes it fetch the section once and report the difference, restart-only keys from the schema")
  void gapFetchesOnce(Vertx vertx) {
    ConfigFollower follower = ConfigFollower.open(vertx, "logging").await();
    config.put(
        "logging",
        new JsonObject().put("level", "WARN").put("buffer_size", 100).put("queue_size", 64));
    version = 10;
    Optional<ConfigFollower.Update> update =
        follower
            .follow(
                broadcast(
                    event(10, List.of(new ConfigChange("logging.level", "ERROR", "WARN"))),
                    TrustedHeaders.CONFIG_SERVICE))
            .await();
    assertThat(reads.get()).isEqualTo(2);
    assertThat(update).isPresent();
    assertThat(update.get().version()).isEqualTo(10);
    assertThat(update.get().section().getString("level")).isEqualTo("WARN");
    assertThat(update.get().changes())
        .extracting(ConfigChange::key)
        .containsExactlyInAnyOrder("logging.level", "logging.queue_size");
    assertThat(update.get().restartRequired()).containsExactly("logging.queue_size");
  }
}
