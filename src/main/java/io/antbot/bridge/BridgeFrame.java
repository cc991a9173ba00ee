package io.antbot.bridge;

import io.antbot.bus.JsonFields;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One frame from a bridge client, read and bounded: Vert.x's TCP event-bus bridge protocol, a JSON
 * object {@code {type, address?, replyAddress?, headers?, body?}}.
 *
 * @param type what the frame does
 * @param address the bus address ({@code null} only for {@code ping})
 * @param replyAddress where the reply of a {@code send} goes; {@code null} for fire and forget
 * @param headers string headers, at most {@value #MAX_HEADERS}
 * @param body the message body: an object, or {@code null}
 */
record BridgeFrame(
    Type type, String address, String replyAddress, Map<String, String> headers, JsonObject body) {

  /** The frame types a client sends. */
  enum Type {
    SEND,
    PUBLISH,
    REGISTER,
    UNREGISTER,
    PING
  }

  /** Why a frame could not be read; its message goes back in an {@code err} frame. */
  static final class Malformed extends Exception {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  static final int MAX_HEADERS = 32;
  static final int MAX_HEADER_NAME = 64;

  /** Long enough for a bearer token of the largest size the security service accepts. */
  static final int MAX_HEADER_VALUE = 16_384;

  private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._:/-]{1,256}");
  private static final Pattern REPLY_ADDRESS = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");
  private static final Set<String> FIELDS =
      Set.of("type", "address", "replyAddress", "headers", "body");

  /**
   * Reads one frame's JSON.
   *
   * @throws Malformed naming what is wrong: bad JSON, an unknown type, a field of the wrong shape
   */
  static BridgeFrame parse(Buffer json) throws Malformed {
    JsonObject frame;
    try {
      frame = new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      throw new Malformed("malformed frame: expected a JSON object");
    }
    for (String field : frame.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new Malformed("unknown field " + JsonFields.describe(field));
      }
    }
    Type type = type(frame.getValue("type"));
    if (type == Type.PING) {
      return new BridgeFrame(type, null, null, Map.of(), null);
    }
    String address = shaped(frame.getValue("address"), ADDRESS, "address");
    if (address == null) {
      throw new Malformed("address: required for " + type.name().toLowerCase());
    }
    String replyAddress = shaped(frame.getValue("replyAddress"), REPLY_ADDRESS, "replyAddress");
    if (replyAddress != null && type != Type.SEND) {
      throw new Malformed("replyAddress: only a send has one");
    }
    Object body = frame.getValue("body");
    if (body != null && !(body instanceof JsonObject)) {
      throw new Malformed("body: expected a JSON object, got " + JsonFields.describe(body));
    }
    return new BridgeFrame(
        type, address, replyAddress, headers(frame.getValue("headers")), (JsonObject) body);
  }

  private static Type type(Object value) throws Malformed {
    if (value instanceof String text) {
      switch (text) {
        case "send":
          return Type.SEND;
        case "publish":
          return Type.PUBLISH;
        case "register":
          return Type.REGISTER;
        case "unregister":
          return Type.UNREGISTER;
        case "ping":
          return Type.PING;
        default:
          break;
      }
    }
    throw new Malformed(
        "type: expected send, publish, register, unregister or ping, got "
            + JsonFields.describe(value));
  }

  private static String shaped(Object value, Pattern shape, String field) throws Malformed {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || !shape.matcher(text).matches()) {
      throw new Malformed(
          field + ": expected " + shape.pattern() + ", got " + JsonFields.describe(value));
    }
    return text;
  }

  private static Map<String, String> headers(Object value) throws Malformed {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject object)) {
      throw new Malformed("headers: expected an object of strings");
    }
    if (object.size() > MAX_HEADERS) {
      throw new Malformed("headers: at most " + MAX_HEADERS + " entries");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : object) {
      if (entry.getKey().isEmpty() || entry.getKey().length() > MAX_HEADER_NAME) {
        throw new Malformed("headers: a name of 1 to " + MAX_HEADER_NAME + " characters");
      }
      if (!(entry.getValue() instanceof String text) || text.length() > MAX_HEADER_VALUE) {
        throw new Malformed(
            "headers." + entry.getKey() + ": expected a string of at most " + MAX_HEADER_VALUE);
      }
      headers.put(entry.getKey().toLowerCase(java.util.Locale.ROOT), text);
    }
    return Map.copyOf(headers);
  }

  /** A length-prefixed frame: 4 bytes big-endian, then the JSON. */
  static Buffer encode(JsonObject frame) {
    Buffer json = frame.toBuffer();
    return Buffer.buffer(json.length() + 4).appendInt(json.length()).appendBuffer(json);
  }
}
