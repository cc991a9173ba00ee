package io.antbot.bus;

import io.vertx.core.json.JsonObject;

/** The reply of {@code antbot.metrics.scrape}: the exposition {@code text} and its HTTP {@code content_type}. */
public record ScrapeReply(String contentType, String text) {

  public JsonObject toJson() {
    return new JsonObject().put("content_type", contentType).put("text", text);
  }

  public static ScrapeReply fromJson(JsonObject json) {
    return new ScrapeReply(JsonFields.requireString(json, "content_type"), JsonFields.optionalString(json, "text", ""));
  }
}
