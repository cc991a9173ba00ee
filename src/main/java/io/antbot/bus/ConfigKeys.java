package io.antbot.bus;

import io.vertx.core.json.JsonObject;

/**
 * Dotted configuration keys: {@code section.sub_key}, lowercase letters, digits, {@code _} and
 * {@code -}.
 */
public final class ConfigKeys {

  private ConfigKeys() {}

  public static boolean isValid(String key) {
    if (key == null || key.isEmpty() || key.length() > 256) {
      return false;
    }
    // A hand-written scan: this runs on every config read, where a regex match costs more than the
    // lookup itself.
    boolean segmentStart = true;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.') {
        if (segmentStart) {
          return false;
        }
        segmentStart = true;
      } else if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '-') {
        segmentStart = false;
      } else {
        return false;
      }
    }
    return !segmentStart;
  }

  /**
   * Reads {@code field} as a key, with a 400 that says what a key looks like when it is not one.
   */
  public static String requireKey(JsonObject json, String field) {
    String key = JsonFields.requireString(json, field);
    if (!isValid(key)) {
      throw BusException.badRequest(
          field
              + ": not a valid key "
              + JsonFields.describe(key)
              + " (expected dotted names of letters, digits, '_' or '-', like trading.max_position_size)");
    }
    return key;
  }
}
