package io.antbot.examples;

import io.antbot.client.ConfigClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An example bot: every {@code cycle_ms} it reads its trading limits through the typed client, the way a real bot
 * would before sizing an order. It places no orders.
 *
 * <p>Config: {@code {cycle_ms: 5000}}.
 */
public class ExampleBotVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ExampleBotVerticle.class);
  static final long DEFAULT_CYCLE_MS = 5_000;

  private ConfigClient config;
  private long timer;
  private double maxPositionSize;

  @Override
  public Future<?> start() {
    config = new ConfigClient(vertx);
    long cycleMs = config().getLong("cycle_ms", DEFAULT_CYCLE_MS);
    if (cycleMs < 100) {
      return Future.failedFuture("cycle_ms: expected at least 100, got " + cycleMs);
    }
    return cycle().onSuccess(v -> timer = vertx.setPeriodic(cycleMs, id -> cycle()));
  }

  private Future<Void> cycle() {
    return config.getDouble("trading.max_position_size", 0.1)
      .onSuccess(size -> {
        if (size != maxPositionSize) {
          log.info("max position size is now {}", size);
          maxPositionSize = size;
        }
      })
      .onFailure(e -> log.warn("cycle failed: {}", e.getMessage()))
      .mapEmpty();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
