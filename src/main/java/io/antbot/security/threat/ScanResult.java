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
 * @param refusal set when the request went beyond the scan limits and the policy is {@code refuse}:
 *     the edge must refuse it with this status and text; {@code null} otherwise
 */
public record ScanResult(
    boolean threat,
    boolean blocked,
    int score,
    int threshold,
    List<Match> matches,
    Refusal refusal) {

  /**
   * A request the scanner would not read in full.
   *
   * @param status 413 (too many or too long values) or 400 (JSON nested too deeply)
   * @param reason what went beyond which limit, without any of the request's text
   */
  public record Refusal(int status, String reason) {
    public JsonObject toJson() {
      return new JsonObject().put("status", status).put("reason", reason);
    }
  }

  /** A verdict on a request read in full. */
  public ScanResult(
      boolean threat, boolean blocked, int score, int threshold, List<Match> matches) {
    this(threat, blocked, score, threshold, matches, null);
  }

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
   * matches:[...], uninspectable?: {status, reason}}}.
   */
  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    matches.forEach(match -> list.add(match.toJson()));
    JsonObject json =
        new JsonObject()
            .put("threat", threat)
            .put("blocked", blocked)
            .put("score", score)
            .put("threshold", threshold)
            .put("matches", list);
    if (refusal != null) {
      json.put("uninspectable", refusal.toJson());
    }
    return json;
  }
}
