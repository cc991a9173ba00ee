package io.antbot.config;

import io.antbot.bus.ConfigChange;
import io.antbot.settings.ConfigException;
import io.antbot.settings.YamlDocument;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The configuration sources in precedence order — {@code application.yaml} &lt; {@code <env>.yaml}
 * &lt; environment variables {@code ANTBOT_<PATH>} &lt; system properties {@code antbot.<path>}
 * &lt; command-line overrides — and the deep merge that combines them (maps merge, lists and
 * scalars replace).
 */
public final class ConfigLayers {

  /** Environment variables that select or bootstrap the runtime rather than configure it. */
  static final Set<String> RESERVED_ENV =
      Set.of("ANTBOT_ENV", "ANTBOT_CONF", "ANTBOT_ADMIN_PASSWORD");

  /** System properties that belong to the build or tests rather than to the configuration. */
  static final Set<String> RESERVED_PROPERTIES = Set.of("antbot.test");

  /** The source names of the environment and system-property layers. */
  public static final String ENV_SOURCE = "env";

  public static final String PROPERTIES_SOURCE = "system-properties";

  private ConfigLayers() {}

  /**
   * The environment variable that sets {@code path}: {@code http.port} → {@code ANTBOT_HTTP__PORT}.
   */
  public static String environmentName(String path) {
    return "ANTBOT_" + path.toUpperCase(Locale.ROOT).replace(".", "__");
  }

  /**
   * One source: its name for messages ({@code conf/application.yaml}, {@code env}, ...) and its
   * content.
   */
  public record Layer(String source, JsonObject content, YamlDocument document) {

    /** Where a key path was set in this layer, for error messages. */
    public String locate(String path) {
      return document == null ? source : document.locate(path);
    }
  }

  /** How a configuration file is read: {@link YamlDocument#read(Path)}, or through a cache. */
  @FunctionalInterface
  public interface DocumentReader {
    YamlDocument read(Path file) throws ConfigException, NoSuchFileException;
  }

  /**
   * Reads {@code application.yaml} (required) and {@code <env>.yaml} (optional) from {@code
   * confDir}.
   */
  public static List<Layer> files(Path confDir, String env) throws ConfigException {
    return files(confDir, env, YamlDocument::read);
  }

  /** {@link #files(Path, String)} with the given reader. */
  public static List<Layer> files(Path confDir, String env, DocumentReader reader)
      throws ConfigException {
    List<Layer> layers = new ArrayList<>();
    Path base = confDir.resolve("application.yaml");
    try {
      YamlDocument document = reader.read(base);
      layers.add(new Layer(document.source(), document.content(), document));
    } catch (NoSuchFileException e) {
      throw new ConfigException(base + ": not found (is --conf pointing at the conf directory?)");
    }
    try {
      YamlDocument document = reader.read(confDir.resolve(env + ".yaml"));
      layers.add(new Layer(document.source(), document.content(), document));
    } catch (NoSuchFileException e) {
      // An environment without its own file simply uses the base.
    }
    return layers;
  }

  /** {@code ANTBOT_HTTP__PORT=9000} → {@code http.port: 9000}; values are typed as YAML scalars. */
  public static Layer environment(Map<String, String> env) throws ConfigException {
    JsonObject content = new JsonObject();
    for (Map.Entry<String, String> entry : env.entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith("ANTBOT_")
          || RESERVED_ENV.contains(name)
          || name.length() == "ANTBOT_".length()) {
        continue;
      }
      String path = name.substring("ANTBOT_".length()).toLowerCase(Locale.ROOT).replace("__", ".");
      ConfigChange.put(content, path, scalar("env " + name, entry.getValue()));
    }
    return new Layer(ENV_SOURCE, content, null);
  }

  /** {@code -Dantbot.http.port=9000} → {@code http.port: 9000}. */
  public static Layer systemProperties(Properties properties) throws ConfigException {
    JsonObject content = new JsonObject();
    for (String name : properties.stringPropertyNames()) {
      if (!name.startsWith("antbot.")
          || RESERVED_PROPERTIES.contains(name)
          || name.length() == "antbot.".length()) {
        continue;
      }
      ConfigChange.put(
          content,
          name.substring("antbot.".length()),
          scalar("system property " + name, properties.getProperty(name)));
    }
    return new Layer(PROPERTIES_SOURCE, content, null);
  }

  /** Merges the layers, lowest precedence first, into a new object. */
  public static JsonObject merge(List<Layer> layers) {
    JsonObject merged = new JsonObject();
    for (Layer layer : layers) {
      deepMerge(merged, layer.content());
    }
    return merged;
  }

  /**
   * Merges {@code overlay} into {@code target}: objects merge key by key, everything else replaces.
   */
  public static void deepMerge(JsonObject target, JsonObject overlay) {
    for (Map.Entry<String, Object> entry : overlay) {
      Object incoming = entry.getValue();
      Object existing = target.getValue(entry.getKey());
      if (incoming instanceof JsonObject overlayChild
          && existing instanceof JsonObject targetChild) {
        deepMerge(targetChild, overlayChild);
      } else {
        target.put(entry.getKey(), copy(incoming));
      }
    }
  }

  /** The value at a dotted path, or {@code null}. */
  public static Object lookup(JsonObject config, String path) {
    Object current = config;
    for (String part : path.split("\\.")) {
      if (!(current instanceof JsonObject object) || !object.containsKey(part)) {
        return null;
      }
      current = object.getValue(part);
    }
    return current;
  }

  /** What {@link #find} answers for a path that does not exist. */
  public static final Object ABSENT = new Object();

  /**
   * The value at the dotted path (possibly JSON null), or {@link #ABSENT}: {@link #contains} and
   * {@link #lookup} in one walk, without splitting the path (a read per API request).
   */
  public static Object find(JsonObject config, String path) {
    Object current = config;
    int start = 0;
    while (true) {
      int dot = path.indexOf('.', start);
      String part = dot < 0 ? path.substring(start) : path.substring(start, dot);
      if (!(current instanceof JsonObject object) || !object.containsKey(part)) {
        return ABSENT;
      }
      current = object.getValue(part);
      if (dot < 0) {
        return current;
      }
      start = dot + 1;
    }
  }

  /** Whether the dotted path exists (its value may be JSON null). */
  public static boolean contains(JsonObject config, String path) {
    Object current = config;
    for (String part : path.split("\\.")) {
      if (!(current instanceof JsonObject object) || !object.containsKey(part)) {
        return false;
      }
      current = object.getValue(part);
    }
    return true;
  }

  private static Object scalar(String source, String text) throws ConfigException {
    Object value = YamlDocument.parse(source, "v: " + quoteIfNeeded(text)).content().getValue("v");
    return value instanceof JsonObject || value instanceof JsonArray ? text : value;
  }

  /**
   * Flow indicators would make a plain scalar into a collection; values from the environment are
   * scalars.
   */
  private static String quoteIfNeeded(String text) {
    if (text.isEmpty()
        || text.matches(".*[\\[\\]{}#,&*!|>'\"%@`:].*")
        || !text.strip().equals(text)) {
      return "'" + text.replace("'", "''") + "'";
    }
    return text;
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
