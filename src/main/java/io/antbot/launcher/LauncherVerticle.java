package io.antbot.launcher;

import io.antbot.bridge.BridgeVerticle;
import io.antbot.bus.Addresses;
import io.antbot.bus.ConfigGetRequest;
import io.antbot.bus.Services;
import io.antbot.client.BotClient;
import io.antbot.cluster.ClusterOptions;
import io.antbot.cluster.ClusterVerticle;
import io.antbot.config.ConfigVerticle;
import io.antbot.logging.LoggingVerticle;
import io.antbot.metrics.MetricsVerticle;
import io.antbot.security.SecurityVerticle;
import io.antbot.service.Correlation;
import io.antbot.service.NodeLocal;
import io.antbot.vertx.VertxInternals;
import io.antbot.web.HttpVerticle;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the runtime: Config → Security → Logging → Metrics → Http → the bots under {@code bots:},
 * each awaited until ready; stops them in reverse order.
 *
 * <p>Its deployment config is {@link LaunchOptions} ({@code {"conf": DIR, "env": ENV, "port": N}}).
 * If a service fails to start, what was started is undeployed in reverse order and the deployment
 * fails with a {@link StartupException} whose message is one line naming the service and the cause.
 * Every step is published on {@link Addresses#LAUNCHER_LIFECYCLE} as {@code {service, event, at}}.
 */
public class LauncherVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(LauncherVerticle.class);
  private static final long DRAIN_TIMEOUT_MS = 6_000;

  private record Step(String name, Supplier<Deployable> verticle, JsonObject config) {}

  private record Started(String name, String deploymentId) {}

  private final Deque<Started> started = new ArrayDeque<>();
  private String clusterView;
  private String node;
  private final java.util.Map<String, BotClient> botClients = new java.util.HashMap<>();

  /**
   * The context the services are deployed from. It belongs to no deployment, so the services are
   * not children of the launcher: Vert.x undeploys children before their parent's stop() and in no
   * set order, which would break the reverse-order shutdown this class guarantees.
   */
  private Context detached;

  @Override
  public Future<?> start() {
    LaunchOptions options;
    try {
      options = LaunchOptions.fromJson(config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new StartupException("launcher", e));
    }
    Correlation.install(vertx);
    detached = VertxInternals.newEventLoopContext(vertx);
    JsonArray serviceList = config().getJsonArray(ClusterStart.SERVICES);
    Set<String> services = new HashSet<>();
    (serviceList == null ? new JsonArray(ClusterOptions.SERVICES) : serviceList)
        .forEach(name -> services.add(String.valueOf(name)));
    node = config().getString(ClusterStart.NODE, ClusterOptions.defaultNodeName());
    if (services.contains(Services.METRICS)) {
      MetricsVerticle.prepareSystemSampling(vertx);
    }
    List<Step> steps =
        List.of(
            new Step(
                Services.CONFIG,
                ConfigVerticle::new,
                new JsonObject()
                    .put("conf", options.conf())
                    .put("env", options.env())
                    .put("overrides", options.overrides())
                    .put("node", config().getBoolean(ClusterStart.CLUSTERED, false) ? node : null)
                    .put(
                        ClusterStart.JOIN_TIMEOUT_S,
                        config().getInteger(ClusterStart.JOIN_TIMEOUT_S))),
            new Step(Services.SECURITY, SecurityVerticle::new, new JsonObject()),
            new Step(Services.LOGGING, LoggingVerticle::new, new JsonObject()),
            new Step(Services.METRICS, MetricsVerticle::new, new JsonObject()),
            new Step(Services.HTTP, HttpVerticle::new, new JsonObject()),
            new Step(BridgeVerticle.SERVICE, BridgeVerticle::new, new JsonObject()));
    // This node's view of the cluster (or of itself alone) comes first and goes last; it is not a
    // service, so it has no lifecycle events of its own.
    Future<?> chain =
        vertx
            .deployVerticle(
                new ClusterVerticle(),
                new DeploymentOptions()
                    .setConfig(
                        new JsonObject()
                            .put("node", node)
                            .put(
                                "role",
                                config().getString(ClusterStart.ROLE, ClusterOptions.CORE))))
            .onSuccess(id -> clusterView = id);
    for (Step step : steps) {
      if (!services.contains(step.name())) {
        continue;
      }
      chain =
          chain.compose(
              v ->
                  deploy(
                      step.name(),
                      () ->
                          vertx.deployVerticle(
                              step.verticle().get(),
                              new DeploymentOptions().setConfig(step.config()))));
    }
    Supplier<Future<JsonArray>> bots =
        services.contains(Services.CONFIG)
            ? this::botsFromConfigService
            : () ->
                awaitConfigService(config().getInteger(ClusterStart.JOIN_TIMEOUT_S, 30))
                    .map(v -> config().getJsonArray(ClusterStart.BOTS, new JsonArray()));
    return chain
        .compose(v -> bots.get())
        .compose(this::deployBots)
        .onSuccess(
            v -> {
              log.info("runtime started: {} (env {})", deployedInOrder(), options.env());
              releaseStartMemory(services.contains(Services.CONFIG));
            })
        .recover(failure -> undeployAll().transform(ignored -> Future.failedFuture(failure)));
  }

  @Override
  public Future<?> stop() {
    log.info("stopping: draining HTTP, then undeploying in reverse order");
    return vertx
        .eventBus()
        .request(
            Addresses.HTTP_DRAIN,
            new JsonObject(),
            // This node's HTTP server: another node's is not this launcher's to drain.
            new DeliveryOptions().setSendTimeout(DRAIN_TIMEOUT_MS).setLocalOnly(true))
        .transform(ignored -> undeployAll());
  }

  private List<String> deployedInOrder() {
    List<String> names = new ArrayList<>();
    started.descendingIterator().forEachRemaining(s -> names.add(s.name()));
    return names;
  }

  private Future<String> deploy(String name, Supplier<Future<String>> deployment) {
    lifecycle(name, "deploying");
    Promise<String> deployed = Promise.promise();
    detached.runOnContext(
        v -> {
          try {
            deployment.get().onComplete(deployed);
          } catch (RuntimeException e) {
            deployed.fail(e);
          }
        });
    return deployed
        .future()
        .onSuccess(
            id -> {
              started.push(new Started(name, id));
              lifecycle(name, "deployed");
            })
        .recover(
            failure -> {
              lifecycle(name, "failed");
              return Future.failedFuture(
                  failure instanceof StartupException
                      ? failure
                      : new StartupException(name, failure));
            });
  }

  private Future<JsonArray> botsFromConfigService() {
    JsonObject request = new ConfigGetRequest("bots", new JsonArray(), true).toJson();
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.CONFIG_GET, request, NodeLocal.options(vertx, Addresses.CONFIG_GET))
        .recover(failure -> Future.failedFuture(new StartupException("bots", failure)))
        .compose(
            reply -> {
              Object value = reply.body().getValue("value");
              if (value != null && !(value instanceof JsonArray)) {
                return Future.failedFuture(
                    new StartupException(
                        "bots", new IllegalArgumentException("bots: expected a list")));
              }
              return Future.succeededFuture(value == null ? new JsonArray() : (JsonArray) value);
            });
  }

  /**
   * {@code core.compact_after_start} (default true): once started, the heap the start used goes
   * back to the operating system ({@link StartMemory}). Asked of this node's config service; a node
   * without one (role {@code bots}) uses the default. Best effort: a failure is logged, never
   * fatal.
   */
  private void releaseStartMemory(boolean localConfig) {
    Future<Boolean> enabled =
        !localConfig
            ? Future.succeededFuture(true)
            : vertx
                .eventBus()
                .<JsonObject>request(
                    Addresses.CONFIG_GET,
                    new ConfigGetRequest(COMPACT_AFTER_START, true, true).toJson(),
                    NodeLocal.options(vertx, Addresses.CONFIG_GET))
                .map(reply -> !Boolean.FALSE.equals(reply.body().getValue("value")));
    enabled
        .compose(
            on ->
                on
                    ? StartMemory.release(vertx).map(StartMemory.Released::describe)
                    : Future.<String>succeededFuture())
        .onSuccess(
            released -> {
              if (released != null) {
                log.info("start-up memory released: {}", released);
              }
            })
        .onFailure(e -> log.warn("start-up memory not released: {}", e.getMessage()));
  }

  static final String COMPACT_AFTER_START = "core.compact_after_start";

  /**
   * On a node without the config service (role {@code bots}), its bots need one somewhere in the
   * cluster: asks {@code antbot.config.status} once a second until a core node answers, for at most
   * {@code timeoutS}.
   */
  private Future<Void> awaitConfigService(int timeoutS) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
    Promise<Void> ready = Promise.promise();
    askConfigService(deadline, timeoutS, ready);
    return ready.future();
  }

  private void askConfigService(long deadline, int timeoutS, Promise<Void> ready) {
    vertx
        .eventBus()
        .request(
            Addresses.CONFIG_STATUS, new JsonObject(), new DeliveryOptions().setSendTimeout(1_000))
        .onSuccess(reply -> ready.complete())
        .onFailure(
            failure -> {
              if (System.nanoTime() >= deadline) {
                ready.fail(
                    new StartupException(
                        "cluster",
                        new IllegalStateException(
                            "no core node (config service) answered within "
                                + timeoutS
                                + " s: check cluster.members, cluster.name and cluster.secret"
                                + (config().getBoolean(ClusterStart.TLS, false)
                                    ? ", and cluster.tls (each node's certificate must be"
                                        + " signed by the ca the others trust),"
                                    : "")
                                + " on both sides (last attempt: "
                                + failure.getMessage()
                                + ")")));
              } else {
                vertx.setTimer(1_000, t -> askConfigService(deadline, timeoutS, ready));
              }
            });
  }

  private Future<?> deployBots(JsonArray entries) {
    List<BotSpec> bots = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      try {
        bots.add(BotSpec.fromJson(i, entries.getValue(i)));
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(new StartupException("bots", e));
      }
    }
    Future<?> chain = Future.succeededFuture();
    for (BotSpec bot : bots) {
      if (bot.enabled()) {
        JsonObject identity =
            new JsonObject().put("name", bot.name()).put("node", node).put("kind", bot.className());
        chain =
            chain.compose(
                v ->
                    deploy(
                            "bot " + bot.name(),
                            () ->
                                vertx.deployVerticle(
                                    bot.className(),
                                    new DeploymentOptions()
                                        .setInstances(bot.instances())
                                        .setConfig(bot.config().copy().put("antbot", identity))))
                        .onSuccess(id -> register(id, bot, identity)));
      }
    }
    return chain;
  }

  /**
   * Announces a deployed bot to the bot registry and beats for it while it is deployed (its
   * deployment is alive); a bot that beats itself adds its loop times. Best effort: a registry not
   * reachable yet is reached by the next beat.
   */
  private void register(String deploymentId, BotSpec bot, JsonObject identity) {
    BotClient client =
        new BotClient(
            vertx,
            bot.name(),
            identity.getString("node"),
            bot.className(),
            null,
            BotClient.DEFAULT_INTERVAL_S);
    client.start();
    botClients.put(deploymentId, client);
  }

  /**
   * Undeploys everything this launcher started, newest first, one at a time. A failure does not
   * stop the others from being undeployed, but the result fails with the first one: a service that
   * could not stop cleanly (the audit trail could not write what it had acknowledged, say) makes
   * the whole stop unclean.
   */
  private Future<Void> undeployAll() {
    return undeployAll(null);
  }

  private Future<Void> undeployAll(Throwable firstFailure) {
    if (started.isEmpty()) {
      Future<Void> view =
          clusterView != null && vertx.deploymentIDs().contains(clusterView)
              ? vertx.undeploy(clusterView).otherwiseEmpty()
              : Future.succeededFuture();
      clusterView = null;
      return view.compose(
          v -> firstFailure == null ? Future.succeededFuture() : Future.failedFuture(firstFailure));
    }
    Started last = started.pop();
    if (!vertx.deploymentIDs().contains(last.deploymentId())) {
      // Already gone: Vert.x closing as a whole undeploys every deployment itself, in no set order.
      return undeployAll(firstFailure);
    }
    BotClient bot = botClients.remove(last.deploymentId());
    if (bot != null) {
      bot.stopped()
          .onFailure(e -> log.debug("bot {} not reported stopped: {}", bot.name(), e.getMessage()));
    }
    return vertx
        .undeploy(last.deploymentId())
        .onSuccess(v -> lifecycle(last.name(), "undeployed"))
        .onFailure(e -> log.error("undeploying {} failed: {}", last.name(), e.getMessage()))
        .transform(
            done ->
                undeployAll(
                    firstFailure != null || done.succeeded()
                        ? firstFailure
                        : new IllegalStateException(
                            last.name() + " did not stop cleanly: " + done.cause().getMessage())));
  }

  private void lifecycle(String service, String event) {
    log.info("{} {}", service, event);
    vertx
        .eventBus()
        .publish(
            Addresses.LAUNCHER_LIFECYCLE,
            new JsonObject()
                .put("service", service)
                .put("event", event)
                .put("at", Instant.now().toString()));
  }
}
