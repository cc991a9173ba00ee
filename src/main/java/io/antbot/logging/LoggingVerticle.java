package io.antbot.logging;

import io.antbot.bus.ServiceVerticle;
import io.antbot.bus.Services;
import io.vertx.core.Future;

/** The logging service. */
public class LoggingVerticle extends ServiceVerticle {

  public LoggingVerticle() {
    super(Services.LOGGING);
  }

  @Override
  protected Future<?> startService() {
    return Future.succeededFuture();
  }
}
