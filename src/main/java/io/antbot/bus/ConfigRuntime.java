package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The reply of {@code antbot.config.runtime} ({@code {}} → {@code {env, conf, node}}): what the
 * process was started with, which a service needs besides its settings.
 *
 * @param env the environment name ({@code development}, {@code production}, ...)
 * @param conf the configuration directory, as given at start
 * @param node this process's identity among several: {@code <pid>@<host>}
 */
public record ConfigRuntime(String env, String conf, String node) {

  private static final Set<String> FIELDS = Set.of("env", "conf", "node");

  public static ConfigRuntime fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    return new ConfigRuntime(
        JsonFields.requireString(json, "env", 64),
        JsonFields.requireString(json, "conf"),
        JsonFields.requireString(json, "node", 320));
  }

  public JsonObject toJson() {
    return new JsonObject().put("env", env).put("conf", conf).put("node", node);
  }
}
