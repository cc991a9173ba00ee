package io.antbot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.core.util.FileSize;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code logging} section of the configuration.
 *
 * <p>Applied live: {@code level}, {@code levels}, {@code filters}, {@code buffer_size}, {@code
 * max_message_length}, {@code mask_fields} and {@code alerts.*}. Read once at start (a change is
 * logged as needing a restart): {@code dir}, {@code config_file}, {@code console}, {@code
 * console_format}, {@code queue_size} and {@code file.*}.
 *
 * @param level root level; default {@value #DEFAULT_LEVEL}
 * @param levels level per logger or component name, e.g. {@code {TradingEngine: DEBUG}}
 * @param filters rules that drop events (see {@link FilterRule})
 * @param dir directory of the log files; default {@value #DEFAULT_DIR}
 * @param configFile the Logback file, relative to the configuration directory; default {@value
 *     #DEFAULT_CONFIG_FILE}
 * @param console whether events also go to standard output; default true
 * @param consoleFormat {@code auto} (text in development, JSON elsewhere), {@code text} or {@code
 *     json}
 * @param queueSize events each asynchronous appender can hold; default {@value #DEFAULT_QUEUE_SIZE}
 * @param maxFileSize a file rolls over at this size; default {@value #DEFAULT_MAX_FILE_SIZE}
 * @param maxHistory days of rolled files kept; default {@value #DEFAULT_MAX_HISTORY}
 * @param totalSizeCap rolled files of one kind are deleted beyond this total; default {@value
 *     #DEFAULT_TOTAL_SIZE_CAP}
 * @param bufferSize events kept in memory for {@code antbot.log.query}; default {@value
 *     #DEFAULT_BUFFER_SIZE}
 * @param maxMessageLength longer messages are cut with a marker; default {@value
 *     #DEFAULT_MAX_MESSAGE_LENGTH}
 * @param maskFields further field names whose values are masked (secret-looking names always are)
 * @param alerts alert settings
 */
public record LoggingOptions(
    String level,
    Map<String, String> levels,
    List<FilterRule> filters,
    String dir,
    String configFile,
    boolean console,
    String consoleFormat,
    int queueSize,
    String maxFileSize,
    int maxHistory,
    String totalSizeCap,
    int bufferSize,
    int maxMessageLength,
    List<String> maskFields,
    AlertOptions alerts) {

  /**
   * {@code logging.alerts}.
   *
   * @param cooldownMs repeats of a firing alert are published at most this often; a CRITICAL alert
   *     resolves after this long without a new CRITICAL event; default 300000 (5 min)
   * @param checkIntervalMs how often the error rate is evaluated; default 1000
   * @param errorRateThreshold share of errors above which the error-rate alert fires; default 0.10
   * @param windowMs length of the sliding window; default 60000
   * @param minEvents fewest events in the window before the rate is judged; default 20
   */
  public record AlertOptions(
      long cooldownMs,
      long checkIntervalMs,
      double errorRateThreshold,
      long windowMs,
      int minEvents) {

    public ErrorRateMonitor.Settings errorRate() {
      return new ErrorRateMonitor.Settings(errorRateThreshold, windowMs, minEvents);
    }
  }

  public static final String DEFAULT_LEVEL = "INFO";
  public static final String DEFAULT_DIR = "var/log";
  public static final String DEFAULT_CONFIG_FILE = "logback.xml";
  public static final String DEFAULT_CONSOLE_FORMAT = "auto";
  public static final int DEFAULT_QUEUE_SIZE = 8192;
  public static final String DEFAULT_MAX_FILE_SIZE = "50MB";
  public static final int DEFAULT_MAX_HISTORY = 14;
  public static final String DEFAULT_TOTAL_SIZE_CAP = "1GB";
  public static final int DEFAULT_BUFFER_SIZE = LogEventRing.DEFAULT_CAPACITY;
  public static final int DEFAULT_MAX_MESSAGE_LENGTH = 8192;
  public static final long DEFAULT_COOLDOWN_MS = AlertTracker.DEFAULT_COOLDOWN_MS;
  public static final long DEFAULT_CHECK_INTERVAL_MS = 1000;

  static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
  static final List<String> FILTER_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN");
  static final List<String> CONSOLE_FORMATS = List.of("auto", "text", "json");

  /** The options of an empty section: every default. */
  public static LoggingOptions defaults() {
    return fromJson(new JsonObject());
  }

  /**
   * Reads the section; wrong types and out-of-range values are all reported at once.
   *
   * @throws IllegalArgumentException listing every problem as {@code logging.<path>: <what is
   *     wrong>}, joined by "; "
   */
  public static LoggingOptions fromJson(JsonObject section) {
    Reader in = new Reader(section == null ? new JsonObject() : section);
    Reader fileIn = in.child("file");
    Reader alertsIn = in.child("alerts");
    Reader rateIn = alertsIn.child("error_rate");
    in.known(
        Set.of(
            "level",
            "levels",
            "filters",
            "dir",
            "config_file",
            "console",
            "console_format",
            "queue_size",
            "file",
            "buffer_size",
            "max_message_length",
            "mask_fields",
            "alerts"));
    fileIn.known(Set.of("max_file_size", "max_history", "total_size_cap"));
    alertsIn.known(Set.of("cooldown_ms", "check_interval_ms", "error_rate"));
    rateIn.known(Set.of("threshold", "window_ms", "min_events"));
    LoggingOptions options =
        new LoggingOptions(
            in.string("level", DEFAULT_LEVEL).toUpperCase(Locale.ROOT),
            in.levels("levels"),
            in.filters("filters"),
            in.string("dir", DEFAULT_DIR),
            in.string("config_file", DEFAULT_CONFIG_FILE),
            in.bool("console", true),
            in.string("console_format", DEFAULT_CONSOLE_FORMAT),
            (int) in.integer("queue_size", DEFAULT_QUEUE_SIZE),
            fileIn.string("max_file_size", DEFAULT_MAX_FILE_SIZE),
            (int) fileIn.integer("max_history", DEFAULT_MAX_HISTORY),
            fileIn.string("total_size_cap", DEFAULT_TOTAL_SIZE_CAP),
            (int) in.integer("buffer_size", DEFAULT_BUFFER_SIZE),
            (int) in.integer("max_message_length", DEFAULT_MAX_MESSAGE_LENGTH),
            in.strings("mask_fields"),
            new AlertOptions(
                alertsIn.integer("cooldown_ms", DEFAULT_COOLDOWN_MS),
                alertsIn.integer("check_interval_ms", DEFAULT_CHECK_INTERVAL_MS),
                rateIn.number("threshold", ErrorRateMonitor.DEFAULT_THRESHOLD),
                rateIn.integer("window_ms", ErrorRateMonitor.DEFAULT_WINDOW_MS),
                (int) rateIn.integer("min_events", ErrorRateMonitor.DEFAULT_MIN_EVENTS)));
    List<String> problems = new ArrayList<>(in.problems);
    problems.addAll(options.validate());
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return options;
  }

  /** Every out-of-range value with its path; empty when the options are usable. */
  public List<String> validate() {
    List<String> problems = new ArrayList<>();
    if (!LEVELS.contains(level)) {
      problems.add(
          "logging.level: expected one of "
              + String.join(", ", LEVELS)
              + ", got \""
              + level
              + "\"");
    }
    levels.forEach(
        (name, value) -> {
          if (!LEVELS.contains(value)) {
            problems.add(
                "logging.levels."
                    + name
                    + ": expected one of "
                    + String.join(", ", LEVELS)
                    + ", got \""
                    + value
                    + "\"");
          }
        });
    if (dir.isBlank()) {
      problems.add("logging.dir: must not be blank");
    }
    if (configFile.isBlank()) {
      problems.add("logging.config_file: must not be blank");
    }
    if (!CONSOLE_FORMATS.contains(consoleFormat)) {
      problems.add(
          "logging.console_format: expected one of auto, text, json, got \""
              + consoleFormat
              + "\"");
    }
    range(problems, "logging.queue_size", queueSize, 16, 1_000_000);
    size(problems, "logging.file.max_file_size", maxFileSize);
    size(problems, "logging.file.total_size_cap", totalSizeCap);
    range(problems, "logging.file.max_history", maxHistory, 1, 3650);
    range(problems, "logging.buffer_size", bufferSize, 1, 100_000);
    range(problems, "logging.max_message_length", maxMessageLength, 64, 1_048_576);
    range(problems, "logging.alerts.cooldown_ms", alerts.cooldownMs(), 1, 86_400_000);
    range(problems, "logging.alerts.check_interval_ms", alerts.checkIntervalMs(), 10, 3_600_000);
    range(problems, "logging.alerts.error_rate.window_ms", alerts.windowMs(), 20, 86_400_000);
    range(problems, "logging.alerts.error_rate.min_events", alerts.minEvents(), 1, 1_000_000);
    if (!(alerts.errorRateThreshold() > 0 && alerts.errorRateThreshold() < 1)) {
      problems.add(
          "logging.alerts.error_rate.threshold: expected more than 0 and less than 1, got "
              + alerts.errorRateThreshold());
    }
    return problems;
  }

  /** The restart-only settings that differ between this and {@code next}, by path. */
  public List<String> restartOnlyChanges(LoggingOptions next) {
    List<String> changed = new ArrayList<>();
    diff(changed, "logging.dir", dir, next.dir);
    diff(changed, "logging.config_file", configFile, next.configFile);
    diff(changed, "logging.console", console, next.console);
    diff(changed, "logging.console_format", consoleFormat, next.consoleFormat);
    diff(changed, "logging.queue_size", queueSize, next.queueSize);
    diff(changed, "logging.file.max_file_size", maxFileSize, next.maxFileSize);
    diff(changed, "logging.file.max_history", maxHistory, next.maxHistory);
    diff(changed, "logging.file.total_size_cap", totalSizeCap, next.totalSizeCap);
    return changed;
  }

  /** {@code text} or {@code json}: what {@code auto} means in {@code env}. */
  public String consoleFormatIn(String env) {
    if (!"auto".equals(consoleFormat)) {
      return consoleFormat;
    }
    return "development".equals(env) ? "text" : "json";
  }

  public Level rootLevel() {
    return Level.toLevel(level, Level.INFO);
  }

  public Map<String, Level> loggerLevels() {
    Map<String, Level> typed = new LinkedHashMap<>();
    levels.forEach((name, value) -> typed.put(name, Level.toLevel(value, Level.INFO)));
    return typed;
  }

  private static void diff(List<String> changed, String path, Object a, Object b) {
    if (!a.equals(b)) {
      changed.add(path);
    }
  }

  private static void range(List<String> problems, String path, long value, long min, long max) {
    if (value < min || value > max) {
      problems.add(path + ": expected " + min + " to " + max + ", got " + value);
    }
  }

  private static void size(List<String> problems, String path, String value) {
    try {
      FileSize.valueOf(value);
    } catch (IllegalArgumentException e) {
      problems.add(path + ": expected a size such as 50MB, 512KB or 1GB, got \"" + value + "\"");
    }
  }

  /**
   * Typed reads of one map that note a problem (and use the default) instead of failing at the
   * first.
   */
  private static final class Reader {
    final JsonObject json;
    final String prefix;
    final List<String> problems;

    Reader(JsonObject json) {
      this(json, "logging.", new ArrayList<>());
    }

    Reader(JsonObject json, String prefix, List<String> problems) {
      this.json = json;
      this.prefix = prefix;
      this.problems = problems;
    }

    void known(Set<String> names) {
      for (String name : json.fieldNames()) {
        if (!names.contains(name)) {
          problems.add(prefix + name + ": unknown setting");
        }
      }
    }

    String string(String key, String fallback) {
      Object value = json.getValue(key);
      if (value == null) {
        return fallback;
      }
      if (value instanceof String text) {
        return text;
      }
      problems.add(prefix + key + ": expected a string, got " + value);
      return fallback;
    }

    boolean bool(String key, boolean fallback) {
      Object value = json.getValue(key);
      if (value == null) {
        return fallback;
      }
      if (value instanceof Boolean flag) {
        return flag;
      }
      problems.add(prefix + key + ": expected true or false, got " + value);
      return fallback;
    }

    long integer(String key, long fallback) {
      Object value = json.getValue(key);
      if (value == null) {
        return fallback;
      }
      if (value instanceof Number number
          && number.doubleValue() == Math.rint(number.doubleValue())) {
        return number.longValue();
      }
      problems.add(prefix + key + ": expected an integer, got " + value);
      return fallback;
    }

    double number(String key, double fallback) {
      Object value = json.getValue(key);
      if (value == null) {
        return fallback;
      }
      if (value instanceof Number number) {
        return number.doubleValue();
      }
      problems.add(prefix + key + ": expected a number, got " + value);
      return fallback;
    }

    /** A reader of the map at {@code key} (an empty one when absent or not a map). */
    Reader child(String key) {
      JsonObject map = object(key);
      return new Reader(map == null ? new JsonObject() : map, prefix + key + ".", problems);
    }

    JsonObject object(String key) {
      Object value = json.getValue(key);
      if (value == null || value instanceof JsonObject) {
        return (JsonObject) value;
      }
      problems.add(prefix + key + ": expected a map, got " + value);
      return null;
    }

    Map<String, String> levels(String key) {
      JsonObject map = object(key);
      Map<String, String> levels = new LinkedHashMap<>();
      if (map != null) {
        for (String name : map.fieldNames()) {
          Object value = map.getValue(name);
          levels.put(
              name,
              value instanceof String text ? text.toUpperCase(Locale.ROOT) : String.valueOf(value));
        }
      }
      return levels;
    }

    List<String> strings(String key) {
      Object value = json.getValue(key);
      List<String> list = new ArrayList<>();
      if (value == null) {
        return list;
      }
      if (!(value instanceof JsonArray array)) {
        problems.add(prefix + key + ": expected a list of names, got " + value);
        return list;
      }
      for (int i = 0; i < array.size(); i++) {
        if (array.getValue(i) instanceof String text && !text.isBlank()) {
          list.add(text);
        } else {
          problems.add(prefix + key + "[" + i + "]: expected a name, got " + array.getValue(i));
        }
      }
      return list;
    }

    List<FilterRule> filters(String key) {
      Object value = json.getValue(key);
      List<FilterRule> rules = new ArrayList<>();
      if (value == null) {
        return rules;
      }
      if (!(value instanceof JsonArray array)) {
        problems.add(prefix + key + ": expected a list of rules, got " + value);
        return rules;
      }
      for (int i = 0; i < array.size(); i++) {
        String path = prefix + key + "[" + i + "].";
        if (!(array.getValue(i) instanceof JsonObject rule)) {
          problems.add(
              prefix + key + "[" + i + "]: expected a map {logger?, max_level?, contains?}");
          continue;
        }
        Reader in = new Reader(rule, path, problems);
        in.known(Set.of("logger", "max_level", "contains"));
        String logger = in.string("logger", null);
        String maxLevel = in.string("max_level", "INFO").toUpperCase(Locale.ROOT);
        String contains = in.string("contains", null);
        if (!FILTER_LEVELS.contains(maxLevel)) {
          problems.add(
              path
                  + "max_level: expected one of "
                  + String.join(", ", FILTER_LEVELS)
                  + " (errors are never dropped), got \""
                  + maxLevel
                  + "\"");
          continue;
        }
        if (logger == null && contains == null) {
          problems.add(
              prefix + key + "[" + i + "]: a rule needs a logger, a contains text, or both");
          continue;
        }
        rules.add(new FilterRule(logger, Level.toLevel(maxLevel), contains));
      }
      return rules;
    }
  }
}
