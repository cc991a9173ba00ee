package io.antbot.security.threat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The verdict on a value or a request.
 *
 * @param threat the anomaly score reached the threshold
 * @param blocked {@code threat} and the scanner is in {@code block} mode: the edge must refuse the
 *     request
 * @param score the sum of the scores of the matching rules (each rule counts once)
 * @param threshold the threshold in force
 * @param matches the matching rules, in rule order, each with the first place it matched
 */
public record ScanResult(
    boolean threat, boolean blocked, int score, int threshold, List<Match> matches) {

  /**
   * One matching rule.
   *
   * @param location where it matched: {@code input}, {@code path}, {@code query:<name>}, {@code
   *     header:<name>}, {@code body:$.a.b} (names only, never the value)
   */
  public record Match(String rule, ThreatCategory category, int score, String location) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("rule", rule)
          .put("category", category.wireName())
          .put("score", score)
          .put("location", location);
    }
  }

  public ScanResult {
    matches = List.copyOf(matches);
  }

  public static ScanResult clean(int threshold) {
    return new ScanResult(false, false, 0, threshold, List.of());
  }

  /**
   * The reply of {@code antbot.security.scan}: {@code {threat, blocked, score, threshold,
   * matches:[...]}}.
   */
  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    matches.forEach(match -> list.add(match.toJson()));
    return new JsonObject()
        .put("threat", threat)
        .put("blocked", blocked)
        .put("score", score)
        .put("threshold", threshold)
        .put("matches", list);
  }
}
