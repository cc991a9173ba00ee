package io.antbot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.core.util.FileSize;
import io.antbot.settings.SectionReader;
import io.antbot.settings.Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code logging} section of the configuration; defaults, ranges and allowed values are the
 * schema's.
 *
 * <p>Which keys apply live is the schema's {@code live} attribute alone; a change of any other is
 * listed in the change event's {@code restart_required} and logged as waiting for a restart.
 *
 * @param level root level
 * @param levels level per logger or component name, e.g. {@code {TradingEngine: DEBUG}}
 * @param filters rules that drop events (see {@link FilterRule})
 * @param dir directory of the log files
 * @param configFile the Logback file, relative to the configuration directory
 * @param console whether events also go to standard output
 * @param consoleFormat {@code auto} (text in development, JSON elsewhere), {@code text} or {@code
 *     json}
 * @param queueSize events each asynchronous appender can hold
 * @param maxFileSize a file rolls over at this size
 * @param maxHistory days of rolled files kept
 * @param totalSizeCap rolled files of one kind are deleted beyond this total
 * @param bufferSize events kept in memory for {@code antbot.log.query}
 * @param maxMessageLength longer messages are cut with a marker
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
   *     resolves after this long without a new CRITICAL event
   * @param checkIntervalMs how often the error rate is evaluated
   * @param errorRateThreshold share of errors above which the error-rate alert fires
   * @param windowMs length of the sliding window
   * @param minEvents fewest events in the window before the rate is judged
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

  /** The options of an empty section: every default of the schema. */
  public static LoggingOptions defaults() {
    return fromJson(new JsonObject());
  }

  /**
   * Reads the section; wrong types, out-of-range values and unknown keys are all reported at once.
   * Level names are read case-insensitively.
   *
   * @throws IllegalArgumentException listing every problem as {@code logging.<path>: <what is
   *     wrong>}, joined by "; "
   */
  public static LoggingOptions fromJson(JsonObject section) {
    SectionReader in = Settings.read("logging", upperCaseLevels(section));
    in.rejectUnknown();
    SectionReader file = in.child("file");
    SectionReader alerts = in.child("alerts");
    SectionReader rate = alerts.child("error_rate");
    SectionReader levelsIn = in.child("levels");
    Map<String, String> levels = new LinkedHashMap<>();
    for (String name : in.object("levels").fieldNames()) {
      levels.put(name, levelsIn.string(name));
    }
    String dir = in.string("dir");
    String configFile = in.string("config_file");
    if (dir.isBlank()) {
      in.problem("dir", "must not be blank");
    }
    if (configFile.isBlank()) {
      in.problem("config_file", "must not be blank");
    }
    double threshold = rate.number("threshold");
    if (!(threshold > 0 && threshold < 1)) {
      rate.problem("threshold", "expected more than 0 and less than 1, got " + threshold);
    }
    LoggingOptions options =
        new LoggingOptions(
            in.string("level"),
            levels,
            filters(in),
            dir,
            configFile,
            in.bool("console"),
            in.string("console_format"),
            (int) in.integer("queue_size"),
            size(file, "max_file_size"),
            (int) file.integer("max_history"),
            size(file, "total_size_cap"),
            (int) in.integer("buffer_size"),
            (int) in.integer("max_message_length"),
            in.strings("mask_fields"),
            new AlertOptions(
                alerts.integer("cooldown_ms"),
                alerts.integer("check_interval_ms"),
                threshold,
                rate.integer("window_ms"),
                (int) rate.integer("min_events")));
    in.orThrow();
    return options;
  }

  /** A copy of {@code section} with every level name in upper case. */
  private static JsonObject upperCaseLevels(JsonObject section) {
    JsonObject copy = section == null ? new JsonObject() : section.copy();
    if (copy.getValue("level") instanceof String level) {
      copy.put("level", level.toUpperCase(Locale.ROOT));
    }
    if (copy.getValue("levels") instanceof JsonObject levels) {
      for (String name : levels.fieldNames()) {
        if (levels.getValue(name) instanceof String level) {
          levels.put(name, level.toUpperCase(Locale.ROOT));
        }
      }
    }
    if (copy.getValue("filters") instanceof JsonArray filters) {
      for (Object rule : filters) {
        if (rule instanceof JsonObject map && map.getValue("max_level") instanceof String level) {
          map.put("max_level", level.toUpperCase(Locale.ROOT));
        }
      }
    }
    return copy;
  }

  /** A size Logback understands ({@code 50MB}); the default on a problem. */
  private static String size(SectionReader in, String key) {
    String value = in.string(key);
    try {
      FileSize.valueOf(value);
      return value;
    } catch (IllegalArgumentException e) {
      in.problem(key, "expected a size such as 50MB, 512KB or 1GB, got \"" + value + "\"");
      return value;
    }
  }

  /** The drop rules of {@code logging.filters}; each needs a logger, a contains text, or both. */
  private static List<FilterRule> filters(SectionReader in) {
    List<JsonObject> items = in.objects("filters");
    List<FilterRule> rules = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      int before = in.problems().size();
      SectionReader rule = in.item("filters", i, items.get(i));
      rule.rejectUnknown();
      String logger = rule.string("logger");
      String maxLevel = rule.string("max_level");
      String contains = rule.string("contains");
      if (in.problems().size() > before) {
        continue;
      }
      if (logger == null && contains == null) {
        in.problem("filters[" + i + "]", "a rule needs a logger, a contains text, or both");
        continue;
      }
      rules.add(new FilterRule(logger, Level.toLevel(maxLevel), contains));
    }
    return rules;
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
}
