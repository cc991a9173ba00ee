package io.antbot.bus;

import io.antbot.service.Correlation;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.log.write}: {@code {component, level, message, fields?}}.
 *
 * @param component the writer's name, such as {@code TradingEngine}: a letter, then letters,
 *     digits, {@code _}, {@code .} or {@code -}, at most {@value #MAX_COMPONENT_LENGTH} characters;
 *     it is also the logger name, so per-component levels apply to it
 * @param level TRACE to CRITICAL
 * @param message the text; longer than {@code logging.max_message_length} it is cut with a marker
 * @param fields the event's own fields, written as top-level keys of the JSON line; never {@code
 *     null}; a {@code correlation_id} among them (as the seed's {@code extra} carries it) is the id
 *     the line is written under, in place of the message's own
 */
public record LogWriteRequest(String component, LogLevel level, String message, JsonObject fields) {

  public static final int MAX_COMPONENT_LENGTH = 128;

  /** The most fields one event may carry. */
  public static final int MAX_FIELDS = 64;

  /**
   * The longest message accepted (the highest {@code logging.max_message_length}); longer ones are
   * a 413.
   */
  public static final int MAX_MESSAGE_CHARS = 1024 * 1024;

  /** The largest {@code fields} object, in characters of its JSON text. */
  public static final int MAX_FIELDS_CHARS = 64 * 1024;

  /**
   * Names a field may not take because the JSON line already uses them ({@code event_type} is
   * allowed: it is the event's type, {@code log} when absent).
   */
  public static final Set<String> RESERVED_FIELDS =
      Set.of(
          "@timestamp",
          "log.level",
          "message",
          "service.name",
          "component",
          "correlation_id",
          "logger_name",
          "thread_name",
          "stack_trace");

  /**
   * The one reserved name a field may take: the correlation id the line is written under, as the
   * seed sends it.
   */
  public static final String CORRELATION_FIELD = "correlation_id";

  private static final Set<String> FIELDS = Set.of("component", "level", "message", "fields");

  public LogWriteRequest {
    fields = fields == null ? new JsonObject() : fields;
  }

  /** Whether {@code name} is an acceptable component name. */
  public static boolean isValidComponent(String name) {
    // The pattern's check by hand: it runs for every in-process line, where a regex match would
    // cost more than the rest of the check.
    if (name == null || name.isEmpty() || name.length() > MAX_COMPONENT_LENGTH) {
      return false;
    }
    for (int i = 0, n = name.length(); i < n; i++) {
      char c = name.charAt(i);
      boolean letter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
      if (!(letter || i > 0 && (c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads a component name from {@code field}, with a 400 saying what a component name looks like.
   */
  public static String requireComponent(JsonObject json, String field) {
    String component = JsonFields.requireString(json, field);
    if (!isValidComponent(component)) {
      throw BusException.badRequest(
          field
              + ": expected a letter then letters, digits, '_', '.' or '-' (at most "
              + MAX_COMPONENT_LENGTH
              + "), got "
              + JsonFields.describe(component));
    }
    return component;
  }

  public static LogWriteRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    String component = requireComponent(json, "component");
    Object level = json.getValue("level");
    if (level == null) {
      throw JsonFields.missing("level");
    }
    LogLevel parsed = LogLevel.parse("level", level);
    Object message = json.getValue("message");
    if (message == null) {
      throw JsonFields.missing("message");
    }
    if (!(message instanceof String text)) {
      throw JsonFields.wrongType("message", "a string", message);
    }
    if (text.length() > MAX_MESSAGE_CHARS) {
      throw new BusException(
          FailureCode.TOO_LARGE,
          "message: at most " + MAX_MESSAGE_CHARS + " characters, got " + text.length());
    }
    JsonObject fields = JsonFields.optionalObject(json, "fields");
    if (fields != null) {
      checkFields(fields);
    }
    return new LogWriteRequest(component, parsed, text, fields);
  }

  /**
   * The same checks as {@link #fromJson} on values a Java caller passes as they are: the in-process
   * path of a bot's logger, which has no JSON to decode.
   */
  public static LogWriteRequest checked(
      String component, LogLevel level, String message, JsonObject fields) {
    if (!isValidComponent(component)) {
      throw BusException.badRequest(
          "component: expected a letter then letters, digits, '_', '.' or '-' (at most "
              + MAX_COMPONENT_LENGTH
              + "), got "
              + JsonFields.describe(component));
    }
    if (level == null) {
      throw JsonFields.missing("level");
    }
    if (message == null) {
      throw JsonFields.missing("message");
    }
    if (message.length() > MAX_MESSAGE_CHARS) {
      throw new BusException(
          FailureCode.TOO_LARGE,
          "message: at most " + MAX_MESSAGE_CHARS + " characters, got " + message.length());
    }
    if (fields != null && !fields.isEmpty()) {
      checkFields(fields);
    }
    return new LogWriteRequest(component, level, message, fields);
  }

  private static void checkFields(JsonObject fields) {
    if (fields.size() > MAX_FIELDS) {
      throw BusException.badRequest(
          "fields: at most " + MAX_FIELDS + " entries, got " + fields.size());
    }
    for (String name : fields.fieldNames()) {
      if (name.isBlank() || name.length() > 128) {
        throw BusException.badRequest(
            "fields: names must have 1 to 128 characters, got " + JsonFields.describe(name));
      }
      if (CORRELATION_FIELD.equals(name)) {
        // The seed's loggers pass the id from start_correlation among the extra fields: the line is
        // written under it.
        if (!(fields.getValue(name) instanceof String id) || !Correlation.isValid(id)) {
          throw BusException.badRequest(
              "fields."
                  + name
                  + ": expected a correlation id (1 to 128 of A-Z a-z 0-9 . _ : -),"
                  + " got "
                  + JsonFields.describe(fields.getValue(name)));
        }
      } else if (RESERVED_FIELDS.contains(name)) {
        throw BusException.badRequest(
            "fields." + name + ": reserved name (the log line already has it)");
      }
    }
    JsonFields.requireStorable("fields", fields, MAX_FIELDS_CHARS);
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("component", component)
            .put("level", level.name())
            .put("message", message);
    if (!fields.isEmpty()) {
      json.put("fields", fields);
    }
    return json;
  }
}
