package io.antbot.service;

import io.vertx.core.Future;

/**
 * A service operation behind one bus address.
 *
 * <p>It returns the reply body (a {@code JsonObject}, or another type the event bus can carry) or
 * fails with a {@link BusException}; throwing is the same as returning a failed future.
 */
@FunctionalInterface
public interface BusHandler {
  Future<?> handle(BusRequest request) throws Exception;
}
