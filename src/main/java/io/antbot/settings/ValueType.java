package io.antbot.settings;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** The value types a schema rule can ask for, with the words used in error texts. */
public enum ValueType {
  STRING("a string"),
  NUMBER("a number"),
  INTEGER("an integer"),
  BOOLEAN("a boolean"),
  OBJECT("an object"),
  LIST("a list");

  private final String words;

  ValueType(String words) {
    this.words = words;
  }

  /** {@code a number}, {@code an integer}, ... as in {@code expected a number, got "abc"}. */
  public String words() {
    return words;
  }

  /** The schema spelling: {@code string}, {@code number}, ... */
  public String schemaName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether {@code value} (not null) has this type; an integer is also a number; NaN and the
   * infinities are not numbers here (JSON has no spelling for them, so a stored one could not be
   * read back).
   */
  public boolean accepts(Object value) {
    return switch (this) {
      case STRING -> value instanceof String;
      case NUMBER -> value instanceof Number number && Double.isFinite(number.doubleValue());
      case INTEGER ->
          value instanceof Integer
              || value instanceof Long
              || value instanceof Short
              || value instanceof Byte;
      case BOOLEAN -> value instanceof Boolean;
      case OBJECT -> value instanceof JsonObject;
      case LIST -> value instanceof JsonArray;
    };
  }

  /** The type for a schema name, or {@code null}. */
  public static ValueType of(String schemaName) {
    for (ValueType type : values()) {
      if (type.schemaName().equals(schemaName)) {
        return type;
      }
    }
    return null;
  }
}
