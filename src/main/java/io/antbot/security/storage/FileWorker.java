package io.antbot.security.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/**
 * One worker thread for the security service's file I/O: tasks run off the event loop, one at a
 * time, in the order they were submitted — so the last state saved is the last state computed.
 */
public final class FileWorker implements AutoCloseable {

  private final WorkerExecutor executor;

  public FileWorker(Vertx vertx, String name) {
    this.executor = vertx.createSharedWorkerExecutor(name, 1);
  }

  public <T> Future<T> run(Callable<T> task) {
    return executor.executeBlocking(task, true);
  }

  @Override
  public void close() {
    executor.close();
  }
}
