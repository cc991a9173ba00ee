package io.antbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StartMemoryTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Asked from an event loop (as the launcher asks), it answers there with what it did. */
  @Test
  void reportsTheHeap() throws Exception {
    io.vertx.core.Promise<StartMemory.Released> result = io.vertx.core.Promise.promise();
    AtomicBoolean answeredOnEventLoop = new AtomicBoolean();
    vertx.runOnContext(
        x ->
            StartMemory.release(vertx)
                .onComplete(
                    done -> {
                      answeredOnEventLoop.set(Context.isOnEventLoopThread());
                      result.handle(done);
                    }));
    StartMemory.Released released =
        result.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(answeredOnEventLoop).isTrue();
    assertThat(released.committedBefore()).isPositive();
    assertThat(released.committedAfter()).isPositive();
    assertThat(released.tookMs()).isNotNegative();
    assertThat(released.describe())
        .matches(
            "heap used \\d+ MB -> \\d+ MB, committed \\d+ MB -> \\d+ MB \\(collection \\d+ ms\\)");
  }

  /**
   * What a start leaves behind: garbage. The release collects it (64 MB dropped, so the heap in use
   * falls by more than half of that), and the JVM holds no more committed heap than before (G1
   * shrinks it to its free-ratio bounds).
   */
  @Test
  void garbageGoesBack() throws Exception {
    byte[][] garbage = new byte[512][];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = new byte[128 << 10];
    }
    assertThat(garbage[511]).hasSize(128 << 10);
    garbage = null;
    StartMemory.Released released =
        StartMemory.release(vertx)
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    assertThat(released.usedAfter()).isLessThan(released.usedBefore() - (32 << 20));
    assertThat(released.committedAfter()).isLessThanOrEqualTo(released.committedBefore());
  }
}
