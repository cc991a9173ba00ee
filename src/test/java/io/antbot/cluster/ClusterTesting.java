package io.antbot.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** What the tests of the cluster's shared state do on the nodes' event loops. */
public final class ClusterTesting {

  private ClusterTesting() {}

  /** Runs {@code action} on {@code context} and waits (up to 30 s) for its future's result. */
  public static <T> T on(Context context, Supplier<Future<T>> action) throws Exception {
    CompletableFuture<T> done = new CompletableFuture<>();
    context.runOnContext(v -> action.get().onComplete(done::complete, done::completeExceptionally));
    return done.get(30, TimeUnit.SECONDS);
  }

  /**
   * Runs {@code write} (a change made on {@code writer}) while {@code busy}, another node's event
   * loop, is held — a node in a burst of work or a long pause, which hears of the change from the
   * map's listener or the broadcast only once it is free. The busy node is let go as soon as the
   * writer asks some {@code prefix<member id>} address to confirm; asserted: the writer asks before
   * its write completes (a write that completed with the other node still held could not have
   * waited for it). Returns once the write completed.
   */
  public static void writeWhileBusy(Context busy, Vertx writer, String prefix, Callable<?> write)
      throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    busy.runOnContext(
        v -> {
          held.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    assertThat(held.await(10, TimeUnit.SECONDS)).as("the other node is held").isTrue();
    CompletableFuture<String> first = new CompletableFuture<>();
    Handler<DeliveryContext<Object>> asked =
        delivery -> {
          if (delivery.message().address().startsWith(prefix)) {
            first.complete("asked the other node");
          }
          delivery.next();
        };
    writer.eventBus().addOutboundInterceptor(asked);
    CompletableFuture<Void> written =
        CompletableFuture.runAsync(
            () -> {
              try {
                write.call();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    written.whenComplete((ok, failure) -> first.complete("completed"));
    try {
      assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("asked the other node");
    } finally {
      release.countDown();
      writer.eventBus().removeOutboundInterceptor(asked);
    }
    written.get(30, TimeUnit.SECONDS);
  }
}
