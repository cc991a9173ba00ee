package io.antbot.launcher;

import io.vertx.core.json.JsonObject;

/**
 * One entry of {@code bots:} in the configuration.
 *
 * @param name shown in logs and lifecycle events; defaults to the class's simple name
 * @param className a class implementing {@code io.vertx.core.Deployable} (a verticle)
 * @param instances how many instances to deploy; default 1
 * @param config the bot's own configuration, given to it as {@code config()}
 * @param enabled false skips the bot; default true
 */
public record BotSpec(
    String name, String className, int instances, JsonObject config, boolean enabled) {

  /** Reads entry {@code index}; the texts name the path, like every configuration error. */
  public static BotSpec fromJson(int index, Object entry) {
    String path = "bots[" + index + "]";
    if (!(entry instanceof JsonObject json)) {
      throw new IllegalArgumentException(path + ": expected an object with a 'class' field");
    }
    Object className = json.getValue("class");
    if (!(className instanceof String cls) || cls.isBlank()) {
      throw new IllegalArgumentException(path + ".class: required, the bot verticle's class name");
    }
    Object instances = json.getValue("instances", 1);
    if (!(instances instanceof Integer count) || count < 1 || count > 64) {
      throw new IllegalArgumentException(
          path + ".instances: expected an integer from 1 to 64, got " + instances);
    }
    Object config = json.getValue("config", new JsonObject());
    if (!(config instanceof JsonObject botConfig)) {
      throw new IllegalArgumentException(path + ".config: expected an object");
    }
    Object enabled = json.getValue("enabled", Boolean.TRUE);
    if (!(enabled instanceof Boolean on)) {
      throw new IllegalArgumentException(path + ".enabled: expected a boolean");
    }
    String simpleName = cls.substring(cls.lastIndexOf('.') + 1);
    return new BotSpec(json.getString("name", simpleName), cls, count, botConfig, on);
  }
}
