package io.antbot.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The settings schema the code was built with: {@code conf/schema.yaml}, packaged in the jar. It is
 * the one place where a key's type, range, default and live-or-restart are stated; every options
 * record reads its section through {@link SectionReader}, which takes them from here, so no Java
 * constant repeats them.
 *
 * <p>The configuration service validates with the {@code schema.yaml} of the configuration
 * directory, which an installation copies from the same file; it reports, at start and in its
 * status, a directory schema that differs from this one.
 */
public final class Settings {

  /** Where the build puts {@code conf/schema.yaml} on the class path. */
  public static final String RESOURCE = "/io/antbot/settings/schema.yaml";

  private static final ConfigSchema SHIPPED = load();

  private Settings() {}

  /** The packaged schema. */
  public static ConfigSchema shipped() {
    return SHIPPED;
  }

  /** The packaged schema's text, byte for byte. */
  public static String shippedText() {
    try (InputStream in = Settings.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A reader of the section at {@code prefix} (e.g. {@code security.lockout}) of {@code section},
   * with the packaged schema's rules.
   */
  public static SectionReader read(String prefix, io.vertx.core.json.JsonObject section) {
    return new SectionReader(SHIPPED, prefix, section);
  }

  /**
   * The packaged schema's default of the key at {@code path}, e.g. {@code core.state_dir}.
   *
   * @throws IllegalStateException when the schema has no rule or no default for it
   */
  public static Object defaultOf(String path) {
    SchemaRule rule = SHIPPED.ruleFor(SchemaRule.split(path));
    if (rule == null || rule.defaultValue() == null) {
      throw new IllegalStateException(path + ": no default in schema.yaml");
    }
    return rule.defaultValue();
  }

  /**
   * Whether a change of {@code key} applies without a restart: the {@code live} attribute of its
   * rule, or of the nearest rule above it; a key without any rule is live.
   */
  public static boolean live(String key) {
    java.util.List<String> path = SchemaRule.split(key);
    for (int i = path.size(); i > 0; i--) {
      SchemaRule rule = SHIPPED.ruleFor(path.subList(0, i));
      if (rule != null) {
        return rule.live();
      }
    }
    return true;
  }

  private static ConfigSchema load() {
    try {
      return ConfigSchema.parse(YamlDocument.parse("schema.yaml", shippedText()));
    } catch (ConfigException e) {
      throw new IllegalStateException("the packaged schema is invalid: " + e.getMessage(), e);
    }
  }
}
