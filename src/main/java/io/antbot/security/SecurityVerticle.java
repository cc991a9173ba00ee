package io.antbot.security;

import io.antbot.bus.ServiceVerticle;
import io.antbot.bus.Services;
import io.vertx.core.Future;

/** The security service. */
public class SecurityVerticle extends ServiceVerticle {

  public SecurityVerticle() {
    super(Services.SECURITY);
  }

  @Override
  protected Future<?> startService() {
    return Future.succeededFuture();
  }
}
