package io.antbot.config;

import io.antbot.bus.Addresses;
import io.antbot.bus.BusException;
import io.antbot.bus.BusRequest;
import io.antbot.bus.ConfigGetRequest;
import io.antbot.bus.ServiceVerticle;
import io.antbot.bus.Services;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration service: loads the layered configuration and answers reads over the bus.
 *
 * <p>Deployment config: {@code {conf: DIR, env: NAME, overrides: {...}}} — {@code overrides} are the command line's
 * settings (such as {@code --port}), applied above every other source.
 */
public class ConfigVerticle extends ServiceVerticle {

  private static final Logger log = LoggerFactory.getLogger(ConfigVerticle.class);

  private Path confDir;
  private String env;
  private JsonObject current = new JsonObject();
  private long version;

  public ConfigVerticle() {
    super(Services.CONFIG);
  }

  @Override
  protected Future<?> startService() {
    confDir = Path.of(config().getString("conf", "conf"));
    env = config().getString("env", "development");
    JsonObject overrides = config().getJsonObject("overrides", new JsonObject());
    handle(Addresses.CONFIG_GET, this::get);
    handle(Addresses.CONFIG_SNAPSHOT, this::snapshot);
    return vertx.executeBlocking(() -> load(overrides))
      .onSuccess(config -> {
        current = config;
        version = 1;
        log.info("configuration loaded from {} for environment {}", confDir, env);
      })
      .recover(failure -> Future.failedFuture(failure instanceof ConfigException
        ? failure : new ConfigException(failure.toString())));
  }

  private JsonObject load(JsonObject overrides) throws ConfigException {
    List<ConfigLayers.Layer> layers = new ArrayList<>(ConfigLayers.files(confDir, env));
    layers.add(ConfigLayers.environment(System.getenv()));
    layers.add(ConfigLayers.systemProperties(System.getProperties()));
    layers.add(new ConfigLayers.Layer("command-line", overrides, null));
    return ConfigLayers.merge(layers);
  }

  @Override
  protected JsonObject details() {
    return new JsonObject().put("conf", confDir == null ? null : confDir.toString()).put("env", env)
      .put("config_version", version);
  }

  private Future<JsonObject> get(BusRequest request) {
    ConfigGetRequest get = ConfigGetRequest.fromJson(request.body());
    Object value;
    if (ConfigLayers.contains(current, get.key())) {
      value = ConfigLayers.lookup(current, get.key());
    } else if (get.hasDefault()) {
      value = get.defaultValue();
    } else {
      throw BusException.notFound(get.key() + ": no such key");
    }
    return Future.succeededFuture(new JsonObject()
      .put("key", get.key())
      .put("value", Redaction.redact(get.key(), value))
      .put("version", version));
  }

  private Future<JsonObject> snapshot(BusRequest request) {
    return Future.succeededFuture(new JsonObject().put("version", version).put("config", Redaction.redact(current)));
  }
}
