package io.antbot.security.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CoalescedSaveTest {

  /**
   * A file that records what is written to it; writes complete only when the test releases them.
   */
  private static final class HeldFile {
    final List<Integer> written = new CopyOnWriteArrayList<>();
    final List<Promise<Void>> held = new ArrayList<>();
    final List<String> outcomes = new CopyOnWriteArrayList<>();
    boolean full;

    Future<Void> write(JsonObject snapshot) {
      Promise<Void> promise = Promise.promise();
      held.add(promise);
      return promise
          .future()
          .compose(
              v -> {
                if (full) {
                  return Future.failedFuture(new IOException("No space left on device"));
                }
                written.add(snapshot.getInteger("n"));
                return Future.succeededFuture();
              });
    }

    void releaseAll() {
      List<Promise<Void>> now = List.copyOf(held);
      held.clear();
      now.forEach(Promise::complete);
    }
  }

  private int state;

  private CoalescedSave saver(Vertx vertx, HeldFile file, long delayMs, long retryMs) {
    return new CoalescedSave(
        vertx,
        () -> new JsonObject().put("n", state),
        file::write,
        failure -> file.outcomes.add(failure == null ? "ok" : failure.getMessage()),
        delayMs,
        retryMs);
  }

  @Test
  @DisplayName(
      "many changes within the delay are one write of the latest state, not one write each")
  void changesShareOneWrite(Vertx vertx, VertxTestContext test) {
    HeldFile file = new HeldFile();
    vertx.runOnContext(
        v -> {
          CoalescedSave save = saver(vertx, file, 50, 50);
          for (int i = 1; i <= 100; i++) {
            state = i;
            save.changed();
          }
          test.verify(() -> assertThat(file.held).as("nothing written before the delay").isEmpty());
          Eventually.eventually(vertx, () -> Future.succeededFuture(file.held.size() == 1))
              .onComplete(
                  test.succeeding(
                      w -> {
                        file.releaseAll();
                        test.verify(
                            () -> {
                              assertThat(file.written).containsExactly(100);
                              assertThat(save.writes()).isEqualTo(1);
                              assertThat(save.dirty()).isFalse();
                            });
                        test.completeNow();
                      }));
        });
  }

  @Test
  @DisplayName(
      "a flush during a write waits for the next write, which carries its change; one write at a time")
  void flushWaitsForAWriteThatIncludesIt(Vertx vertx, VertxTestContext test) {
    HeldFile file = new HeldFile();
    vertx.runOnContext(
        v -> {
          CoalescedSave save = saver(vertx, file, 10_000, 10_000);
          state = 1;
          Future<Void> first = save.flush();
          test.verify(() -> assertThat(file.held).as("a flush writes at once").hasSize(1));
          state = 2;
          Future<Void> second = save.flush();
          state = 3;
          Future<Void> third = save.flush();
          test.verify(
              () -> assertThat(file.held).as("the second write waits for the first").hasSize(1));
          file.releaseAll();
          first.onComplete(
              test.succeeding(
                  f ->
                      test.verify(
                          () -> {
                            assertThat(file.written).containsExactly(1);
                            assertThat(second.isComplete()).as("not yet on disk").isFalse();
                            assertThat(file.held)
                                .as("the waiting flushes share the next write")
                                .hasSize(1);
                            file.releaseAll();
                          })));
          Future.all(second, third)
              .onComplete(
                  test.succeeding(
                      all -> {
                        test.verify(
                            () -> {
                              assertThat(file.written).containsExactly(1, 3);
                              assertThat(save.writes()).isEqualTo(2);
                            });
                        test.completeNow();
                      }));
        });
  }

  @Test
  @DisplayName(
      "a write the disk refuses fails the flush, is retried, and is saved once the disk has room again")
  void failedWritesRetriedUntilSaved(Vertx vertx, VertxTestContext test) {
    HeldFile file = new HeldFile();
    file.full = true;
    vertx.runOnContext(
        v -> {
          CoalescedSave save = saver(vertx, file, 10, 30);
          state = 7;
          Future<Void> flushed = save.flush();
          file.releaseAll();
          flushed.onComplete(
              test.failing(
                  failure -> {
                    test.verify(
                        () -> {
                          assertThat(failure).hasMessage("No space left on device");
                          assertThat(save.dirty()).as("still to be saved").isTrue();
                        });
                    Eventually.eventually(
                            vertx,
                            () -> {
                              file.releaseAll();
                              return Future.succeededFuture(file.outcomes.size() >= 3);
                            })
                        .compose(
                            w -> {
                              file.full = false;
                              return Eventually.eventually(
                                  vertx,
                                  () -> {
                                    file.releaseAll();
                                    return Future.succeededFuture(
                                        !file.written.isEmpty() && !save.dirty());
                                  });
                            })
                        .onComplete(
                            test.succeeding(
                                done -> {
                                  test.verify(
                                      () -> {
                                        assertThat(file.written).containsExactly(7);
                                        assertThat(file.outcomes)
                                            .startsWith(
                                                "No space left on device",
                                                "No space left on device")
                                            .endsWith("ok");
                                      });
                                  test.completeNow();
                                }));
                  }));
        });
  }

  @Test
  @DisplayName("close writes what is pending at once and schedules nothing after")
  void closeWritesPending(Vertx vertx, VertxTestContext test) {
    HeldFile file = new HeldFile();
    vertx.runOnContext(
        v -> {
          CoalescedSave save = saver(vertx, file, 60_000, 60_000);
          state = 5;
          save.changed();
          Future<Void> closed = save.close();
          file.releaseAll();
          closed.onComplete(
              test.succeeding(
                  c -> {
                    test.verify(() -> assertThat(file.written).containsExactly(5));
                    save.changed();
                    vertx.setTimer(
                        100,
                        id -> {
                          test.verify(() -> assertThat(file.held).isEmpty());
                          test.completeNow();
                        });
                  }));
        });
  }
}
