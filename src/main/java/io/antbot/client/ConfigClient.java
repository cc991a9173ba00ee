package io.antbot.client;

import io.antbot.bus.Addresses;
import io.antbot.bus.ConfigChange;
import io.antbot.bus.ConfigFeatureRequest;
import io.antbot.bus.ConfigGetRequest;
import io.antbot.bus.ConfigHistoryRequest;
import io.antbot.bus.ConfigRevertRequest;
import io.antbot.bus.ConfigSetRequest;
import io.antbot.bus.ConfigUnsetRequest;
import io.antbot.bus.ConfigValidateRequest;
import io.antbot.bus.FeatureDecision;
import io.antbot.bus.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed access to the configuration service for bot verticles.
 *
 * <pre>{@code
 * ConfigClient config = new ConfigClient(vertx);
 * config.get("trading.max_position_size", 0.1).onSuccess(size -> ...);
 * }</pre>
 *
 * <p>Every method returns a {@link Future} that fails with a {@link io.antbot.bus.BusException}
 * carrying the shared failure code ({@code 404} for an absent key without default, {@code 400} for
 * a malformed key).
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
    return read(Addresses.CONFIG_GET, new ConfigGetRequest(key, null, false).toJson())
        .map(reply -> reply.getValue("value"));
  }

  /** The value at {@code key}, or {@code defaultValue} when absent or JSON null. */
  public Future<Object> get(String key, Object defaultValue) {
    return read(Addresses.CONFIG_GET, new ConfigGetRequest(key, defaultValue, true).toJson())
        .map(reply -> reply.getValue("value", defaultValue));
  }

  /**
   * A number at {@code key}, or {@code defaultValue}; fails with 400 when the value is not a
   * number.
   */
  public Future<Double> getDouble(String key, double defaultValue) {
    return get(key, defaultValue)
        .map(value -> typed(key, value, Number.class, "a number").doubleValue());
  }

  /**
   * An integer at {@code key}, or {@code defaultValue}; fails with 400 when the value is not a
   * number.
   */
  public Future<Long> getLong(String key, long defaultValue) {
    return get(key, defaultValue)
        .map(value -> typed(key, value, Number.class, "a number").longValue());
  }

  /** A string at {@code key}, or {@code defaultValue}. */
  public Future<String> getString(String key, String defaultValue) {
    return get(key, defaultValue)
        .map(value -> value == null ? null : typed(key, value, String.class, "a string"));
  }

  /** A boolean at {@code key}, or {@code defaultValue}. */
  public Future<Boolean> getBoolean(String key, boolean defaultValue) {
    return get(key, defaultValue).map(value -> typed(key, value, Boolean.class, "a boolean"));
  }

  private static <T> T typed(String key, Object value, Class<T> type, String expected) {
    if (!type.isInstance(value)) {
      throw JsonFields.wrongType(key, expected, value);
    }
    return type.cast(value);
  }

  /** The whole effective configuration, secrets masked: {@code {version, config}}. */
  public Future<JsonObject> snapshot() {
    return read(Addresses.CONFIG_SNAPSHOT, new JsonObject());
  }

  /**
   * A live local copy of the configuration, kept in sync from the broadcasts (see {@link
   * ConfigView}).
   */
  public Future<ConfigView> view() {
    return ConfigView.open(vertx, this);
  }

  /**
   * The outcome of a write: the version now in force, the changes it made (empty when the value was
   * already in force) and the changed keys that only take effect after a restart.
   */
  public record WriteResult(
      long version, List<ConfigChange> changes, List<String> restartRequired) {

    static WriteResult fromJson(JsonObject json) {
      List<ConfigChange> changes = new ArrayList<>();
      json.getJsonArray("changes", new JsonArray())
          .forEach(change -> changes.add(ConfigChange.fromJson((JsonObject) change)));
      List<String> restart = new ArrayList<>();
      json.getJsonArray("restart_required", new JsonArray())
          .forEach(key -> restart.add(String.valueOf(key)));
      return new WriteResult(
          JsonFields.requireLong(json, "version"), List.copyOf(changes), List.copyOf(restart));
    }
  }

  /** Sets a runtime override; fails with 400 naming the broken rule when the value is invalid. */
  public Future<WriteResult> set(String key, Object value, String reason, String actor) {
    return request(Addresses.CONFIG_SET, new ConfigSetRequest(key, value, reason, actor).toJson())
        .map(WriteResult::fromJson);
  }

  /** Removes the runtime override at {@code key}; fails with 404 when there is none. */
  public Future<WriteResult> unset(String key, String reason, String actor) {
    return request(Addresses.CONFIG_UNSET, new ConfigUnsetRequest(key, reason, actor).toJson())
        .map(WriteResult::fromJson);
  }

  /**
   * Restores the runtime overrides of a kept version; fails with 404 when the version is no longer
   * kept.
   */
  public Future<WriteResult> revert(long version, String reason, String actor) {
    return request(
            Addresses.CONFIG_REVERT, new ConfigRevertRequest(version, reason, actor).toJson())
        .map(WriteResult::fromJson);
  }

  /**
   * At most {@code limit} versions, newest first: {@code [{version, at, source, actor, reason,
   * changes}]}.
   */
  public Future<JsonArray> history(int limit) {
    return read(Addresses.CONFIG_HISTORY, new ConfigHistoryRequest(limit).toJson())
        .map(reply -> reply.getJsonArray("versions", new JsonArray()));
  }

  /** Evaluates a feature flag for {@code context} (bot_id, user, symbol, exchange, ...). */
  public Future<FeatureDecision> feature(String flag, Map<String, String> context) {
    return read(Addresses.CONFIG_FEATURE, new ConfigFeatureRequest(flag, context).toJson())
        .map(FeatureDecision::fromJson);
  }

  /** Whether a feature flag is on for {@code context}. */
  public Future<Boolean> isEnabled(String flag, Map<String, String> context) {
    return feature(flag, context).map(FeatureDecision::enabled);
  }

  /**
   * Validates candidate YAML without applying it: as an overlay ({@code file == null}) or in place
   * of a configuration file; completes with {@code {valid, errors, warnings}}.
   */
  public Future<JsonObject> validate(String yaml, String file) {
    return request(Addresses.CONFIG_VALIDATE, new ConfigValidateRequest(yaml, file).toJson());
  }
}
