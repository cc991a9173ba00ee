package io.antbot.logging.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ScanException;
import ch.qos.logback.core.util.FileSize;
import ch.qos.logback.core.util.OptionHelper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code conf/logback.xml} as shipped, built in code: what the logging service applies instead of
 * reading that file when the operator's copy is the shipped one byte for byte, so that a start does
 * not load Logback's XML configurator and the JDK's XML parser (some 500 classes) to build these
 * appenders. A customised file is read by Logback as always.
 *
 * <p>The file stays the documentation and the operator's starting point; {@code
 * ShippedConfigurationTest} checks that the two agree (same appenders, settings and output) and
 * that {@link #SHA_256} is the digest of the file, so that an edit of one without the other fails
 * the build.
 */
public final class ShippedConfiguration {

  /** The SHA-256 digest of the shipped {@code conf/logback.xml}, in lower-case hex. */
  static final String SHA_256 = "98ae71bf5870dc4ec00abda5d88a922c889784ba215744f365a2852548d2aae2";

  private ShippedConfiguration() {}

  /**
   * Whether {@code file} is the shipped {@code conf/logback.xml}, unchanged. Reads the file; one
   * that cannot be read is not (Logback then reports why).
   */
  public static boolean isShipped(Path file) {
    try {
      return SHA_256.equals(sha256(Files.readAllBytes(file)));
    } catch (IOException e) {
      return false;
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Configures {@code context} (reset, with the service's properties set) as the shipped file
   * would: the same {@code ${NAME:-default}} lookups, appenders, filters and loggers. Problems (an
   * unwritable log directory, say) are reported to the context's status manager, as Logback reports
   * them when it reads the file.
   */
  public static void apply(LoggerContext context) {
    BuiltInConfigurator.registerConversionWords(context);
    String logDir = property(context, "LOG_DIR", "var/log");
    String serviceName = property(context, "SERVICE_NAME", "antbot-core");
    int queueSize = Integer.parseInt(property(context, "QUEUE_SIZE", "8192"));

    Rollover files =
        new Rollover(
            FileSize.valueOf(property(context, "MAX_FILE_SIZE", "50MB")),
            Integer.parseInt(property(context, "MAX_HISTORY", "14")),
            FileSize.valueOf(property(context, "TOTAL_SIZE_CAP", "1GB")));

    CorrelatingAsyncAppender json =
        async(
            context,
            "JSON",
            queueSize,
            rollingFile(context, "JSON_FILE", logDir, "antbot", files, serviceName));

    ThresholdFilter errorsOnly = new ThresholdFilter();
    errorsOnly.setContext(context);
    errorsOnly.setLevel("ERROR");
    errorsOnly.start();
    CorrelatingAsyncAppender errors = new CorrelatingAsyncAppender();
    // The filter runs on the calling thread, so only errors enter this queue; none is ever dropped.
    errors.addFilter(errorsOnly);
    errors.setDiscardingThreshold(0);
    errors.setNeverBlock(false);
    start(
        context,
        errors,
        "ERRORS",
        queueSize,
        rollingFile(context, "ERRORS_FILE", logDir, "antbot-errors", files, serviceName));

    CorrelatingAsyncAppender performance =
        async(
            context,
            "PERFORMANCE",
            queueSize,
            rollingFile(
                context, "PERFORMANCE_FILE", logDir, "antbot-performance", files, serviceName));

    // Timings go to their own file only.
    Logger timings = context.getLogger("antbot.performance");
    timings.setLevel(Level.INFO);
    timings.setAdditive(false);
    timings.addAppender(performance);
    BuiltInConfigurator.quietLibraries(context);

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(property(context, "ROOT_LEVEL", "INFO")));
    root.addAppender(json);
    root.addAppender(errors);
    if ("true".equals(property(context, "CONSOLE_ENABLED", "true"))) {
      ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
      out.setContext(context);
      out.setName("CONSOLE_OUT");
      out.setEncoder(
          "json".equals(property(context, "CONSOLE_FORMAT", "text"))
              ? jsonEncoder(context, serviceName)
              : BuiltInConfigurator.textEncoder(context, out));
      out.start();
      root.addAppender(async(context, "CONSOLE", queueSize, out));
    }
  }

  private record Rollover(FileSize maxFileSize, int maxHistory, FileSize totalSizeCap) {}

  /**
   * {@code ${name:-fallback}} as Logback resolves it in the file: the context's property, else the
   * system property, else the environment variable, else {@code fallback}.
   */
  private static String property(LoggerContext context, String name, String fallback) {
    try {
      return OptionHelper.substVars("${" + name + ":-" + fallback + "}", context);
    } catch (ScanException e) {
      throw new IllegalStateException(name + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code <dir>/<base>.json}, rolled over by day and by size into {@code
   * <dir>/<base>.<yyyy-MM-dd>.<n>.json.gz}, one {@link JsonLineEncoder} line per event.
   */
  private static RollingFileAppender<ILoggingEvent> rollingFile(
      LoggerContext context,
      String name,
      String dir,
      String base,
      Rollover rollover,
      String serviceName) {
    RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
    file.setContext(context);
    file.setName(name);
    file.setFile(dir + "/" + base + ".json");
    SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
    policy.setContext(context);
    policy.setParent(file);
    policy.setFileNamePattern(dir + "/" + base + ".%d{yyyy-MM-dd}.%i.json.gz");
    policy.setMaxFileSize(rollover.maxFileSize());
    policy.setMaxHistory(rollover.maxHistory());
    policy.setTotalSizeCap(rollover.totalSizeCap());
    policy.start();
    file.setRollingPolicy(policy);
    file.setEncoder(jsonEncoder(context, serviceName));
    file.start();
    return file;
  }

  private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context, String serviceName) {
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.setContext(context);
    encoder.setServiceName(serviceName);
    encoder.start();
    return encoder;
  }

  private static CorrelatingAsyncAppender async(
      LoggerContext context, String name, int queueSize, Appender<ILoggingEvent> output) {
    CorrelatingAsyncAppender async = new CorrelatingAsyncAppender();
    start(context, async, name, queueSize, output);
    return async;
  }

  private static void start(
      LoggerContext context,
      CorrelatingAsyncAppender async,
      String name,
      int queueSize,
      Appender<ILoggingEvent> output) {
    async.setContext(context);
    async.setName(name);
    async.setQueueSize(queueSize);
    async.addAppender(output);
    async.start();
  }
}
