package io.antbot.launcher;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Embedding: start the whole runtime inside your own {@link Vertx}.
 *
 * <pre>{@code
 * Vertx vertx = Vertx.vertx();
 * AntBot.start(vertx, new LaunchOptions("conf", "production", null))
 *   .onSuccess(id -> ...)        // all services ready
 *   .onFailure(e -> ...);        // e.getMessage() is "<service>: <cause>"
 * }</pre>
 *
 * <p>The same as {@code vertx.deployVerticle(new LauncherVerticle(), new
 * DeploymentOptions().setConfig(options.toJson()))}; undeploying the returned id stops the services
 * in reverse order.
 */
public final class AntBot {

  private AntBot() {}

  /** Deploys the launcher; completes with its deployment id once every service and bot is ready. */
  public static Future<String> start(Vertx vertx, LaunchOptions options) {
    return start(vertx, options, new JsonObject());
  }

  /**
   * As {@link #start(Vertx, LaunchOptions)}, with what the command line worked out before Vert.x
   * existed ({@link ClusterStart#launcherConfig}): the services this node runs and, on a node
   * without the config service, its bots.
   */
  static Future<String> start(Vertx vertx, LaunchOptions options, JsonObject node) {
    return vertx.deployVerticle(
        new LauncherVerticle(), new DeploymentOptions().setConfig(options.toJson().mergeIn(node)));
  }
}
