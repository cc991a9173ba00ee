package io.antbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dry run does not wait for the lock that serialises writes and reloads. */
@DisplayName("Configuration: validation runs beside a write in progress")
class LiveConfigValidateTest {

  @Test
  @DisplayName("validate answers while a write holds the configuration lock")
  void notSerialisedWithWrites(@TempDir Path root) throws Exception {
    ConfigFixture fixture = new ConfigFixture(root);
    LiveConfig live =
        new LiveConfig(
            fixture.conf,
            "development",
            Map.of(),
            System::getProperties,
            new JsonObject()
                .put("core", new JsonObject().put("state_dir", fixture.state.toString())),
            Clock.systemUTC(),
            applied -> {});
    live.start();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread writer =
        new Thread(
            () -> {
              synchronized (live) {
                held.countDown();
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            });
    writer.start();
    try {
      assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
      ValidationReport report =
          CompletableFuture.supplyAsync(
                  () -> live.validate("trading:\n  max_position_size: 2\n", null))
              .get(5, TimeUnit.SECONDS);
      assertThat(report.valid()).isFalse();
      assertThat(report.errors().get(0).message())
          .isEqualTo("trading.max_position_size: must be at most 1, got 2");
    } finally {
      release.countDown();
      writer.join(5_000);
    }
  }
}
