package io.antbot.web;

import io.vertx.core.Context;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.ext.web.RoutingContext;

/**
 * Where the HTTP edge keeps what it learns about one request: a slot of the request's own context (Vert.x runs every
 * request on a duplicated context of its own). A slot is an array element; the routing context's string-keyed data
 * it replaces made a hash map per request. Vert.x reserves slots in the contexts of an instance only for the slots
 * registered before the instance is built, hence a service provider, which Vert.x loads while it builds itself
 * (listed in {@code META-INF/services/io.vertx.core.spi.VertxServiceProvider}).
 */
public final class RequestSlots implements VertxServiceProvider {

  /** The edge chain's state of the request ({@link EdgeChain}). */
  static final ContextLocal<Object> EDGE = ContextLocal.registerLocal(Object.class);

  @Override
  public void init(VertxBootstrap builder) {
    // Nothing to set up: loading this class registered the slot.
  }

  /** The context the request runs on. */
  static Context of(RoutingContext ctx) {
    return ((HttpServerRequestInternal) ctx.request()).context();
  }
}
