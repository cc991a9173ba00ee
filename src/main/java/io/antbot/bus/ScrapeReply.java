package io.antbot.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The reply of {@code antbot.metrics.scrape}: the exposition and its HTTP {@code content_type}, as
 * {@code text}, or as UTF-8 bytes in {@code body} when the request asked for {@code binary}.
 *
 * @param contentType the HTTP content type of the format
 * @param text the exposition; {@code null} in a binary reply
 * @param body the exposition's UTF-8 bytes; {@code null} in a text reply
 */
public record ScrapeReply(String contentType, String text, Buffer body) {

  public ScrapeReply(String contentType, String text) {
    this(contentType, text, null);
  }

  /** The exposition as bytes, whichever way it came. */
  public Buffer bytes() {
    return body != null ? body : Buffer.buffer(text);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("content_type", contentType);
    if (body != null) {
      json.put("body", body);
    } else {
      json.put("text", text);
    }
    return json;
  }

  public static ScrapeReply fromJson(JsonObject json) {
    Buffer body = json.getBuffer("body");
    String text = JsonFields.optionalString(json, "text", null, Integer.MAX_VALUE);
    if (body == null && text == null) {
      throw BusException.badRequest("text: required when there is no body");
    }
    return new ScrapeReply(JsonFields.requireString(json, "content_type"), text, body);
  }
}
