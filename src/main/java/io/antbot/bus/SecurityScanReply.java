package io.antbot.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reply of {@code antbot.security.scan}: {@code {threat, blocked, score, threshold, matches:[{rule,
 * category, score, location}]}}. {@code threat}: the anomaly score reached the threshold; {@code
 * blocked}: and the scanner is in block mode. Matches name rules and where they matched, never the
 * scanned text.
 */
public record SecurityScanReply(
    boolean threat, boolean blocked, int score, int threshold, List<Match> matches) {

  public record Match(String rule, String category, int score, String location) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("rule", rule)
          .put("category", category)
          .put("score", score)
          .put("location", location);
    }

    static Match fromJson(JsonObject json) {
      return new Match(
          json.getString("rule"),
          json.getString("category"),
          json.getInteger("score", 0),
          json.getString("location"));
    }
  }

  public SecurityScanReply {
    matches = List.copyOf(matches);
  }

  public static SecurityScanReply fromJson(JsonObject json) {
    List<Match> matches = new ArrayList<>();
    JsonArray list = json.getJsonArray("matches", new JsonArray());
    for (int i = 0; i < list.size(); i++) {
      matches.add(Match.fromJson(list.getJsonObject(i)));
    }
    return new SecurityScanReply(
        json.getBoolean("threat", false),
        json.getBoolean("blocked", false),
        json.getInteger("score", 0),
        json.getInteger("threshold", 0),
        matches);
  }

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
