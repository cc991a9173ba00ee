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

  /**
   * One request with a 1 MB body, read in full ({@code uninspectable: scan}; by default a body this
   * large is beyond the value limit and refused before any scan): a JSON order batch of about
   * 12,000 string values, and the same size as one plain-text value scanned in overlapping pieces.
   * At the edge such a body is scanned on a worker thread ({@code worker_threshold_bytes}, 64 KiB
   * by default), never on the event loop.
   */
  @State(Scope.Benchmark)
  public static class LargeBody {
    ThreatScanner fullScanner;
    RequestDescription json;
    RequestDescription text;

    @Setup
    public void setUp() {
      fullScanner =
          new ThreatScanner(
              ThreatOptions.fromJson(
                  new io.vertx.core.json.JsonObject().put("uninspectable", "scan")));
      io.vertx.core.json.JsonArray orders = new io.vertx.core.json.JsonArray();
      StringBuilder plain = new StringBuilder();
      int i = 0;
      while (plain.length() < 1_000_000) {
        io.vertx.core.json.JsonObject order =
            new io.vertx.core.json.JsonObject()
                .put("symbol", i % 2 == 0 ? "BTC/USDC" : "ETH-USDT")
                .put("side", i % 3 == 0 ? "sell" : "buy")
                .put("note", "rebalance " + i + ": O'Brien's grid, select the best pairs");
        orders.add(order);
        plain.append(order.encode()).append('\n');
        i++;
      }
      String body = new io.vertx.core.json.JsonObject().put("orders", orders).encode();
      json =
          new RequestDescription(
              "POST", "/api/v1/orders", "", java.util.Map.of(), body, "application/json");
      text =
          new RequestDescription(
              "POST", "/api/v1/notes", "", java.util.Map.of(), plain.toString(), "text/markdown");
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int body1mbJson(LargeBody large) {
    return large.fullScanner.scan(large.json).score();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int body1mbText(LargeBody large) {
    return large.fullScanner.scan(large.text).score();
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
