package io.antbot.settings;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML configuration file read into JSON, remembering the line of every key so that an error can
 * say {@code conf/application.yaml:12: trading.max_position_size: ...}.
 *
 * <p>SnakeYAML's node graph is walked by hand (instead of letting it construct Java objects)
 * because the node carries the line marks we need; scalars are typed by their resolved YAML tag.
 * Duplicate keys are errors, so a file cannot silently mean something other than it reads. An alias
 * of a scalar is allowed (it costs what it reads); an alias of a mapping or a list is an error
 * naming its line: the walk would copy the aliased node once per use, so a few kilobytes of chained
 * aliases could fill the heap.
 *
 * @param source the name shown in errors (the path as given)
 * @param content the document; {@code {}} for an empty file
 * @param lines 1-based line of each dotted key path
 */
public record YamlDocument(String source, JsonObject content, Map<String, Integer> lines) {

  /** Far deeper than any configuration; bounds the recursion of the walk. */
  private static final int MAX_DEPTH = 50;

  /** Reads {@code file}; a missing file is an error (callers decide whether a file is optional). */
  public static YamlDocument read(Path file) throws ConfigException, NoSuchFileException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    return parse(file.toString(), text);
  }

  /** Parses {@code text}; errors are reported against {@code source}. */
  public static YamlDocument parse(String source, String text) throws ConfigException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(0);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(4 * 1024 * 1024);
    Node root;
    try (Reader reader = new StringReader(text)) {
      if (text.indexOf('&') >= 0) { // no anchor, no alias: the files read at start skip a pass
        refuseCollectionAliases(source, new Yaml(options).parse(new StringReader(text)));
      }
      root = new Yaml(options).compose(reader);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw new ConfigException(source + ":" + line + ": malformed YAML: " + problem);
    } catch (YAMLException | IOException e) {
      throw new ConfigException(source + ": malformed YAML: " + e.getMessage());
    }
    Map<String, Integer> lines = new HashMap<>();
    if (root == null) {
      return new YamlDocument(source, new JsonObject(), lines);
    }
    if (!(root instanceof MappingNode mapping)) {
      throw new ConfigException(
          source + ":" + line(root) + ": expected a mapping of sections at the top level");
    }
    return new YamlDocument(source, toObject(source, mapping, "", lines), lines);
  }

  /**
   * Streams the events (nothing is built) and fails on the first alias of a mapping or a list, with
   * its own line; SnakeYAML's own limit would say only how many aliases it counted.
   */
  private static void refuseCollectionAliases(String source, Iterable<Event> events)
      throws ConfigException {
    Set<String> collections = new HashSet<>();
    for (Event event : events) {
      if (event instanceof CollectionStartEvent start && start.getAnchor() != null) {
        collections.add(start.getAnchor());
      } else if (event instanceof ScalarEvent scalar && scalar.getAnchor() != null) {
        collections.remove(scalar.getAnchor());
      } else if (event instanceof AliasEvent alias
          && alias.getAnchor() != null
          && collections.contains(alias.getAnchor())) {
        int line = alias.getStartMark() == null ? 0 : alias.getStartMark().getLine() + 1;
        throw new ConfigException(
            source
                + ":"
                + line
                + ": the alias *"
                + alias.getAnchor()
                + " repeats a mapping or a list, which configuration files do not allow; write the values out");
      }
    }
  }

  /**
   * {@code source:line} of a key path, or just {@code source} when the path was not in this
   * document.
   */
  public String locate(String path) {
    Integer line = lines.get(path);
    return line == null ? source : source + ":" + line;
  }

  private static JsonObject toObject(
      String source, MappingNode node, String prefix, Map<String, Integer> lines)
      throws ConfigException {
    JsonObject object = new JsonObject();
    for (NodeTuple tuple : node.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        throw new ConfigException(
            source + ":" + line(tuple.getKeyNode()) + ": keys must be plain scalars");
      }
      String key = keyNode.getValue();
      if ("<<".equals(key)) {
        throw new ConfigException(
            source
                + ":"
                + line(keyNode)
                + ": YAML merge keys (<<) are not supported; write the keys out");
      }
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      lines.put(path, line(keyNode));
      object.put(key, toValue(source, tuple.getValueNode(), path, lines));
    }
    return object;
  }

  private static Object toValue(String source, Node node, String path, Map<String, Integer> lines)
      throws ConfigException {
    if (node instanceof MappingNode mapping) {
      return toObject(source, mapping, path, lines);
    }
    if (node instanceof SequenceNode sequence) {
      JsonArray array = new JsonArray();
      int index = 0;
      for (Node item : sequence.getValue()) {
        array.add(toValue(source, item, path + "[" + index++ + "]", lines));
      }
      return array;
    }
    return scalar(source, (ScalarNode) node, path);
  }

  private static Object scalar(String source, ScalarNode node, String path) throws ConfigException {
    Tag tag = node.getTag();
    String text = node.getValue();
    try {
      if (Tag.NULL.equals(tag)) {
        return null;
      }
      if (Tag.BOOL.equals(tag)) {
        // YAML 1.2 booleans only: YAML 1.1 would read a log level OFF, or a country code NO, as
        // false.
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
          case "true" -> Boolean.TRUE;
          case "false" -> Boolean.FALSE;
          default -> text;
        };
      }
      if (Tag.INT.equals(tag)) {
        return integer(text.replace("_", ""));
      }
      if (Tag.FLOAT.equals(tag)) {
        double value = Double.parseDouble(text.replace("_", ""));
        if (Double.isNaN(value) || Double.isInfinite(value)) {
          throw new NumberFormatException("not finite");
        }
        return value;
      }
    } catch (NumberFormatException e) {
      throw new ConfigException(
          source + ":" + line(node) + ": " + path + ": not a usable number \"" + text + "\"");
    }
    return text;
  }

  private static Number integer(String text) {
    String digits = text;
    int radix = 10;
    boolean negative = digits.startsWith("-");
    if (negative || digits.startsWith("+")) {
      digits = digits.substring(1);
    }
    if (digits.startsWith("0x")) {
      radix = 16;
      digits = digits.substring(2);
    } else if (digits.startsWith("0o")) {
      radix = 8;
      digits = digits.substring(2);
    }
    long value = Long.parseLong(digits, radix);
    value = negative ? -value : value;
    return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE
        ? (Number) (int) value
        : (Number) value;
  }

  private static int line(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }
}
