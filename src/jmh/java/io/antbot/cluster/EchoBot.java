package io.antbot.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/**
 * The baseline of the cluster benchmark: a bare consumer on the core node answering {@code
 * bench.echo} with a reply the size of a {@code antbot.config.get} reply (deployed as a bot).
 */
public class EchoBot extends VerticleBase {

  @Override
  public Future<?> start() {
    JsonObject reply =
        new JsonObject()
            .put("key", "trading.max_position_size")
            .put("value", 0.1)
            .put("version", 1);
    return vertx.eventBus().consumer("bench.echo", message -> message.reply(reply)).completion();
  }
}
