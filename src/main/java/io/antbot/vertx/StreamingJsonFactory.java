package io.antbot.vertx;

import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.spi.JsonFactory;
import io.vertx.core.spi.json.JsonCodec;

/**
 * Vert.x's JSON codec for the whole process: Jackson's streaming codec, not the databind one.
 *
 * <p>With jackson-databind on the class path (logstash-logback-encoder brings it), Vert.x picks its
 * databind codec by default, which builds an {@code ObjectMapper} at first use (some 450 classes
 * loaded and kept, tens of milliseconds of the start) and encodes every {@code JsonObject} through
 * a serializer provider made per call. The runtime only ever encodes and decodes JSON values
 * ({@code JsonObject}, {@code JsonArray}, maps, lists, strings, numbers, booleans, {@code
 * Instant}s, {@code byte[]}/{@code Buffer}s, enums), which the streaming codec does itself; it
 * never maps JSON to or from its own classes ({@code JsonObject.mapTo}/{@code mapFrom}), which only
 * the databind codec can — a call to them fails with Vert.x's "not available without Jackson
 * Databind" {@code DecodeException}/{@code EncodeException}. Registered in {@code
 * META-INF/services/io.vertx.core.spi.JsonFactory}; Vert.x takes the factory of the lowest order.
 */
public final class StreamingJsonFactory implements JsonFactory {

  private static final JsonCodec CODEC = new JacksonCodec();

  @Override
  public int order() {
    return 0;
  }

  @Override
  public JsonCodec codec() {
    return CODEC;
  }
}
