package io.antbot.metrics;

import io.antbot.bus.ServiceVerticle;
import io.antbot.bus.Services;
import io.vertx.core.Future;

/** The metrics service. */
public class MetricsVerticle extends ServiceVerticle {

  public MetricsVerticle() {
    super(Services.METRICS);
  }

  @Override
  protected Future<?> startService() {
    return Future.succeededFuture();
  }
}
