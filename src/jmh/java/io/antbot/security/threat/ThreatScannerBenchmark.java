package io.antbot.security.threat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The threat scanner against a naive loop over the same rules as separate {@code java.util.regex}
 * patterns, on the same inputs: one operation scans a batch of 1,000 values — 980 lines of the
 * benign trading-API corpus and 20 attacks from the libinjection corpora — as single values. The
 * auxiliary counter {@code bytes} gives the throughput in bytes per second (UTF-16 characters
 * scanned).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class ThreatScannerBenchmark {

  private ThreatScanner scanner;
  private NaiveRegexScanner naive;
  private String[] batch;
  private long batchChars;

  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Bytes {
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
      bytes = 0;
    }
  }

  @Setup
  public void setUp() throws IOException {
    scanner = new ThreatScanner(ThreatOptions.defaults());
    naive = new NaiveRegexScanner(scanner);
    List<String> values = new ArrayList<>(lines("/vectors/benign/trading-api.txt", 980));
    values.addAll(lines("/vectors/libinjection/sqli-misc.txt", 10));
    values.addAll(lines("/vectors/libinjection/xss-xenotix.txt", 10));
    batch = values.toArray(String[]::new);
    batchChars = values.stream().mapToLong(String::length).sum();
  }

  private static List<String> lines(String resource, int count) throws IOException {
    try (InputStream in = ThreatScannerBenchmark.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank())
          .limit(count)
          .toList();
    }
  }

  @Benchmark
  public int scan_ours(Bytes bytes) {
    int threats = 0;
    for (String value : batch) {
      threats += scanner.scan(value).score();
    }
    bytes.bytes += batchChars;
    return threats;
  }

  @Benchmark
  public int scan_baseline(Bytes bytes) {
    int threats = 0;
    for (String value : batch) {
      threats += naive.score(value);
    }
    bytes.bytes += batchChars;
    return threats;
  }
}
