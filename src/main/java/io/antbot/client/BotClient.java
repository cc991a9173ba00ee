package io.antbot.client;

import io.antbot.bus.Addresses;
import io.antbot.bus.BotReport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A bot's line to the bot registry ({@code antbot.bots.*}, served by the metrics service on any
 * core node): announce, heartbeats with the last loop time, and pause/resume from operators.
 *
 * <pre>{@code
 * BotClient bot = BotClient.of(vertx, config());   // name and node from the launcher
 * bot.onPause(paused -> ...);                        // an operator paused or resumed it
 * ... each loop:  bot.heartbeat(Instant.now(), loopMs);
 * if (bot.paused()) skip the trading part
 * }</pre>
 *
 * <p>The launcher announces the bots it deploys and beats for them every {@value
 * #DEFAULT_INTERVAL_S} s while they are deployed, so a bot is listed and goes stale with its node
 * even without calling this client; a bot that calls {@link #heartbeat} adds its loop times.
 */
public final class BotClient extends BusClient {

  public static final int DEFAULT_INTERVAL_S = BotReport.DEFAULT_INTERVAL_S;

  private final String name;
  private final String node;
  private final String kind;
  private final String version;
  private final int intervalS;
  private volatile boolean paused;
  private volatile Consumer<Boolean> onPause = p -> {};
  private MessageConsumer<JsonObject> commands;
  private long timer = -1;

  public BotClient(
      Vertx vertx, String name, String node, String kind, String version, int intervalS) {
    super(vertx, DEFAULT_TIMEOUT_MS);
    this.name = name;
    this.node = node;
    this.kind = kind;
    this.version = version;
    this.intervalS = intervalS;
    commands =
        vertx
            .eventBus()
            .consumer(
                Addresses.BOTS_COMMAND,
                message -> {
                  JsonObject body = message.body();
                  if (body != null && name.equals(body.getString("name"))) {
                    paused("pause".equals(body.getString("command")));
                  }
                });
  }

  /**
   * For a bot the launcher deployed: its name and node are under {@code antbot} in the bot's
   * deployment config ({@code {antbot: {name, node}}}).
   */
  public static BotClient of(Vertx vertx, JsonObject botConfig) {
    JsonObject identity = botConfig.getJsonObject("antbot", new JsonObject());
    return new BotClient(
        vertx,
        identity.getString("name", "bot"),
        identity.getString("node", "local"),
        identity.getString("kind"),
        null,
        DEFAULT_INTERVAL_S);
  }

  public String name() {
    return name;
  }

  /** Registers the bot (again); completes with whether it is paused. */
  public Future<Boolean> announce() {
    return request(Addresses.BOTS_ANNOUNCE, report(null, null).toJson())
        .map(reply -> paused(reply.getBoolean("paused", false)));
  }

  /**
   * One heartbeat, with the end of the last loop and how long it took (either may be {@code null});
   * completes with whether the bot is paused.
   */
  public Future<Boolean> heartbeat(Instant lastLoopAt, Double loopMs) {
    return request(Addresses.BOTS_HEARTBEAT, report(lastLoopAt, loopMs).toJson())
        .map(reply -> paused(reply.getBoolean("paused", false)));
  }

  /**
   * Announces, then beats every interval until {@link #close()}. Failures are retried by the next
   * beat.
   */
  public void start() {
    announce().onFailure(e -> {});
    timer = vertx.setPeriodic(intervalS * 1000L, id -> heartbeat(null, null).onFailure(e -> {}));
  }

  /** Says the bot stopped and stops beating. */
  public Future<Void> stopped() {
    close();
    return request(Addresses.BOTS_STOPPED, new JsonObject().put("name", name).put("node", node))
        .mapEmpty();
  }

  /** Whether an operator paused this bot (as of the last heartbeat or command). */
  public boolean paused() {
    return paused;
  }

  /** Called with the new state when an operator pauses or resumes the bot. */
  public BotClient onPause(Consumer<Boolean> handler) {
    this.onPause = handler;
    return this;
  }

  /** Stops the heartbeats and the command subscription. */
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    if (commands != null) {
      commands.unregister();
      commands = null;
    }
  }

  private boolean paused(boolean now) {
    boolean before = paused;
    paused = now;
    if (before != now) {
      onPause.accept(now);
    }
    return now;
  }

  private BotReport report(Instant lastLoopAt, Double loopMs) {
    return new BotReport(name, node, kind, version, intervalS, lastLoopAt, loopMs);
  }
}
