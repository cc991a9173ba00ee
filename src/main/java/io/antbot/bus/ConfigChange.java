package io.antbot.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One leaf of the configuration that changed: {@code {key, old, new}}.
 *
 * <p>A leaf is any value that is not a non-empty object: a scalar, a list (lists replace as a
 * whole) or an empty object. A key that appeared has {@code old == null}; a key that disappeared
 * has {@code new == null}.
 *
 * @param key the dotted path of the leaf, such as {@code trading.max_position_size}
 * @param oldValue the value before, or {@code null}
 * @param newValue the value after, or {@code null}
 */
public record ConfigChange(String key, Object oldValue, Object newValue) {

  public JsonObject toJson() {
    return new JsonObject().put("key", key).put("old", oldValue).put("new", newValue);
  }

  public static ConfigChange fromJson(JsonObject json) {
    return new ConfigChange(
        JsonFields.requireString(json, "key"), json.getValue("old"), json.getValue("new"));
  }

  /**
   * Whether this change concerns {@code prefix} itself or a key below it; the empty prefix matches
   * everything.
   */
  public boolean isUnder(String prefix) {
    return prefix.isEmpty()
        || key.equals(prefix)
        || key.startsWith(prefix + ".")
        || prefix.startsWith(key + ".");
  }

  /** The leaf-level differences from {@code before} to {@code after}, sorted by key. */
  public static List<ConfigChange> diff(JsonObject before, JsonObject after) {
    Map<String, Object> old = leaves(before);
    Map<String, Object> current = leaves(after);
    List<ConfigChange> changes = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(old.keySet());
    keys.addAll(current.keySet());
    for (String key : keys) {
      boolean wasThere = old.containsKey(key);
      boolean isThere = current.containsKey(key);
      Object was = old.get(key);
      Object is = current.get(key);
      if (wasThere != isThere || !sameValue(was, is)) {
        changes.add(new ConfigChange(key, was, is));
      }
    }
    return changes;
  }

  /**
   * Applies {@code changes} (as produced by {@link #diff}) to {@code target} in place: removals
   * first, pruning the objects they leave empty, then additions and updates, creating intermediate
   * objects.
   */
  public static void apply(JsonObject target, List<ConfigChange> changes) {
    for (ConfigChange change : changes) {
      if (change.newValue() == null) {
        remove(target, change.key().split("\\."), 0);
      }
    }
    List<ConfigChange> puts = new ArrayList<>(changes);
    puts.removeIf(change -> change.newValue() == null);
    puts.sort(Comparator.comparing(ConfigChange::key));
    for (ConfigChange change : puts) {
      put(target, change.key(), copy(change.newValue()));
    }
  }

  /**
   * Sets the value at the dotted {@code key} of {@code target}, creating (or replacing non-object)
   * parents.
   */
  public static void put(JsonObject target, String key, Object value) {
    String[] parts = key.split("\\.");
    JsonObject current = target;
    for (int i = 0; i < parts.length - 1; i++) {
      Object child = current.getValue(parts[i]);
      if (!(child instanceof JsonObject)) {
        child = new JsonObject();
        current.put(parts[i], child);
      }
      current = (JsonObject) child;
    }
    current.put(parts[parts.length - 1], value);
  }

  /** Every leaf of {@code config} by dotted path, in document order. */
  public static Map<String, Object> leaves(JsonObject config) {
    Map<String, Object> leaves = new LinkedHashMap<>();
    collect(config, "", leaves);
    return leaves;
  }

  private static void collect(JsonObject object, String prefix, Map<String, Object> leaves) {
    for (Map.Entry<String, Object> entry : object) {
      String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
      Object value = entry.getValue();
      if (value instanceof JsonObject child && !child.isEmpty()) {
        collect(child, path, leaves);
      } else {
        leaves.put(path, value);
      }
    }
  }

  /** Removes the leaf at {@code parts}; returns whether the object at this level became empty. */
  private static boolean remove(JsonObject object, String[] parts, int index) {
    if (index == parts.length - 1) {
      object.remove(parts[index]);
    } else if (object.getValue(parts[index]) instanceof JsonObject child
        && remove(child, parts, index + 1)) {
      object.remove(parts[index]);
    }
    return object.isEmpty();
  }

  /**
   * JSON equality where {@code 1} and {@code 1.0} are the same number (YAML and JSON parsers
   * disagree on types).
   */
  static boolean sameValue(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue() && x.longValue() == y.longValue();
    }
    if (a instanceof JsonObject x && b instanceof JsonObject y) {
      return diff(x, y).isEmpty();
    }
    if (a instanceof JsonArray x && b instanceof JsonArray y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!sameValue(x.getValue(i), y.getValue(i))) {
          return false;
        }
      }
      return true;
    }
    return a == null ? b == null : a.equals(b);
  }

  private static Object copy(Object value) {
    if (value instanceof JsonObject object) {
      return object.copy();
    }
    if (value instanceof JsonArray array) {
      return array.copy();
    }
    return value;
  }
}
