package io.antbot.examples;

import io.antbot.client.BotClient;
import io.antbot.client.ConfigClient;
import io.antbot.client.ConfigView;
import io.antbot.client.LogClient;
import io.antbot.client.MetricsClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * An example bot that shows how a bot uses the runtime through the typed clients. It places no
 * orders.
 *
 * <ul>
 *   <li>Configuration: a {@link ConfigView} kept live by the broadcasts, so each cycle reads {@code
 *       trading.max_position_size} as a local lookup, and {@code onChange("trading", ...)} reports
 *       edits as they happen (a hot reload of {@code conf/*.yaml} is seen within milliseconds).
 *   <li>Feature flags: asks whether {@code enable_compounding} is on for this bot.
 *   <li>Logging: a component logger over the bus ({@code ExampleBot}); each cycle runs under its
 *       own correlation id.
 *   <li>Metrics: each cycle is recorded as an operation ({@code ExampleBot/cycle}) with its
 *       duration.
 * </ul>
 *
 * <p>Config: {@code {cycle_ms: 5000, bot_id: "example-bot"}}.
 */
public class ExampleBotVerticle extends VerticleBase {

  static final long DEFAULT_CYCLE_MS = 5_000;
  static final String COMPONENT = "ExampleBot";

  private ConfigClient config;
  private ConfigView view;
  private LogClient logs;
  private LogClient.ComponentLogger log;
  private MetricsClient metrics;
  private String botId;
  private long timer;
  private BotClient bot;
  private Runnable unsubscribe = () -> {};

  @Override
  public Future<?> start() {
    long cycleMs = config().getLong("cycle_ms", DEFAULT_CYCLE_MS);
    if (cycleMs < 100) {
      return Future.failedFuture("cycle_ms: expected at least 100, got " + cycleMs);
    }
    botId = config().getString("bot_id", "example-bot");
    config = new ConfigClient(vertx);
    logs = new LogClient(vertx);
    log = logs.logger(COMPONENT);
    metrics = new MetricsClient(vertx);
    bot =
        BotClient.of(vertx, config())
            .onPause(
                paused ->
                    log.info(
                        paused ? "paused by an operator" : "resumed",
                        new JsonObject().put("bot", botId)));
    return ConfigView.open(vertx, config)
        .onSuccess(
            opened -> {
              view = opened;
              unsubscribe =
                  view.onChange(
                      "trading",
                      changes ->
                          changes.forEach(
                              change ->
                                  log.info(
                                      "trading setting changed",
                                      new JsonObject()
                                          .put("key", change.key())
                                          .put("old", change.oldValue())
                                          .put("new", change.newValue())
                                          .put("bot", botId))));
              log.info(
                  "example bot started",
                  new JsonObject()
                      .put("bot", botId)
                      .put("cycle_ms", cycleMs)
                      .put("max_position_size", view.getDouble("trading.max_position_size", 0.1)));
              timer = vertx.setPeriodic(cycleMs, id -> cycle());
            });
  }

  /**
   * One cycle: read limits locally, ask for a flag, and record how long it took; then a heartbeat
   * with the loop's end and duration. A paused bot only beats.
   */
  private Future<Void> cycle() {
    long started = System.nanoTime();
    if (bot.paused()) {
      return bot.heartbeat(null, null).<Void>mapEmpty().otherwiseEmpty();
    }
    return logs.startCorrelation("example_cycle")
        .compose(
            id ->
                logs.withCorrelation(
                    id,
                    () ->
                        config
                            .isEnabled("enable_compounding", Map.of("bot_id", botId))
                            .map(
                                compounding -> {
                                  double size = view.getDouble("trading.max_position_size", 0.1);
                                  log.debug(
                                      "cycle",
                                      new JsonObject()
                                          .put("bot", botId)
                                          .put("max_position_size", size)
                                          .put("compounding", compounding));
                                  return compounding;
                                })))
        .transform(
            result ->
                metrics.recordOperation(
                    COMPONENT, "cycle", (System.nanoTime() - started) / 1e6, result.succeeded()))
        .onFailure(e -> log.warn("cycle failed: " + e.getMessage()))
        .transform(
            done ->
                bot.heartbeat(java.time.Instant.now(), (System.nanoTime() - started) / 1e6)
                    .<Void>mapEmpty()
                    .otherwiseEmpty());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    if (bot != null) {
      bot.close();
    }
    unsubscribe.run();
    if (view != null) {
      view.close();
    }
    return Future.succeededFuture();
  }
}
