package io.antbot.security.threat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Detection rates per attack class on the OWASP CRS regression requests and the
 * PayloadsAllTheThings payloads (default options), with the goals asserted on the visible corpora.
 *
 * <p>Each CRS request is scanned as a whole request (path, query, headers with cookies, body; a
 * body without a declared type is read as a form, as the CRS test harness sends it). Each payload
 * is scanned as one value. To see how the detectors hold on attacks they were not tuned on, each
 * corpus is also split in two: for CRS, the rules of each category in id order alternately go to a
 * "tuned" half (rules whose requests were looked at while writing the detectors) and a "held-out"
 * half (only measured); for PayloadsAllTheThings, even and odd lines. Both halves are printed (see
 * {@code target/surefire-reports/...ThreatCorpusAccuracyTest-output.txt}); the held-out half is the
 * better estimate of what unseen attacks meet.
 */
class ThreatCorpusAccuracyTest {

  private static final ThreatScanner SCANNER = new ThreatScanner(ThreatOptions.defaults());

  /** The CRS rules whose requests the detectors were tuned on; the others are held out. */
  private static final TreeSet<String> TUNED_RULES = new TreeSet<>();

  private static Path vectors;

  /** Counts of one class: flagged and total, on the tuned half and on the held-out half. */
  static final class Tally {
    int tunedFlagged;
    int tuned;
    int heldFlagged;
    int held;

    void add(boolean tunedHalf, boolean flagged) {
      if (tunedHalf) {
        tuned++;
        tunedFlagged += flagged ? 1 : 0;
      } else {
        held++;
        heldFlagged += flagged ? 1 : 0;
      }
    }

    double percent() {
      return rate(tunedFlagged + heldFlagged, tuned + held);
    }

    String row(String name) {
      return String.format(
          Locale.ROOT,
          "| %s | %d / %d | **%.1f %%** | %.1f %% (%d / %d) | %.1f %% (%d / %d) |",
          name,
          tunedFlagged + heldFlagged,
          tuned + held,
          percent(),
          rate(tunedFlagged, tuned),
          tunedFlagged,
          tuned,
          rate(heldFlagged, held),
          heldFlagged,
          held);
    }

    private static double rate(int flagged, int total) {
      return total == 0 ? 0 : 100.0 * flagged / total;
    }
  }

  @BeforeAll
  static void locate() throws URISyntaxException, IOException {
    vectors = Path.of(ThreatCorpusAccuracyTest.class.getResource("/vectors").toURI());
    Map<String, TreeSet<String>> rulesByCategory = new TreeMap<>();
    for (String line : lines(vectors.resolve("crs/requests.jsonl"))) {
      JsonObject entry = new JsonObject(line);
      rulesByCategory
          .computeIfAbsent(entry.getString("category"), c -> new TreeSet<>())
          .add(entry.getString("rule"));
    }
    for (TreeSet<String> rules : rulesByCategory.values()) {
      int i = 0;
      for (String rule : rules) {
        if (i++ % 2 == 0) {
          TUNED_RULES.add(rule);
        }
      }
    }
  }

  @Test
  @DisplayName(
      "OWASP CRS PL1 requests: SQLi, XSS, RCE and LFI at least 90 %, PHP and generic (Node.js, SSRF) at least 80 %")
  void crsRequests() throws IOException {
    Map<String, Tally> byClass = new TreeMap<>();
    for (String line : lines(vectors.resolve("crs/requests.jsonl"))) {
      JsonObject entry = new JsonObject(line);
      boolean flagged = SCANNER.scan(request(entry.getJsonObject("request"))).threat();
      byClass
          .computeIfAbsent(entry.getString("category"), c -> new Tally())
          .add(TUNED_RULES.contains(entry.getString("rule")), flagged);
    }
    print("OWASP CRS regression requests (PL1 rules)", byClass);
    assertThat(byClass.get("sqli").percent()).as("CRS sqli").isGreaterThanOrEqualTo(90.0);
    assertThat(byClass.get("xss").percent()).as("CRS xss").isGreaterThanOrEqualTo(90.0);
    assertThat(byClass.get("rce").percent()).as("CRS rce").isGreaterThanOrEqualTo(90.0);
    assertThat(byClass.get("lfi").percent()).as("CRS lfi").isGreaterThanOrEqualTo(90.0);
    assertThat(byClass.get("php").percent()).as("CRS php").isGreaterThanOrEqualTo(80.0);
    assertThat(byClass.get("generic").percent()).as("CRS generic").isGreaterThanOrEqualTo(80.0);
  }

  @Test
  @DisplayName(
      "PayloadsAllTheThings: SQLi at least 95 %, XSS, command injection and traversal at least 90 %")
  void payloadsAllTheThings() throws IOException {
    Map<String, Tally> byClass = new TreeMap<>();
    int index = 0;
    for (String line : lines(vectors.resolve("patt/payloads.jsonl"))) {
      JsonObject entry = new JsonObject(line);
      boolean flagged = SCANNER.scan(entry.getString("input")).threat();
      byClass
          .computeIfAbsent(entry.getString("category"), c -> new Tally())
          .add(index++ % 2 == 0, flagged);
    }
    print("PayloadsAllTheThings intruder payloads (even lines / odd lines)", byClass);
    assertThat(byClass.get("sqli").percent()).as("PATT sqli").isGreaterThanOrEqualTo(95.0);
    assertThat(byClass.get("xss").percent()).as("PATT xss").isGreaterThanOrEqualTo(90.0);
    assertThat(byClass.get("rce").percent()).as("PATT rce").isGreaterThanOrEqualTo(90.0);
    assertThat(byClass.get("lfi").percent()).as("PATT lfi").isGreaterThanOrEqualTo(90.0);
  }

  @Test
  @DisplayName(
      "libinjection SQLi and XSS at least 97 %; no false positive on the benign corpora, at most 0.5 % on libinjection's list")
  void libinjectionAndBenign() throws IOException {
    Map<String, int[]> rates = new LinkedHashMap<>();
    try (var listing = Files.list(vectors.resolve("libinjection"))) {
      for (Path file : listing.sorted().toList()) {
        String name = file.getFileName().toString();
        String key =
            name.startsWith("sqli-")
                ? "libinjection sqli-*"
                : name.startsWith("xss-")
                    ? "libinjection xss-*"
                    : name.equals("false_positives.txt") ? "libinjection false_positives" : null;
        if (key != null) {
          count(rates.computeIfAbsent(key, k -> new int[2]), file);
        }
      }
    }
    try (var listing = Files.list(vectors.resolve("benign"))) {
      for (Path file : listing.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
        count(rates.computeIfAbsent("benign " + file.getFileName(), k -> new int[2]), file);
      }
    }
    StringBuilder out =
        new StringBuilder("\nlibinjection and benign corpora\n| corpus | flagged | rate |\n");
    rates.forEach(
        (name, c) ->
            out.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %d / %d | %.2f %% |%n",
                    name,
                    c[0],
                    c[1],
                    100.0 * c[0] / c[1])));
    System.out.println(out);
    assertThat(percent(rates.get("libinjection sqli-*"))).isGreaterThanOrEqualTo(97.0);
    assertThat(percent(rates.get("libinjection xss-*"))).isGreaterThanOrEqualTo(97.0);
    assertThat(percent(rates.get("libinjection false_positives"))).isLessThanOrEqualTo(0.5);
    rates.forEach(
        (name, c) -> {
          if (name.startsWith("benign")) {
            assertThat(c[0]).as(name + " false positives").isZero();
          }
        });
  }

  /** A CRS test request as the scanner sees it at the edge. */
  static RequestDescription request(JsonObject request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String contentType = "";
    JsonObject given = request.getJsonObject("headers", new JsonObject());
    for (String name : given.fieldNames()) {
      String lower = name.toLowerCase(Locale.ROOT);
      headers.computeIfAbsent(lower, n -> new ArrayList<>()).add(given.getString(name));
      if (lower.equals("content-type")) {
        contentType = given.getString(name);
      }
    }
    String body = request.getString("body", "");
    if (contentType.isEmpty() && !body.isEmpty()) {
      contentType = "application/x-www-form-urlencoded";
    }
    return new RequestDescription(
        request.getString("method"),
        request.getString("path"),
        request.getString("query"),
        headers,
        body,
        contentType);
  }

  private static void count(int[] counts, Path file) throws IOException {
    for (String line : lines(file)) {
      counts[1]++;
      counts[0] += SCANNER.scan(line).threat() ? 1 : 0;
    }
  }

  private static double percent(int[] counts) {
    return 100.0 * counts[0] / counts[1];
  }

  private static List<String> lines(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
        .lines()
        .filter(line -> !line.isBlank())
        .toList();
  }

  private static void print(String title, Map<String, Tally> byClass) {
    StringBuilder out =
        new StringBuilder("\n")
            .append(title)
            .append("\n| class | flagged | all | tuned half | held-out half |\n")
            .append("|---|---|---|---|---|\n");
    byClass.forEach((name, tally) -> out.append(tally.row(name)).append('\n'));
    System.out.println(out);
  }
}
