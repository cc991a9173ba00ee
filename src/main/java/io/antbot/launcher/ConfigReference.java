package io.antbot.launcher;

import io.antbot.config.ConfigLayers;
import io.antbot.settings.ConfigException;
import io.antbot.settings.ConfigSchema;
import io.antbot.settings.SchemaRule;
import io.antbot.settings.ValueType;
import io.antbot.settings.YamlDocument;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The configuration reference ({@code docs/configuration.md}) written from {@code schema.yaml}: one
 * row per rule with its type, its default as {@code application.yaml} sets it, whether a change
 * applies live, its constraints and its description; then what each environment file changes.
 *
 * <p>Whether a key applies live is decided the way the configuration service decides which changed
 * keys it reports in {@code restart_required}: by the rule of the key, or of the nearest key above
 * it that has one. A list changes as a whole, so the rules of its items ({@code bots[].class})
 * follow the list's rule.
 */
final class ConfigReference {

  /**
   * Longer defaults are not written out in the table; the reader is sent to {@code
   * application.yaml}.
   */
  private static final int MAX_INLINE = 48;

  private final ConfigSchema schema;
  private final JsonObject base;
  private final Map<String, JsonObject> environments;

  private ConfigReference(
      ConfigSchema schema, JsonObject base, Map<String, JsonObject> environments) {
    this.schema = schema;
    this.base = base;
    this.environments = environments;
  }

  /**
   * Reads {@code schema.yaml}, {@code application.yaml} and the environment files of {@code
   * confDir}.
   */
  static ConfigReference read(Path confDir) throws ConfigException {
    ConfigSchema schema = ConfigSchema.read(confDir);
    if (schema.rules().isEmpty()) {
      throw new ConfigException(
          confDir.resolve("schema.yaml") + ": no rules (is this a configuration directory?)");
    }
    Map<String, JsonObject> environments = new LinkedHashMap<>();
    for (String env : LaunchOptions.ENVIRONMENTS) {
      environments.put(env, optional(confDir.resolve(env + ".yaml")));
    }
    return new ConfigReference(schema, optional(confDir.resolve("application.yaml")), environments);
  }

  private static JsonObject optional(Path file) throws ConfigException {
    try {
      return YamlDocument.read(file).content();
    } catch (NoSuchFileException e) {
      return new JsonObject();
    }
  }

  /** The keys of the reference, as written in the schema. */
  List<String> keys() {
    return schema.rules().stream().map(SchemaRule::path).toList();
  }

  /** Whether a change to the key of {@code rule} applies without a restart. */
  boolean live(SchemaRule rule) {
    List<String> segments = rule.segments();
    int item = segments.indexOf(SchemaRule.ITEM);
    List<String> key = item < 0 ? segments : segments.subList(0, item);
    for (int i = key.size(); i > 0; i--) {
      SchemaRule governing = schema.ruleFor(key.subList(0, i));
      if (governing != null) {
        return governing.live();
      }
    }
    return false;
  }

  /** The whole document. */
  String markdown() {
    StringBuilder doc =
        new StringBuilder()
            .append("# Configuration reference\n\n")
            .append(
                "<!-- Generated from conf/schema.yaml and conf/*.yaml by `java -jar target/antbot-core.jar config-reference`\n")
            .append(
                "     (or `scripts/config-reference.sh`); do not edit by hand. ConfigReferenceTest fails when it is stale. -->\n\n")
            .append(
                "Every key that `conf/schema.yaml` has a rule for. `*` stands for any key of a map, `[]` for every item of a\n")
            .append(
                "list. Layers, lowest first: `conf/application.yaml` < `conf/<env>.yaml` < `ANTBOT_<PATH>` environment\n")
            .append(
                "variables < `-Dantbot.<path>` system properties < `--port` < runtime overrides (`antbot.config.set`,\n")
            .append(
                "`PUT /api/v1/config/{key}`). How each layer works, validation and hot reload: [config.md](config.md).\n\n")
            .append(
                "- **type**: what the value must be; *integer* is a whole number, *number* any number.\n")
            .append(
                "- **default**: the value in `conf/application.yaml` (else the schema's documented default); `—` none.\n")
            .append(
                "  The environment files change some of them: see [Environment files](#environment-files).\n")
            .append(
                "- **applies**: *live* — a change (file edit with `core.hot_reload`, override, revert) takes effect without\n")
            .append(
                "  a restart; *restart* — the change is recorded and broadcast, listed in `restart_required`, logged as\n")
            .append(
                "  needing a restart, and takes effect at the next start. The `trading`, `compounding` and `flywheel`\n")
            .append(
                "  keys are read by bots (through `ConfigView`, updated by `antbot.config.changed`), not by the core services.\n")
            .append(
                "  *restart, no override* — a key that decides where state is kept or which file is read at start\n")
            .append(
                "  (`override: false` in the schema): only the files, `ANTBOT_` variables, system properties and\n")
            .append(
                "  the command line set it. A runtime override of it, or of a section holding it\n")
            .append(
                "  (`PUT /config/core {...}`), is refused with a 400 naming the rule, and one already in the\n")
            .append(
                "  overrides file is ignored at start with a warning: moving the state directory by an override\n")
            .append(
                "  would start the next run on empty state (a fresh user store, revocations forgotten). Other\n")
            .append(
                "  restart keys may be overridden: recorded, broadcast, applied at the next start.\n")
            .append(
                "- **rule**: `required` must be present after merging; ranges are inclusive (for strings and lists they bound\n")
            .append(
                "  the length); `secret` values are masked in snapshots, broadcasts and logs.\n");
    Map<String, List<SchemaRule>> sections = new LinkedHashMap<>();
    for (SchemaRule rule : schema.rules()) {
      sections.computeIfAbsent(rule.segments().get(0), s -> new ArrayList<>()).add(rule);
    }
    for (Map.Entry<String, List<SchemaRule>> section : sections.entrySet()) {
      doc.append("\n## `")
          .append(section.getKey())
          .append("`\n\n")
          .append("| key | type | default | applies | rule | description |\n")
          .append("|---|---|---|---|---|---|\n");
      for (SchemaRule rule : section.getValue()) {
        doc.append("| `")
            .append(cell(rule.path()))
            .append("` | ")
            .append(rule.type() == null ? "any" : rule.type().schemaName())
            .append(" | ")
            .append(defaultOf(rule))
            .append(" | ")
            .append(live(rule) ? "live" : rule.override() ? "restart" : "restart, no override")
            .append(" | ")
            .append(constraints(rule))
            .append(" | ")
            .append(rule.description() == null ? "" : cell(rule.description()))
            .append(" |\n");
      }
    }
    doc.append("\n## Environment files\n\n")
        .append(
            "What `conf/<env>.yaml` sets over `conf/application.yaml` (`--env`, or `ANTBOT_ENV`; default development).\n");
    for (Map.Entry<String, JsonObject> env : environments.entrySet()) {
      doc.append("\n### ").append(env.getKey()).append("\n\n");
      Map<String, Object> leaves = new LinkedHashMap<>();
      leaves("", env.getValue(), leaves);
      if (leaves.isEmpty()) {
        doc.append("Nothing: the base configuration as it is.\n");
        continue;
      }
      doc.append("| key | value |\n|---|---|\n");
      String file = "conf/" + env.getKey() + ".yaml";
      leaves.forEach(
          (key, value) ->
              doc.append("| `")
                  .append(cell(key))
                  .append("` | ")
                  .append(value(value, file))
                  .append(" |\n"));
    }
    return doc.toString();
  }

  private String defaultOf(SchemaRule rule) {
    boolean concrete =
        !rule.segments().contains(SchemaRule.ANY_KEY) && !rule.segments().contains(SchemaRule.ITEM);
    if (concrete && ConfigLayers.contains(base, rule.path())) {
      Object value = ConfigLayers.lookup(base, rule.path());
      if (value instanceof JsonObject object
          && !schema.isOpen(rule)
          && rule.type() == ValueType.OBJECT
          && schema.hasRulesBelow(rule.segments())) {
        return "(section)";
      }
      return value(value, "conf/application.yaml");
    }
    return rule.defaultValue() == null ? "—" : value(rule.defaultValue(), "conf/schema.yaml");
  }

  /**
   * A value in a table cell; one too long to read there is named by {@code file}, where it is
   * written out.
   */
  private static String value(Object value, String file) {
    if (value == null) {
      return "`null`";
    }
    String text =
        value instanceof String s
            ? s
            : value instanceof JsonObject || value instanceof JsonArray
                ? flowStyle(value)
                : String.valueOf(value);
    if (text.length() > MAX_INLINE) {
      return value instanceof JsonArray list
          ? "list of " + list.size() + ", see `" + file + "`"
          : "see `" + file + "`";
    }
    return text.isEmpty() ? "`\"\"`" : "`" + cell(text) + "`";
  }

  /** YAML flow style, as the configuration files write short maps and lists. */
  private static String flowStyle(Object value) {
    if (value instanceof JsonObject object) {
      return object.stream()
          .map(e -> e.getKey() + ": " + flowStyle(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    if (value instanceof JsonArray array) {
      return array.stream()
          .map(ConfigReference::flowStyle)
          .collect(Collectors.joining(", ", "[", "]"));
    }
    return String.valueOf(value);
  }

  private static String constraints(SchemaRule rule) {
    List<String> parts = new ArrayList<>();
    if (rule.required()) {
      parts.add("required");
    }
    if (rule.min() != null || rule.max() != null) {
      String range = number(rule.min()) + ".." + number(rule.max());
      if (rule.min() != null && rule.max() == null) {
        range = "≥ " + number(rule.min());
      } else if (rule.min() == null) {
        range = "≤ " + number(rule.max());
      }
      boolean length = rule.type() == ValueType.STRING || rule.type() == ValueType.LIST;
      parts.add((length ? "length " : "") + range);
    }
    if (rule.allowed() != null) {
      parts.add(
          "one of "
              + rule.allowed().stream()
                  .map(v -> "`" + cell(String.valueOf(v)) + "`")
                  .collect(Collectors.joining(", ")));
    }
    if (rule.pattern() != null) {
      parts.add("matches `" + cell(rule.pattern().pattern()) + "`");
    }
    if (Boolean.TRUE.equals(rule.secret())) {
      parts.add("secret");
    }
    return String.join("; ", parts);
  }

  private static String number(Double value) {
    if (value == null) {
      return "";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf(value.longValue())
        : String.valueOf(value);
  }

  /** Escapes what would end a table cell. */
  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  private static void leaves(String prefix, JsonObject object, Map<String, Object> into) {
    for (Map.Entry<String, Object> entry : object) {
      String key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
      if (entry.getValue() instanceof JsonObject child && !child.isEmpty()) {
        leaves(key, child, into);
      } else {
        into.put(key, entry.getValue());
      }
    }
  }
}
