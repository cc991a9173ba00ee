package io.antbot.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.antbot.logging.logback.LogSafety;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Puts the logging service into a Logback context and takes it out again: the configuration file
 * with the properties it reads, the {@link RuleTurboFilter} and the {@link FeedAppender} that hands
 * every event to the service.
 *
 * <p>Logback is one per process, so the latest installation owns it: only the owner's {@link
 * #uninstall()} puts the built-in configuration back. {@link #install} and {@link #uninstall} read
 * and close files: call them off the event loop.
 */
final class LogbackInstaller {

  private static final AtomicReference<LogbackInstaller> OWNER = new AtomicReference<>();

  private final LoggerContext context;
  private final RuleTurboFilter filter;
  private final FeedAppender feed;
  private volatile boolean fileLoaded;

  /**
   * @param sink receives every event that reaches the root or the performance logger, on the thread
   *     that logged: it must be quick and must not block
   */
  LogbackInstaller(LoggerContext context, RuleTurboFilter filter, Consumer<ILoggingEvent> sink) {
    this.context = context;
    this.filter = filter;
    this.feed = new FeedAppender(sink);
    feed.setContext(context);
    feed.start();
  }

  /**
   * The properties the configuration file reads as {@code ${NAME}}, from the {@code logging}
   * settings, the environment's name and the service name of {@code core.service_name}.
   */
  static Map<String, String> properties(LoggingOptions options, String env, String serviceName) {
    return Map.of(
        "LOG_DIR", options.dir(),
        "SERVICE_NAME", serviceName,
        "ROOT_LEVEL", options.rootLevel().levelStr,
        "CONSOLE_ENABLED", String.valueOf(options.console()),
        "CONSOLE_FORMAT", options.consoleFormatIn(env),
        "MAX_FILE_SIZE", options.maxFileSize(),
        "MAX_HISTORY", String.valueOf(options.maxHistory()),
        "TOTAL_SIZE_CAP", options.totalSizeCap(),
        "QUEUE_SIZE", String.valueOf(options.queueSize()),
        "ANTBOT_ENV", env);
  }

  /**
   * Takes over the context: loads {@code file} when it exists (else the context keeps its current
   * configuration), then attaches the filter (listed while it has rules) and the feed. Blocking.
   *
   * @return whether {@code file} was loaded
   * @throws IllegalStateException when Logback reports an error in {@code file}; the built-in
   *     configuration is then back in place
   */
  boolean install(Path file, Map<String, String> properties) {
    OWNER.set(this);
    boolean loaded = Files.isRegularFile(file);
    if (loaded) {
      try {
        LogbackSetup.configure(context, file, properties);
      } catch (IllegalStateException e) {
        LogbackSetup.restoreDefault(context);
        throw e;
      }
    }
    filter.attachTo(context);
    LogbackSetup.attach(context, feed);
    fileLoaded = loaded;
    return loaded;
  }

  /**
   * Detaches the feed and the filter. When this installation still owns the context, the appenders
   * of the loaded file are stopped (they write out what they hold) and the built-in configuration
   * comes back, and the log safety settings return to their defaults. Blocking.
   */
  void uninstall() {
    LogbackSetup.detach(context, feed);
    filter.detach();
    if (OWNER.compareAndSet(this, null)) {
      if (fileLoaded) {
        LogbackSetup.restoreDefault(context);
      }
      LogSafety.reset();
    }
  }

  boolean fileLoaded() {
    return fileLoaded;
  }

  /** Events the asynchronous appenders dropped under overload. */
  long droppedEvents() {
    return LogbackSetup.droppedEvents(context);
  }
}
