package io.antbot.security.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the external test vectors under {@code src/test/resources/vectors/}. */
public final class Vectors {

  private Vectors() {}

  public static String text(String path) {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + path)) {
      if (in == null) {
        throw new IllegalStateException("missing test vector file vectors/" + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonObject object(String path) {
    return new JsonObject(text(path));
  }

  public static JsonArray array(String path) {
    return new JsonArray(text(path));
  }
}
