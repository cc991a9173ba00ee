package io.antbot.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.List;

/** Replaces secret values by {@value #MASK} before a configuration leaves the config service. */
public final class Redaction {

  public static final String MASK = "***";
  /** Key names that hold secrets whatever the schema says. */
  private static final List<String> SECRET_MARKERS = List.of(
    "password", "passwd", "secret", "token", "private_key", "api_key", "apikey", "credential");

  private Redaction() {
  }

  /** Whether the last segment of a dotted key names a secret. */
  public static boolean isSecretKey(String path) {
    int dot = path.lastIndexOf('.');
    String leaf = (dot < 0 ? path : path.substring(dot + 1)).toLowerCase(Locale.ROOT);
    for (String marker : SECRET_MARKERS) {
      if (leaf.contains(marker)) {
        return true;
      }
    }
    return false;
  }

  /** A deep copy of {@code config} with every secret value masked. */
  public static JsonObject redact(JsonObject config) {
    return redactObject(config, "");
  }

  /** {@code value} at {@code path}, masked if the path is secret (deeply, for objects). */
  public static Object redact(String path, Object value) {
    if (value == null) {
      return null;
    }
    if (isSecretKey(path)) {
      return MASK;
    }
    if (value instanceof JsonObject object) {
      return redactObject(object, path);
    }
    if (value instanceof JsonArray array) {
      return array.copy();
    }
    return value;
  }

  private static JsonObject redactObject(JsonObject object, String prefix) {
    JsonObject copy = new JsonObject();
    for (Map.Entry<String, Object> entry : object) {
      String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
      copy.put(entry.getKey(), redact(path, entry.getValue()));
    }
    return copy;
  }
}
