package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/** Dotted configuration keys: {@code section.sub_key}, lowercase letters, digits, {@code _} and {@code -}. */
public final class ConfigKeys {

  private static final Pattern KEY = Pattern.compile("[a-z0-9_\\-]+(\\.[a-z0-9_\\-]+)*", Pattern.CASE_INSENSITIVE);

  private ConfigKeys() {
  }

  public static boolean isValid(String key) {
    return key != null && key.length() <= 256 && KEY.matcher(key).matches();
  }

  /** Reads {@code field} as a key, with a 400 that says what a key looks like when it is not one. */
  public static String requireKey(JsonObject json, String field) {
    String key = JsonFields.requireString(json, field);
    if (!isValid(key)) {
      throw BusException.badRequest(field + ": not a valid key " + JsonFields.describe(key)
        + " (expected dotted names of letters, digits, '_' or '-', like trading.max_position_size)");
    }
    return key;
  }
}
