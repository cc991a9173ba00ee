package io.antbot.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Waits for a condition that another component makes true asynchronously, by re-checking it on a
 * Vert.x timer (never sleeping a thread), and fails with what was last seen when it does not come
 * true in time.
 */
public final class Eventually {

  /** How often the condition is checked again, in milliseconds. */
  private static final long PERIOD_MS = 20;

  private Eventually() {}

  /** Completes once {@code check} yields {@code true}; fails after {@code timeoutMs}. */
  public static Future<Void> eventually(
      Vertx vertx, long timeoutMs, Supplier<Future<Boolean>> check) {
    Promise<Void> done = Promise.promise();
    poll(vertx, System.currentTimeMillis() + timeoutMs, check, done);
    return done.future();
  }

  /** {@link #eventually(Vertx, long, Supplier)} with a 10 s limit. */
  public static Future<Void> eventually(Vertx vertx, Supplier<Future<Boolean>> check) {
    return eventually(vertx, 10_000, check);
  }

  private static void poll(
      Vertx vertx, long deadline, Supplier<Future<Boolean>> check, Promise<Void> done) {
    check
        .get()
        .onComplete(
            result -> {
              if (result.succeeded() && Boolean.TRUE.equals(result.result())) {
                done.complete();
              } else if (System.currentTimeMillis() > deadline) {
                done.fail(
                    new AssertionError(
                        "condition not met in time"
                            + (result.failed() ? ": " + result.cause() : "")));
              } else {
                vertx.setTimer(PERIOD_MS, id -> poll(vertx, deadline, check, done));
              }
            });
  }
}
