package io.antbot.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import io.antbot.bus.LogLevel;
import io.antbot.client.LogClient;
import io.antbot.logging.logback.CorrelatingAsyncAppender;
import io.antbot.testing.TestConf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.logstash.logback.encoder.LogstashEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Caller-side cost of one log event (events per second), "Trade executed" with two fields, written
 * as a JSON line to a rolling file through an asynchronous appender.
 *
 * <ul>
 *   <li>{@code componentLogger_ours}: an in-process SLF4J component logger on a Logback context
 *       loaded from the shipped {@code conf/logback.xml} (console off) with the service's feed
 *       attached (query buffer, error-rate count) and its filter-rule turbo filter installed — what
 *       in-process code pays when the logging service runs.
 *   <li>{@code busLogger_ours}: {@code LogClient.logger("TradingEngine").info(...)} with the
 *       logging service running in the same JVM: each line is checked and written on the caller's
 *       thread through the service's {@code LogWriter} (batches of {@value #BATCH}, the last one a
 *       {@code LogClient.write} awaited).
 *   <li>{@code *_baseline}: plain Logback — {@code AsyncAppender} in front of a {@code
 *       RollingFileAppender} with logstash-logback-encoder's {@code LogstashEncoder} — and the same
 *       SLF4J call.
 * </ul>
 *
 * <p>Both pipelines block instead of dropping events when their queue is full (discarding threshold
 * 0), so the figure is events actually written per second, not the speed of dropping them; both
 * write with {@code immediateFlush} (one write per event) to a file on {@code /dev/shm} when it
 * exists.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LoggingBenchmark {

  static final int BATCH = 1000;

  private static void log(org.slf4j.Logger logger) {
    logger
        .atInfo()
        .addKeyValue("symbol", "SOL/USDC")
        .addKeyValue("amount", 2.5)
        .log("Trade executed");
  }

  /**
   * A fresh directory, on the RAM file system when there is one: this machine's disk makes each
   * write cost tens of microseconds with a wide spread, which would drown the cost of the pipelines
   * being compared.
   */
  private static Path tempDir() {
    try {
      Path shm = Path.of("/dev/shm");
      return Files.isDirectory(shm) && Files.isWritable(shm)
          ? Files.createTempDirectory(shm, "antbot-bench-")
          : Files.createTempDirectory("antbot-bench-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static LoggerContext newContext() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.start();
    return context;
  }

  /** The shipped configuration and the service's own additions, on a private context. */
  @State(Scope.Benchmark)
  public static class Ours {
    Path dir;
    LoggerContext context;
    org.slf4j.Logger logger;

    @Setup(Level.Trial)
    public void setUp() {
      dir = tempDir();
      context = newContext();
      LogbackSetup.configure(
          context,
          Path.of("conf/logback.xml"),
          Map.of("LOG_DIR", dir.toString(), "CONSOLE_ENABLED", "false"));
      LogEventRing ring = new LogEventRing(LoggingOptions.defaults().bufferSize());
      LogAlerts alerts =
          new LogAlerts("logging", LoggingOptions.defaults().alerts(), System::currentTimeMillis);
      FeedAppender feed =
          new FeedAppender(
              event -> {
                ring.add(event);
                alerts.count(LogEvent.level(event));
              });
      feed.setContext(context);
      feed.start();
      LogbackSetup.attach(context, feed);
      new RuleTurboFilter().attachTo(context);
      Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof CorrelatingAsyncAppender async) {
          async.setDiscardingThreshold(0);
        }
      }
      logger = context.getLogger("TradingEngine");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      context.stop();
      delete(dir);
    }
  }

  /** Plain Logback: AsyncAppender, RollingFileAppender, LogstashEncoder. */
  @State(Scope.Benchmark)
  public static class Baseline {
    Path dir;
    LoggerContext context;
    org.slf4j.Logger logger;

    @Setup(Level.Trial)
    public void setUp() {
      dir = tempDir();
      context = newContext();
      LogstashEncoder encoder = new LogstashEncoder();
      encoder.setContext(context);
      encoder.start();
      RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
      file.setContext(context);
      file.setName("FILE");
      file.setFile(dir.resolve("plain.json").toString());
      file.setEncoder(encoder);
      SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
      policy.setContext(context);
      policy.setParent(file);
      policy.setFileNamePattern(dir.resolve("plain.%d{yyyy-MM-dd}.%i.json.gz").toString());
      policy.setMaxFileSize(FileSize.valueOf("50MB"));
      policy.setMaxHistory(14);
      policy.setTotalSizeCap(FileSize.valueOf("1GB"));
      policy.start();
      file.setRollingPolicy(policy);
      file.start();
      AsyncAppender async = new AsyncAppender();
      async.setContext(context);
      async.setQueueSize(8192);
      async.setDiscardingThreshold(0);
      async.addAppender(file);
      async.start();
      Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      root.setLevel(ch.qos.logback.classic.Level.INFO);
      root.addAppender(async);
      logger = context.getLogger("TradingEngine");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      context.stop();
      delete(dir);
    }
  }

  /** The running logging service (with the config service) on the process's Logback context. */
  @State(Scope.Benchmark)
  public static class Service {
    Path dir;
    Vertx vertx;
    LogClient logs;
    LogClient.ComponentLogger logger;
    JsonObject fields = new JsonObject().put("symbol", "SOL/USDC").put("amount", 2.5);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      dir = tempDir();
      vertx = Vertx.vertx();
      Path conf = TestConf.copyShipped(dir.resolve("conf"));
      JsonObject overrides =
          new JsonObject()
              .put(
                  "logging",
                  new JsonObject().put("dir", dir.resolve("log").toString()).put("console", false));
      TestConf.deployConfig(vertx, conf, "production", overrides)
          .compose(id -> vertx.deployVerticle(new LoggingVerticle()))
          .await(30, TimeUnit.SECONDS);
      Logger root = LogbackSetup.processContext().getLogger(Logger.ROOT_LOGGER_NAME);
      for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof CorrelatingAsyncAppender async) {
          async.setDiscardingThreshold(0);
        }
      }
      logs = new LogClient(vertx);
      logger = logs.logger("TradingEngine");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      vertx.close().await(30, TimeUnit.SECONDS);
      delete(dir);
    }
  }

  @Benchmark
  public void componentLogger_ours(Ours state) {
    log(state.logger);
  }

  @Benchmark
  public void componentLogger_baseline(Baseline state) {
    log(state.logger);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void busLogger_ours(Service state) throws Exception {
    for (int i = 1; i < BATCH; i++) {
      state.logger.info("Trade executed", state.fields);
    }
    state
        .logs
        .write("TradingEngine", LogLevel.INFO, "Trade executed", state.fields)
        .await(30, TimeUnit.SECONDS);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void busLogger_baseline(Baseline state) {
    for (int i = 0; i < BATCH; i++) {
      log(state.logger);
    }
  }
}
