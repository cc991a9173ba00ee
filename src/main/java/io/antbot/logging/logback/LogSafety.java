package io.antbot.logging.logback;

import io.antbot.settings.Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What every output does to the content of an event before writing it: messages cut at a length
 * limit with a marker, secret fields masked, and (for line-oriented text) control characters
 * escaped so that user-supplied text cannot start a new log line.
 *
 * <p>The settings are process-wide, like the Logback configuration they serve; the logging service
 * sets them from {@code logging.max_message_length}, {@code logging.mask_fields} and the keys the
 * configuration service reports as secret. All methods are thread-safe.
 */
public final class LogSafety {

  /** What a secret field value is replaced with. */
  public static final String MASK = "***";

  /**
   * Field names that hold secrets whatever the configuration says; the same rule the configuration
   * service applies to its keys (password, secret, token, private key, API key, credential).
   */
  private static final Pattern SECRET_NAME =
      Pattern.compile(
          ".*(password|passwd|secret|token|private_key|privatekey|api_key|apikey|credential).*");

  private static final int DECISION_CACHE_LIMIT = 10_000;
  private static final int MAX_DEPTH = 16;

  private static volatile int maxMessageLength = defaultMaxLength();
  private static volatile Set<String> extraSecretNames = Set.of();
  private static final Map<String, Boolean> decisions = new ConcurrentHashMap<>();

  private LogSafety() {}

  /**
   * Applies new settings.
   *
   * @param maxLength longest message in characters (at least 1)
   * @param secretNames further field names (case-insensitive, exact) whose values are masked
   */
  public static void configure(int maxLength, Collection<String> secretNames) {
    maxMessageLength = Math.max(1, maxLength);
    Set<String> names = ConcurrentHashMap.newKeySet();
    for (String name : secretNames) {
      names.add(name.toLowerCase(Locale.ROOT));
    }
    extraSecretNames = Set.copyOf(names);
    decisions.clear();
  }

  /**
   * Back to the defaults: the schema's {@code logging.max_message_length} and the built-in secret
   * names only.
   */
  public static void reset() {
    configure(defaultMaxLength(), List.of());
  }

  private static int defaultMaxLength() {
    return ((Number) Settings.defaultOf("logging.max_message_length")).intValue();
  }

  public static int maxMessageLength() {
    return maxMessageLength;
  }

  /**
   * {@code message} cut to the limit, followed by {@code …[truncated N chars]} when it was longer.
   */
  public static String truncate(String message) {
    int max = maxMessageLength;
    if (message == null || message.length() <= max) {
      return message;
    }
    int cut = Character.isHighSurrogate(message.charAt(max - 1)) ? max - 1 : max;
    return message.substring(0, cut) + "…[truncated " + (message.length() - cut) + " chars]";
  }

  /** Whether a field called {@code name} holds a secret (the last dotted segment decides). */
  public static boolean isSecretName(String name) {
    Boolean known = decisions.get(name);
    if (known != null) {
      return known;
    }
    int dot = name.lastIndexOf('.');
    String leaf = (dot < 0 ? name : name.substring(dot + 1)).toLowerCase(Locale.ROOT);
    boolean secret = extraSecretNames.contains(leaf) || SECRET_NAME.matcher(leaf).matches();
    if (decisions.size() < DECISION_CACHE_LIMIT) {
      decisions.put(name, secret);
    }
    return secret;
  }

  /**
   * The value to write for field {@code name}: {@link #MASK} for a secret name; maps and lists
   * copied with their own secret entries masked; Vert.x JSON turned into plain maps and lists;
   * strings, numbers, booleans and {@code null} as they are; anything else as its {@code
   * toString()}.
   */
  public static Object mask(String name, Object value) {
    return mask(name, value, 0);
  }

  private static Object mask(String name, Object value, int depth) {
    if (value == null) {
      return null;
    }
    if (name != null && isSecretName(name)) {
      return MASK;
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (depth >= MAX_DEPTH) {
      return String.valueOf(value);
    }
    if (value instanceof JsonObject object) {
      return maskMap(object.getMap(), depth);
    }
    if (value instanceof Map<?, ?> map) {
      return maskMap(map, depth);
    }
    if (value instanceof JsonArray array) {
      return maskList(array.getList(), depth);
    }
    if (value instanceof Collection<?> list) {
      return maskList(list, depth);
    }
    return String.valueOf(value);
  }

  private static Map<String, Object> maskMap(Map<?, ?> map, int depth) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = String.valueOf(entry.getKey());
      copy.put(key, mask(key, entry.getValue(), depth + 1));
    }
    return copy;
  }

  private static List<Object> maskList(Collection<?> list, int depth) {
    List<Object> copy = new ArrayList<>(list.size());
    for (Object item : list) {
      copy.add(mask(null, item, depth + 1));
    }
    return copy;
  }

  /**
   * {@code text} safe for one line of text output: backslash, CR, LF and TAB written as {@code \\},
   * {@code \r}, {@code \n}, {@code \t}; other control characters and the Unicode line and paragraph
   * separators as {@code \}{@code uXXXX}.
   */
  public static String escapeLine(String text) {
    if (text == null) {
      return null;
    }
    int i = 0;
    while (i < text.length() && !needsEscape(text.charAt(i))) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (needsEscape(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static boolean needsEscape(char c) {
    return c < 0x20
        || c == 0x7f
        || c == '\\'
        || (c >= 0x80 && c < 0xa0)
        || c == 0x2028
        || c == 0x2029;
  }
}
