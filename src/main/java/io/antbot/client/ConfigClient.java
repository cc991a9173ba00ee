package io.antbot.client;

import io.antbot.bus.Addresses;
import io.antbot.bus.ConfigGetRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Typed access to the configuration service for bot verticles.
 *
 * <pre>{@code
 * ConfigClient config = new ConfigClient(vertx);
 * config.get("trading.max_position_size", 0.1).onSuccess(size -> ...);
 * }</pre>
 *
 * <p>Every method returns a {@link Future} that fails with a {@link io.antbot.bus.BusException} carrying the shared
 * failure code ({@code 404} for an absent key without default, {@code 400} for a malformed key).
 */
public class ConfigClient extends BusClient {

  public ConfigClient(Vertx vertx) {
    this(vertx, DEFAULT_TIMEOUT_MS);
  }

  public ConfigClient(Vertx vertx, long timeoutMs) {
    super(vertx, timeoutMs);
  }

  /** The value at {@code key} (secrets come back masked); fails with 404 when the key is absent. */
  public Future<Object> get(String key) {
    return request(Addresses.CONFIG_GET, new ConfigGetRequest(key, null, false).toJson())
      .map(reply -> reply.getValue("value"));
  }

  /** The value at {@code key}, or {@code defaultValue} when absent or JSON null. */
  public Future<Object> get(String key, Object defaultValue) {
    return request(Addresses.CONFIG_GET, new ConfigGetRequest(key, defaultValue, true).toJson())
      .map(reply -> reply.getValue("value", defaultValue));
  }

  /** A number at {@code key}, or {@code defaultValue}; fails with 400 when the value is not a number. */
  public Future<Double> getDouble(String key, double defaultValue) {
    return get(key, defaultValue).map(value -> typed(key, value, Number.class, "a number").doubleValue());
  }

  /** An integer at {@code key}, or {@code defaultValue}; fails with 400 when the value is not a number. */
  public Future<Long> getLong(String key, long defaultValue) {
    return get(key, defaultValue).map(value -> typed(key, value, Number.class, "a number").longValue());
  }

  /** A string at {@code key}, or {@code defaultValue}. */
  public Future<String> getString(String key, String defaultValue) {
    return get(key, defaultValue).map(value -> value == null ? null : typed(key, value, String.class, "a string"));
  }

  /** A boolean at {@code key}, or {@code defaultValue}. */
  public Future<Boolean> getBoolean(String key, boolean defaultValue) {
    return get(key, defaultValue).map(value -> typed(key, value, Boolean.class, "a boolean"));
  }

  private static <T> T typed(String key, Object value, Class<T> type, String expected) {
    if (!type.isInstance(value)) {
      throw io.antbot.bus.JsonFields.wrongType(key, expected, value);
    }
    return type.cast(value);
  }

  /** The whole effective configuration, secrets masked: {@code {version, config}}. */
  public Future<JsonObject> snapshot() {
    return request(Addresses.CONFIG_SNAPSHOT, new JsonObject());
  }
}
