package io.antbot.security.threat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Detection and false-positive rates of the threat scanner (default options) on the libinjection
 * corpora and on the benign trading-API corpora (every {@code .txt} file of {@code
 * vectors/benign}), each line scanned as one value. The figures are printed (see the surefire
 * output file) and the targets asserted: at least 95 % of SQL injection and of XSS lines flagged,
 * at most 1 % of libinjection's false-positive list and at most 0.1 % of the benign corpus flagged.
 */
class ThreatAccuracyTest {

  private static final ThreatScanner SCANNER = new ThreatScanner(ThreatOptions.defaults());
  private static Path libinjection;
  private static Path benign;

  record Rate(String name, int flagged, int total) {
    double percent() {
      return total == 0 ? 0 : 100.0 * flagged / total;
    }

    String row() {
      return String.format(
          Locale.ROOT, "| %s | %d | %d | %.2f %% |", name, flagged, total, percent());
    }
  }

  @BeforeAll
  static void locate() throws URISyntaxException {
    libinjection = Path.of(ThreatAccuracyTest.class.getResource("/vectors/libinjection").toURI());
    benign = Path.of(ThreatAccuracyTest.class.getResource("/vectors/benign").toURI());
  }

  @Test
  @DisplayName("at least 95 % of the libinjection SQL injection lines are flagged")
  void sqlInjectionDetection() throws IOException {
    Rate total = measureAll("sqli-");
    assertThat(total.percent()).as("SQL injection detection").isGreaterThanOrEqualTo(95.0);
  }

  @Test
  @DisplayName("at least 95 % of the libinjection XSS lines are flagged")
  void xssDetection() throws IOException {
    Rate total = measureAll("xss-");
    assertThat(total.percent()).as("XSS detection").isGreaterThanOrEqualTo(95.0);
  }

  @Test
  @DisplayName("at most 1 % of libinjection's false-positive list is flagged")
  void libinjectionFalsePositives() throws IOException {
    Rate rate = measure(libinjection.resolve("false_positives.txt"), true);
    print("false positives (libinjection false_positives.txt)", List.of(rate));
    assertThat(rate.percent()).as("false positives").isLessThanOrEqualTo(1.0);
  }

  @Test
  @DisplayName("at most 0.1 % of the benign trading-API corpus is flagged")
  void benignTradingTraffic() throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(benign)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
    }
    List<Rate> rows = new ArrayList<>();
    int flagged = 0;
    int total = 0;
    for (Path file : files) {
      Rate rate = measure(file, true);
      rows.add(rate);
      flagged += rate.flagged();
      total += rate.total();
    }
    Rate all = new Rate("all benign lines", flagged, total);
    rows.add(all);
    print("false positives (benign trading-API corpus)", rows);
    assertThat(all.total()).as("corpus size").isGreaterThanOrEqualTo(5000);
    assertThat(all.percent()).as("false positives on benign traffic").isLessThanOrEqualTo(0.1);
  }

  private Rate measureAll(String prefix) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(libinjection)) {
      files = listing.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
    }
    assertThat(files).as("corpus files " + prefix + "*").isNotEmpty();
    List<Rate> rows = new ArrayList<>();
    int flagged = 0;
    int total = 0;
    for (Path file : files) {
      Rate rate = measure(file, false);
      rows.add(rate);
      flagged += rate.flagged();
      total += rate.total();
    }
    Rate all = new Rate("all " + prefix + "* lines", flagged, total);
    rows.add(all);
    print("detection (" + prefix + "*)", rows);
    return all;
  }

  private static Rate measure(Path file, boolean showFlagged) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    int flagged = 0;
    int total = 0;
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      total++;
      ScanResult result = SCANNER.scan(line);
      if (result.threat()) {
        flagged++;
        if (showFlagged) {
          System.out.println("flagged: " + line + " -> " + result.matches());
        }
      }
    }
    return new Rate(file.getFileName().toString(), flagged, total);
  }

  private static void print(String title, List<Rate> rows) {
    StringBuilder out =
        new StringBuilder("\n")
            .append(title)
            .append('\n')
            .append("| corpus | flagged | lines | rate |\n|---|---|---|---|\n");
    rows.forEach(row -> out.append(row.row()).append('\n'));
    System.out.println(out);
  }
}
