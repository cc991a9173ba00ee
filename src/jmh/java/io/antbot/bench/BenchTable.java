package io.antbot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns JMH JSON result files (one or more, read in order) into the benchmark table: pair, ours,
 * baseline, unit, ratio.
 *
 * <p>Convention: a pair is two benchmark methods of one class named {@code <pair>_ours} and {@code
 * <pair>_baseline}. The ratio is "how many times the baseline's speed we reach": ours/baseline for
 * throughput modes, baseline/ours for time-per-operation modes, so above 1 always means faster than
 * the baseline.
 */
public final class BenchTable {

  private BenchTable() {}

  public static void main(String[] args) throws Exception {
    List<JsonNode> results = new ArrayList<>();
    for (String file : args) {
      new ObjectMapper().readTree(new File(file)).forEach(results::add);
    }
    Map<String, double[]> pairs = new LinkedHashMap<>();
    Map<String, String> units = new LinkedHashMap<>();
    Map<String, Boolean> throughput = new LinkedHashMap<>();
    for (JsonNode result : results) {
      String benchmark = result.get("benchmark").asText();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      String owner = benchmark.substring(0, benchmark.lastIndexOf('.'));
      owner = owner.substring(owner.lastIndexOf('.') + 1);
      int split = method.lastIndexOf('_');
      if (split < 0) {
        continue;
      }
      StringBuilder key = new StringBuilder(owner).append('.').append(method, 0, split);
      JsonNode params = result.get("params");
      if (params != null) {
        params
            .fields()
            .forEachRemaining(
                p -> key.append(' ').append(p.getKey()).append('=').append(p.getValue().asText()));
      }
      String role = method.substring(split + 1);
      double score = result.get("primaryMetric").get("score").asDouble();
      double[] pair =
          pairs.computeIfAbsent(key.toString(), k -> new double[] {Double.NaN, Double.NaN});
      if ("ours".equals(role)) {
        pair[0] = score;
      } else if ("baseline".equals(role)) {
        pair[1] = score;
      }
      units.put(key.toString(), result.get("primaryMetric").get("scoreUnit").asText());
      throughput.put(key.toString(), "thrpt".equals(result.get("mode").asText()));
    }
    for (Map.Entry<String, double[]> entry : pairs.entrySet()) {
      double ours = entry.getValue()[0];
      double baseline = entry.getValue()[1];
      double ratio = throughput.get(entry.getKey()) ? ours / baseline : baseline / ours;
      System.out.printf(
          "| %s | %.4g | %.4g | %s | %.2f |%n",
          entry.getKey(), ours, baseline, units.get(entry.getKey()), ratio);
    }
  }
}
