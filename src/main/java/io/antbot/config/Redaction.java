package io.antbot.config;

import io.antbot.bus.ConfigChange;
import io.antbot.settings.ConfigSchema;
import io.antbot.settings.SchemaRule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replaces secret values by {@value #MASK} before a configuration leaves the config service
 * (replies, broadcasts, history, log lines).
 *
 * <p>A key is secret when the schema says {@code secret: true} for it or for an object above it;
 * when the schema is silent, its name decides ({@code password}, {@code secret}, {@code token},
 * {@code api_key}, ... anywhere in the name). {@code secret: false} in the schema overrides the
 * name for keys whose names only look secret.
 */
public final class Redaction {

  public static final String MASK = "***";

  /** Key names that hold secrets whatever the schema says. */
  private static final List<String> SECRET_MARKERS =
      List.of(
          "password",
          "passwd",
          "passphrase",
          "secret",
          "token",
          "private_key",
          "api_key",
          "apikey",
          "credential");

  /**
   * Enough for every path of any sane configuration; beyond it answers are computed, not cached.
   */
  private static final int CACHE_LIMIT = 10_000;

  private final ConfigSchema schema;
  private final Map<String, Boolean> secretPaths = new ConcurrentHashMap<>();

  public Redaction(ConfigSchema schema) {
    this.schema = schema;
  }

  /**
   * Whether the last segment of a dotted key names a secret (the heuristic alone, without a
   * schema).
   */
  public static boolean isSecretKey(String path) {
    int dot = path.lastIndexOf('.');
    return isSecretName(dot < 0 ? path : path.substring(dot + 1));
  }

  private static boolean isSecretName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String marker : SECRET_MARKERS) {
      if (lower.contains(marker)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the value at the dotted {@code path} (or an object above it) is secret. */
  public boolean isSecret(String path) {
    Boolean known = secretPaths.get(path);
    if (known != null) {
      return known;
    }
    boolean secret = isSecret(Arrays.asList(path.split("\\.")));
    if (secretPaths.size() < CACHE_LIMIT) {
      secretPaths.put(path, secret);
    }
    return secret;
  }

  /**
   * Whether the value at {@code segments} (list items as {@code []}) or an object above it is
   * secret.
   */
  public boolean isSecret(List<String> segments) {
    for (int i = 1; i <= segments.size(); i++) {
      List<String> prefix = segments.subList(0, i);
      String last = prefix.get(i - 1);
      if (SchemaRule.ITEM.equals(last)) {
        continue;
      }
      SchemaRule rule = schema.ruleFor(prefix);
      boolean secret = rule != null && rule.secret() != null ? rule.secret() : isSecretName(last);
      if (secret) {
        return true;
      }
    }
    return false;
  }

  /** A deep copy of {@code config} with every secret value masked. */
  public JsonObject redact(JsonObject config) {
    return (JsonObject) redact(new ArrayList<>(), config);
  }

  /**
   * {@code value} found at the dotted {@code path}, masked if secret (deeply, for objects and
   * lists).
   */
  public Object redact(String path, Object value) {
    if (value == null) {
      return null;
    }
    if (isSecret(path)) {
      return MASK;
    }
    if (value instanceof JsonObject || value instanceof JsonArray) {
      return redact(new ArrayList<>(Arrays.asList(path.split("\\."))), value);
    }
    return value;
  }

  /** The change with both values masked when its key is secret. */
  public ConfigChange redact(ConfigChange change) {
    return new ConfigChange(
        change.key(),
        redact(change.key(), change.oldValue()),
        redact(change.key(), change.newValue()));
  }

  /** Every change of {@code changes}, redacted. */
  public List<ConfigChange> redact(List<ConfigChange> changes) {
    return changes.stream().map(this::redact).toList();
  }

  private Object redact(List<String> segments, Object value) {
    if (value == null) {
      return null;
    }
    if (!segments.isEmpty() && isSecret(segments)) {
      return MASK;
    }
    if (value instanceof JsonObject object) {
      JsonObject copy = new JsonObject();
      for (Map.Entry<String, Object> entry : object) {
        segments.add(entry.getKey());
        copy.put(entry.getKey(), redact(segments, entry.getValue()));
        segments.remove(segments.size() - 1);
      }
      return copy;
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      segments.add(SchemaRule.ITEM);
      for (Object item : array) {
        copy.add(redact(segments, item));
      }
      segments.remove(segments.size() - 1);
      return copy;
    }
    return value;
  }
}
