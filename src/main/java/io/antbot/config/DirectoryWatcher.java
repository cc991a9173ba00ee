package io.antbot.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one directory with the JDK {@link WatchService} on a dedicated daemon thread and reports
 * which of the interesting files changed, once per burst of events.
 *
 * <p>Debouncing: after the first event, events keep being collected until none has arrived for
 * {@code quietMs}; an editor's save (write to a temporary file and rename, or truncate then write)
 * thus becomes a single report, read once the file is complete. Overflowed events (the kernel
 * dropped some) report every interesting file.
 */
final class DirectoryWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);

  private final Path dir;
  private final long quietMs;
  private final Predicate<String> interesting;
  private final Consumer<Set<String>> onChange;
  private WatchService service;
  private Thread thread;

  /**
   * @param dir the directory to watch
   * @param quietMs how long the directory must stay quiet before a burst is reported
   * @param interesting which file names matter (others, such as editor swap files, are ignored)
   * @param onChange called on the watcher thread with the names of the changed files
   */
  DirectoryWatcher(
      Path dir, long quietMs, Predicate<String> interesting, Consumer<Set<String>> onChange) {
    this.dir = dir;
    this.quietMs = quietMs;
    this.interesting = interesting;
    this.onChange = onChange;
  }

  /** Registers the directory (blocking I/O) and starts the thread. */
  void start() throws IOException {
    service = FileSystems.getDefault().newWatchService();
    dir.register(
        service,
        StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    thread = new Thread(this::run, "antbot-config-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (true) {
        Set<String> changed = new LinkedHashSet<>();
        collect(service.take(), changed);
        WatchKey next;
        while ((next = service.poll(quietMs, TimeUnit.MILLISECONDS)) != null) {
          collect(next, changed);
        }
        if (!changed.isEmpty()) {
          try {
            onChange.accept(changed);
          } catch (RuntimeException e) {
            log.error("handling a change of {} failed", changed, e);
          }
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      log.debug("stopped watching {}", dir);
    }
  }

  private void collect(WatchKey key, Set<String> changed) {
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
        changed.add("*");
      } else if (event.context() instanceof Path name && interesting.test(name.toString())) {
        changed.add(name.toString());
      }
    }
    key.reset();
  }

  /**
   * Stops watching and waits (up to 5 s) for a reload in progress to finish, so that nothing is
   * still being written once the service has stopped. Blocking: call it off the event loop.
   */
  @Override
  public void close() {
    if (service != null) {
      try {
        service.close();
      } catch (IOException e) {
        log.debug("closing the watch service of {} failed: {}", dir, e.getMessage());
      }
    }
    if (thread != null && thread != Thread.currentThread()) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
