package io.antbot.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.bus.ConfigChange;
import io.antbot.testing.TestConf;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ConfigViewTest {

  private ConfigClient client;

  @BeforeEach
  void setUp(Vertx vertx, @TempDir Path root) throws Exception {
    Path conf = Files.createDirectories(root.resolve("conf"));
    TestConf.copyShipped(conf);
    TestConf.deployConfig(
            vertx,
            conf,
            "development",
            new JsonObject()
                .put("core", new JsonObject().put("state_dir", root.resolve("state").toString())))
        .await(5, TimeUnit.SECONDS);
    client = new ConfigClient(vertx);
  }

  @Test
  @DisplayName("reads are local lookups of the snapshot: values, sections as copies, defaults")
  void localReads(Vertx vertx) throws Exception {
    ConfigView view = ConfigView.open(vertx).await(5, TimeUnit.SECONDS);
    assertThat(view.version()).isEqualTo(1);
    assertThat(view.get("trading.max_position_size")).isEqualTo(0.1);
    assertThat(view.getDouble("trading.max_position_size", 0.5)).isEqualTo(0.1);
    assertThat(view.getInteger("compounding.cycle_s", 0)).isEqualTo(60);
    assertThat(view.getBoolean("trading.dry_run", false)).isTrue();
    assertThat(view.getString("trading.base_currency", "X")).isEqualTo("USDC");
    assertThat(view.get("trading.nothing_here")).isNull();
    assertThat(view.getLong("trading.nothing_here", 7)).isEqualTo(7);
    JsonObject layer = (JsonObject) view.get("compounding.layers.reinvestment");
    layer.put("rate", 0.99);
    assertThat(view.get("compounding.layers.reinvestment.rate"))
        .as("a returned section is a copy")
        .isEqualTo(0.5);
    view.close();
  }

  @Test
  @DisplayName(
      "the view follows changes, and onChange calls only the handlers whose prefix matches")
  void followsChanges(Vertx vertx, VertxTestContext test) throws Exception {
    ConfigView view = ConfigView.open(vertx).await(5, TimeUnit.SECONDS);
    Checkpoint trading = test.checkpoint();
    List<String> compounding = new CopyOnWriteArrayList<>();
    view.onChange("compounding", changes -> compounding.add(changes.toString()));
    view.onChange(
        "trading",
        changes ->
            test.verify(
                () -> {
                  assertThat(changes)
                      .containsExactly(new ConfigChange("trading.risk_tolerance", 0.02, 0.05));
                  assertThat(view.get("trading.risk_tolerance"))
                      .as("the view holds the new value first")
                      .isEqualTo(0.05);
                  assertThat(view.version()).isEqualTo(2);
                  assertThat(compounding).isEmpty();
                  trading.flag();
                }));
    var set =
        client
            .set("trading.risk_tolerance", 0.05, "seed example", "alice")
            .onFailure(test::failNow);
    assertThat(test.awaitCompletion(5, TimeUnit.SECONDS)).isTrue();
    set.await(5, TimeUnit.SECONDS);
    view.close();
  }

  @Test
  @DisplayName("a cancelled callback is not called again")
  void cancelCallback(Vertx vertx) throws Exception {
    ConfigView view = ConfigView.open(vertx).await(5, TimeUnit.SECONDS);
    List<List<ConfigChange>> seen = new CopyOnWriteArrayList<>();
    List<List<ConfigChange>> all = new CopyOnWriteArrayList<>();
    Runnable cancel = view.onChange("trading", seen::add);
    view.onChange("", all::add);
    cancel.run();
    client.set("trading.take_profit", 0.2, null, "ops").await(5, TimeUnit.SECONDS);
    waitForVersion(view, 2);
    assertThat(all).hasSize(1);
    assertThat(seen).isEmpty();
    view.close();
  }

  @Test
  @DisplayName(
      "a missed broadcast is noticed by the version gap: the view fetches the snapshot and reports both changes")
  void gapRefetch(Vertx vertx, VertxTestContext test) throws Exception {
    ConfigView view = ConfigView.open(vertx).await(5, TimeUnit.SECONDS);
    AtomicBoolean drop = new AtomicBoolean(true);
    Handler<DeliveryContext<Object>> interceptor =
        delivery -> {
          if (drop.get() && Addresses.CONFIG_CHANGED.equals(delivery.message().address())) {
            return;
          }
          delivery.next();
        };
    vertx.eventBus().addInboundInterceptor(interceptor);
    client.set("flywheel.momentum_window", 25, null, "ops").await(5, TimeUnit.SECONDS);
    drop.set(false);
    Checkpoint refreshed = test.checkpoint();
    view.onChange(
        "flywheel",
        changes ->
            test.verify(
                () -> {
                  assertThat(changes)
                      .containsExactly(
                          new ConfigChange("flywheel.acceleration", 1.05, 1.1),
                          new ConfigChange("flywheel.momentum_window", 20, 25));
                  assertThat(view.version()).isEqualTo(3);
                  assertThat(view.get("flywheel.momentum_window")).isEqualTo(25);
                  refreshed.flag();
                }));
    var second = client.set("flywheel.acceleration", 1.1, null, "ops").onFailure(test::failNow);
    assertThat(test.awaitCompletion(5, TimeUnit.SECONDS)).isTrue();
    // The change event can arrive before the set's reply, which comes once its files are written:
    // wait for it, so
    // that no write is still going on when the temporary directory is deleted.
    second.await(5, TimeUnit.SECONDS);
    vertx.eventBus().removeInboundInterceptor(interceptor);
    view.close();
  }

  @Test
  @DisplayName("the typed client writes, reverts, reads history, evaluates flags and validates")
  void clientWrites(Vertx vertx) throws Exception {
    ConfigClient.WriteResult set =
        client.set("trading.max_open_positions", 12, "more", "alice").await(5, TimeUnit.SECONDS);
    assertThat(set.version()).isEqualTo(2);
    assertThat(set.changes())
        .containsExactly(new ConfigChange("trading.max_open_positions", 10, 12));
    assertThat(client.history(5).await(5, TimeUnit.SECONDS)).hasSize(2);
    assertThat(client.revert(1, "undo", "bob").await(5, TimeUnit.SECONDS).changes())
        .containsExactly(new ConfigChange("trading.max_open_positions", 12, 10));
    assertThat(
            client
                .set("trading.max_open_positions", 13, null, "alice")
                .await(5, TimeUnit.SECONDS)
                .version())
        .isEqualTo(4);
    assertThat(
            client
                .unset("trading.max_open_positions", null, "alice")
                .await(5, TimeUnit.SECONDS)
                .version())
        .isEqualTo(5);
    assertThat(
            client
                .isEnabled("enable_compounding", Map.of("bot_id", "ant-1"))
                .await(5, TimeUnit.SECONDS))
        .isTrue();
    assertThat(
            client
                .validate("trading:\n  max_position_size: 2\n", null)
                .await(5, TimeUnit.SECONDS)
                .getBoolean("valid"))
        .isFalse();
    assertThat(client.view().await(5, TimeUnit.SECONDS).version()).isEqualTo(5);
  }

  /** Waits for the view to reach {@code version}, on a bus event rather than by sleeping. */
  private static void waitForVersion(ConfigView view, long version) throws Exception {
    java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(1);
    Runnable cancel =
        view.onChange(
            "",
            changes -> {
              if (view.version() >= version) {
                reached.countDown();
              }
            });
    if (view.version() < version) {
      assertThat(reached.await(5, TimeUnit.SECONDS)).isTrue();
    }
    cancel.run();
  }
}
