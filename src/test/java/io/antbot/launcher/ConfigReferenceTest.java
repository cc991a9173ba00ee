package io.antbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/configuration.md} against {@code conf/schema.yaml}, and the {@code config-reference}
 * command.
 */
class ConfigReferenceTest {

  private static final Path CONF = Path.of("conf");
  private static final Path DOC = Path.of("docs", "configuration.md");
  private static final String REGENERATE =
      "docs/configuration.md is stale; regenerate it with ./scripts/config-reference.sh";

  /**
   * The first cell of each row of the key tables (the environment tables come after their heading).
   */
  private static Set<String> documentedKeys(String markdown) {
    Set<String> keys = new LinkedHashSet<>();
    Pattern row = Pattern.compile("^\\| `([^`]+)` \\| [a-z]+ \\|", Pattern.MULTILINE);
    String keyTables = markdown.substring(0, markdown.indexOf("\n## Environment files"));
    Matcher matcher = row.matcher(keyTables);
    while (matcher.find()) {
      keys.add(matcher.group(1));
    }
    return keys;
  }

  @Test
  @DisplayName("docs/configuration.md lists every schema key, and no key the schema does not have")
  void everySchemaKeyIsDocumented() throws Exception {
    List<String> schemaKeys = ConfigReference.read(CONF).keys();
    Set<String> documented = documentedKeys(Files.readString(DOC, StandardCharsets.UTF_8));

    List<String> missing = new ArrayList<>(schemaKeys);
    missing.removeAll(documented);
    List<String> extra = new ArrayList<>(documented);
    extra.removeAll(schemaKeys);
    assertThat(missing)
        .as("schema keys missing from docs/configuration.md (" + REGENERATE + ")")
        .isEmpty();
    assertThat(extra)
        .as(
            "keys in docs/configuration.md that conf/schema.yaml no longer has ("
                + REGENERATE
                + ")")
        .isEmpty();
    assertThat(schemaKeys).hasSizeGreaterThan(200);
  }

  @Test
  @DisplayName(
      "docs/configuration.md is exactly what config-reference prints for conf/ (types, defaults, live)")
  void documentIsUpToDate() throws Exception {
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as(REGENERATE)
        .isEqualTo(ConfigReference.read(CONF).markdown());
  }

  @Test
  @DisplayName(
      "a key not in the schema is found as extra; a schema key dropped from the doc is found as missing")
  void theCheckCanFail() throws Exception {
    String markdown = ConfigReference.read(CONF).markdown();
    String edited = markdown.replace("| `http.port` |", "| `http.prot` |");
    Set<String> documented = documentedKeys(edited);
    assertThat(documented).contains("http.prot").doesNotContain("http.port");
  }

  @Test
  @DisplayName(
      "live follows the rule of the key or of the nearest key above; list items follow their list")
  void liveness() throws Exception {
    String markdown = ConfigReference.read(CONF).markdown();
    assertThat(markdown)
        .contains("| `logging.level` | string | `INFO` | live |")
        .contains("| `logging.dir` | string | `var/log` | restart, no override |")
        .contains("| `security.jwt.algorithm` | string | `HS256` | restart |")
        .contains("| `security.roles.*` | list | — | live |")
        .contains("| `metrics.alerts[].name` | string | — | live |")
        .contains("| `bots[].class` | string | — | restart |")
        .contains("| `http.port` | integer | `8001` | restart | required; 0..65535 |");
  }

  @Test
  @DisplayName(
      "config-reference prints the document; a wrong argument exits 2, a directory without schema exits 1")
  void command(@TempDir Path empty) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

    assertThat(Main.run(List.of("config-reference", "--conf", "conf"), o, e, Map.of())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("# Configuration reference\n")
        .contains("| `core.service_name` | string | `antbot-core` | restart |");

    err.reset();
    assertThat(Main.run(List.of("config-reference", "--verbose"), o, e, Map.of())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("config-reference: unknown argument: --verbose\n");

    err.reset();
    assertThat(Main.run(List.of("config-reference", "--conf", empty.toString()), o, e, Map.of()))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "config-reference: "
                + empty.resolve("schema.yaml")
                + ": no rules (is this a configuration directory?)\n");
  }
}
