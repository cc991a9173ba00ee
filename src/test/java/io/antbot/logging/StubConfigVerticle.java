package io.antbot.logging;

import io.antbot.bus.Addresses;
import io.antbot.bus.ConfigGetRequest;
import io.antbot.bus.ConfigRuntime;
import io.antbot.bus.Services;
import io.antbot.bus.TrustedHeaders;
import io.antbot.service.BusRequest;
import io.antbot.service.ServiceVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A stand-in for the configuration service that can change a value and announce it on
 * antbot.config.changed the way the real one does, so live changes can be tested before the real
 * service supports writes.
 */
final class StubConfigVerticle extends ServiceVerticle {

  private final JsonObject config;
  private final String confDir;
  private long version = 1;

  StubConfigVerticle(JsonObject config, String confDir) {
    super(Services.CONFIG);
    this.config = config;
    this.confDir = confDir;
  }

  @Override
  protected Future<?> startService() {
    handle(Addresses.CONFIG_GET, this::get);
    handle(
        Addresses.CONFIG_SNAPSHOT,
        request ->
            Future.succeededFuture(
                new JsonObject().put("version", version).put("config", config.copy())));
    handle(
        Addresses.CONFIG_RUNTIME,
        request ->
            Future.succeededFuture(
                new ConfigRuntime("development", confDir, "4242@localhost").toJson()));
    return Future.succeededFuture();
  }

  @Override
  protected JsonObject details() {
    return new JsonObject()
        .put("conf", confDir)
        .put("env", "development")
        .put("config_version", version);
  }

  private Future<JsonObject> get(BusRequest request) {
    ConfigGetRequest get = ConfigGetRequest.fromJson(request.body());
    Object value = lookup(get.key());
    return Future.succeededFuture(
        new JsonObject()
            .put("key", get.key())
            .put("value", value == null ? get.defaultValue() : value)
            .put("version", version));
  }

  /**
   * Sets {@code key} (dotted) to {@code value} and publishes the change; runs on this verticle's
   * context.
   */
  Future<Void> set(String key, Object value) {
    Future<Void> done =
        Future.future(
            promise ->
                context.runOnContext(
                    v -> {
                      Object old = lookup(key);
                      String[] parts = key.split("\\.");
                      JsonObject map = config;
                      for (int i = 0; i < parts.length - 1; i++) {
                        if (!(map.getValue(parts[i]) instanceof JsonObject)) {
                          map.put(parts[i], new JsonObject());
                        }
                        map = map.getJsonObject(parts[i]);
                      }
                      map.put(parts[parts.length - 1], value);
                      version++;
                      vertx
                          .eventBus()
                          .publish(
                              Addresses.CONFIG_CHANGED,
                              new JsonObject()
                                  .put("version", version)
                                  .put("source", "test")
                                  .put(
                                      "changes",
                                      new JsonArray()
                                          .add(
                                              new JsonObject()
                                                  .put("key", key)
                                                  .put("old", old)
                                                  .put("new", value)))
                                  .put("at", Instant.now().toString()),
                              new DeliveryOptions()
                                  .addHeader(
                                      TrustedHeaders.PUBLISHER, TrustedHeaders.CONFIG_SERVICE));
                      promise.complete();
                    }));
    return done;
  }

  private Object lookup(String key) {
    Object value = config;
    for (String part : key.split("\\.")) {
      if (!(value instanceof JsonObject map)) {
        return null;
      }
      value = map.getValue(part);
    }
    return value;
  }
}
