package io.antbot.demo;

import static io.antbot.demo.StepReport.check;

import io.antbot.bus.Addresses;
import io.antbot.bus.BusException;
import io.antbot.bus.ConfigChange;
import io.antbot.bus.Decision;
import io.antbot.bus.FailureCode;
import io.antbot.bus.FeatureDecision;
import io.antbot.bus.HealthReport;
import io.antbot.bus.IssuedAccessToken;
import io.antbot.bus.LogLevel;
import io.antbot.bus.LogQueryRequest;
import io.antbot.bus.Principal;
import io.antbot.bus.UserAdd;
import io.antbot.client.ConfigClient;
import io.antbot.client.ConfigView;
import io.antbot.client.LogClient;
import io.antbot.client.MetricsClient;
import io.antbot.client.SecurityClient;
import io.antbot.launcher.AntBot;
import io.antbot.launcher.LaunchOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's steps against a real runtime started in-process: each method is one step, uses the
 * typed bus clients and the HTTP API (a {@link WebClient} on 127.0.0.1), and returns the line it
 * reports, built from what the runtime answered. Each step runs on a thread of its own ({@link
 * StepReport}), so it may wait for futures with {@code await()}; the runtime's event loops are
 * never blocked.
 */
final class Tour {

  static final String ADMIN = "demo-admin";
  static final String OPERATOR = "demo-operator";
  static final String VIEWER = "demo-viewer";
  static final String BOT_COMPONENT = "ExampleBot";
  static final String ROLLOUT_FLAG = "enable_colony_expansion";
  static final String ALERT_RULE = "demo_profit_target";
  static final String SQL_INJECTION = "1' OR '1'='1";
  private static final long HTTP_TIMEOUT_MS = 10_000;
  private static final int ROLLOUT_BOTS = 200;
  private static final int MAX_LOGIN_ATTEMPTS = 50;

  private final Vertx vertx;
  private final ScratchConf scratch;
  private final StepReport report;
  private final ConfigClient config;
  private final LogClient logs;
  private final MetricsClient metrics;
  private final SecurityClient security;
  private final SecureRandom random = new SecureRandom();
  private final String adminPassword = password();
  private final String operatorPassword = password();
  private final String viewerPassword = password();

  private String launcher;
  private int port;
  private WebClient http;
  private String adminToken;
  private String viewerToken;
  private ConfigView view;

  Tour(Vertx vertx, ScratchConf scratch, StepReport report) {
    this.vertx = vertx;
    this.scratch = scratch;
    this.report = report;
    this.config = new ConfigClient(vertx);
    this.logs = new LogClient(vertx);
    this.metrics = new MetricsClient(vertx);
    this.security = new SecurityClient(vertx);
  }

  int port() {
    return port;
  }

  // ---- start-up
  // --------------------------------------------------------------------------------------------------

  /**
   * Starts config, security, logging, metrics, HTTP and the example bot, as {@code java -jar} does.
   */
  String start(String env, int requestedPort) {
    long started = System.nanoTime();
    List<String> lifecycle = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> events =
        vertx
            .eventBus()
            .consumer(
                Addresses.LAUNCHER_LIFECYCLE,
                message -> {
                  if ("deployed".equals(message.body().getString("event"))) {
                    lifecycle.add(message.body().getString("service"));
                  }
                });
    try {
      launcher =
          AntBot.start(vertx, new LaunchOptions(scratch.conf().toString(), env, requestedPort))
              .await();
    } finally {
      events.unregister();
    }
    JsonObject status =
        vertx
            .eventBus()
            .<JsonObject>request(Addresses.HTTP_STATUS, new JsonObject())
            .await()
            .body();
    port = status.getJsonObject("details").getInteger("port");
    http =
        WebClient.create(
            vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    view = ConfigView.open(vertx, config).await();
    check(
        lifecycle.stream().anyMatch(name -> name.startsWith("bot ")),
        "no bot was deployed: " + lifecycle);
    return "env "
        + env
        + ", http://127.0.0.1:"
        + port
        + ", deployed in order "
        + String.join(", ", lifecycle)
        + " in "
        + millis(started)
        + " ms";
  }

  /** The readiness probe over HTTP and the health report over the bus. */
  String ready() {
    HttpResponse<Buffer> ready = send(HttpMethod.GET, "/health/ready", null, null);
    expect(ready, 200, "GET /health/ready");
    HealthReport health = metrics.health().await();
    JsonObject services = ready.bodyAsJsonObject().getJsonObject("services", new JsonObject());
    return "GET /health/ready 200 "
        + ready.bodyAsJsonObject().getString("status")
        + " "
        + services.encode()
        + "; antbot.metrics.health: "
        + health.status()
        + " ("
        + upChecks(health.checks())
        + ")";
  }

  // ---- security: accounts, tokens
  // ----------------------------------------------------------------------------------

  /** Two accounts made over the bus, then logged in over HTTP. */
  String login() {
    security.addUser(new UserAdd(ADMIN, adminPassword, List.of("admin"), true, "demo")).await();
    security
        .addUser(new UserAdd(OPERATOR, operatorPassword, List.of("operator"), true, "demo"))
        .await();
    security.addUser(new UserAdd(VIEWER, viewerPassword, List.of("viewer"), true, "demo")).await();
    HttpResponse<Buffer> admin =
        post("/api/v1/auth/login", null, credentials(ADMIN, adminPassword));
    expect(admin, 200, "POST /api/v1/auth/login as " + ADMIN);
    HttpResponse<Buffer> viewer =
        post("/api/v1/auth/login", null, credentials(VIEWER, viewerPassword));
    expect(viewer, 200, "POST /api/v1/auth/login as " + VIEWER);
    adminToken = admin.bodyAsJsonObject().getString("access_token");
    viewerToken = viewer.bodyAsJsonObject().getString("access_token");
    check(adminToken != null && viewerToken != null, "a login reply carried no access_token");
    return "antbot.security.users.add made "
        + ADMIN
        + " (admin), "
        + OPERATOR
        + " (operator) and "
        + VIEWER
        + " (viewer); POST /api/v1/auth/login as "
        + ADMIN
        + " and "
        + VIEWER
        + " gave each an access token (expires_in "
        + admin.bodyAsJsonObject().getLong("expires_in")
        + " s) and a"
        + " refresh token";
  }

  /**
   * A scoped token issued over the bus, accepted over HTTP for what it allows and refused for the
   * rest.
   */
  String tokenIssued() {
    IssuedAccessToken issued =
        security.issue(OPERATOR, List.of("metrics:*"), Duration.ofMinutes(5)).await();
    HttpResponse<Buffer> allowed =
        send(HttpMethod.GET, "/api/v1/system", issued.accessToken(), null);
    expect(allowed, 200, "GET /api/v1/system with the issued token");
    HttpResponse<Buffer> beyond =
        send(HttpMethod.GET, "/api/v1/config", issued.accessToken(), null);
    expect(beyond, 403, "GET /api/v1/config with a metrics:* token");
    Principal principal =
        security.authenticate(issued.accessToken(), "127.0.0.1", "antbot-demo").await();
    return "antbot.security.token.issue: jti "
        + issued.jti()
        + " for "
        + principal.user()
        + " with "
        + principal.permissions()
        + ", "
        + issued.expiresIn()
        + " s; GET /api/v1/system 200, GET /api/v1/config 403 \""
        + detail(beyond)
        + "\"";
  }

  // ---- configuration
  // -----------------------------------------------------------------------------------------------

  String configGet() {
    Object overBus = config.get("trading.max_position_size").await();
    HttpResponse<Buffer> overHttp =
        send(HttpMethod.GET, "/api/v1/config/trading.max_position_size", adminToken, null);
    expect(overHttp, 200, "GET /api/v1/config/trading.max_position_size");
    Object value = overHttp.bodyAsJsonObject().getValue("value");
    check(
        String.valueOf(overBus).equals(String.valueOf(value)),
        "bus says " + overBus + ", HTTP says " + value);
    HttpResponse<Buffer> all = send(HttpMethod.GET, "/api/v1/config", adminToken, null);
    expect(all, 200, "GET /api/v1/config");
    return "trading.max_position_size = "
        + overBus
        + " (antbot.config.get) = "
        + value
        + " (GET /api/v1/config/trading.max_position_size); GET /api/v1/config: version "
        + all.bodyAsJsonObject().getValue("version")
        + ", "
        + all.bodyAsJsonObject().getJsonObject("config").size()
        + " sections";
  }

  String configSet() {
    ConfigClient.WriteResult overBus =
        config.set("trading.risk_tolerance", 0.03, "demo: set over the bus", "demo").await();
    HttpResponse<Buffer> read =
        send(HttpMethod.GET, "/api/v1/config/trading.risk_tolerance", adminToken, null);
    expect(read, 200, "GET /api/v1/config/trading.risk_tolerance");
    check(
        Double.valueOf(0.03).equals(read.bodyAsJsonObject().getDouble("value")),
        "HTTP reads " + read.bodyAsJsonObject().getValue("value") + " after the bus set 0.03");
    HttpResponse<Buffer> put =
        send(
            HttpMethod.PUT,
            "/api/v1/config/trading.risk_tolerance",
            adminToken,
            new JsonObject().put("value", 0.04).put("reason", "demo: set over HTTP"));
    expect(put, 200, "PUT /api/v1/config/trading.risk_tolerance");
    double now = config.getDouble("trading.risk_tolerance", -1).await();
    check(now == 0.04, "the bus reads " + now + " after HTTP set 0.04");
    return "antbot.config.set 0.02 -> 0.03 (version "
        + overBus.version()
        + ", "
        + changes(overBus.changes())
        + "), read back over HTTP; PUT /api/v1/config/trading.risk_tolerance 0.04 (version "
        + put.bodyAsJsonObject().getValue("version")
        + "), read back over the bus";
  }

  /**
   * Edits the YAML file under the running runtime; the bot's live view and its log line show the
   * change.
   */
  String hotReload() throws Exception {
    double before = view.getDouble("trading.max_position_size", -1);
    double after = before == 0.2 ? 0.25 : 0.2;
    List<Long> seenAt = new CopyOnWriteArrayList<>();
    Runnable cancel =
        view.onChange("trading.max_position_size", changes -> seenAt.add(System.nanoTime()));
    Instant since = Instant.now();
    long edited = System.nanoTime();
    try {
      setPositionSizeInFile(after);
      JsonObject line =
          poll(
              Duration.ofSeconds(15),
              () ->
                  logs.query(
                          new LogQueryRequest(
                              null,
                              BOT_COMPONENT,
                              null,
                              since,
                              null,
                              "trading setting changed",
                              10))
                      .map(
                          events ->
                              events.stream()
                                  .map(JsonObject.class::cast)
                                  .filter(
                                      event ->
                                          "trading.max_position_size"
                                              .equals(fields(event).getString("key")))
                                  .findFirst()
                                  .orElse(null)));
      check(!seenAt.isEmpty(), "the demo's ConfigView did not see the change");
      JsonObject fields = fields(line);
      return "development.yaml: trading.max_position_size "
          + before
          + " -> "
          + after
          + "; ConfigView updated "
          + (seenAt.get(0) - edited) / 1_000_000
          + " ms after the write; example-bot logged \""
          + line.getString("message")
          + "\" ("
          + fields.getValue("old")
          + " -> "
          + fields.getValue("new")
          + ", bot "
          + fields.getValue("bot")
          + ")";
    } finally {
      cancel.run();
    }
  }

  /**
   * A bad value refused over HTTP and over the bus with the schema's text, and a bad file edit
   * refused live.
   */
  String badEditRejected() throws Exception {
    HttpResponse<Buffer> put =
        send(
            HttpMethod.PUT,
            "/api/v1/config/trading.max_position_size",
            adminToken,
            new JsonObject().put("value", 5).put("reason", "demo: out of range"));
    expect(put, 400, "PUT /api/v1/config/trading.max_position_size 5");
    BusException overBus =
        failure(config.set("trading.max_position_size", "lots", "demo: wrong type", "demo"));
    check(
        overBus.code() == FailureCode.BAD_REQUEST,
        "antbot.config.set \"lots\" failed with " + overBus.code());

    double before = view.getDouble("trading.max_position_size", -1);
    List<JsonObject> rejections = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> rejected =
        vertx
            .eventBus()
            .consumer(Addresses.CONFIG_REJECTED, message -> rejections.add(message.body()));
    String fileText;
    try {
      rejected.completion().await();
      setPositionSizeInFile(7);
      JsonObject event =
          poll(
              Duration.ofSeconds(15),
              () -> Future.succeededFuture(rejections.isEmpty() ? null : rejections.get(0)));
      fileText =
          event.getJsonArray("errors").stream()
              .map(JsonObject.class::cast)
              .map(error -> error.getString("message", error.encode()))
              .findFirst()
              .orElse(event.encode());
    } finally {
      rejected.unregister();
      setPositionSizeInFile(before);
    }
    double still = config.getDouble("trading.max_position_size", -1).await();
    check(
        still == before,
        "trading.max_position_size is " + still + " after a rejected edit, expected " + before);
    return "PUT /api/v1/config/trading.max_position_size 5 -> 400 \""
        + detail(put)
        + "\"; antbot.config.set \"lots\""
        + " -> 400 \""
        + overBus.getMessage()
        + "\"; development.yaml with 7 -> antbot.config.rejected \""
        + fileText
        + "\", still "
        + still;
  }

  /**
   * A flag rolled out to a share of the bots over HTTP, evaluated for many bots over the bus, then
   * to all.
   */
  String flagRollout() {
    HttpResponse<Buffer> current =
        send(HttpMethod.GET, "/api/v1/config/features." + ROLLOUT_FLAG, adminToken, null);
    expect(current, 200, "GET /api/v1/config/features." + ROLLOUT_FLAG);
    JsonObject flag = current.bodyAsJsonObject().getJsonObject("value");
    HttpResponse<Buffer> put =
        send(
            HttpMethod.PUT,
            "/api/v1/features/" + ROLLOUT_FLAG,
            adminToken,
            new JsonObject()
                .put("value", flag.copy().put("rollout_percent", 30))
                .put("reason", "demo: roll out to 30%"));
    expect(put, 200, "PUT /api/v1/features/" + ROLLOUT_FLAG);
    int at30 = botsEnabled();
    HttpResponse<Buffer> one =
        send(HttpMethod.GET, "/api/v1/features/" + ROLLOUT_FLAG + "?bot=bot-7", adminToken, null);
    expect(one, 200, "GET /api/v1/features/" + ROLLOUT_FLAG + "?bot=bot-7");
    FeatureDecision sticky = config.feature(ROLLOUT_FLAG, Map.of("bot_id", "bot-7")).await();
    check(
        sticky.enabled() == one.bodyAsJsonObject().getBoolean("enabled"),
        "bot-7 got two different answers");
    check(
        at30 > ROLLOUT_BOTS * 15 / 100 && at30 < ROLLOUT_BOTS * 45 / 100,
        at30 + " of " + ROLLOUT_BOTS + " bots have the flag at 30%");
    config
        .set(
            "features." + ROLLOUT_FLAG + ".rollout_percent",
            100,
            "demo: roll out to everyone",
            "demo")
        .await();
    int at100 = botsEnabled();
    check(at100 == ROLLOUT_BOTS, at100 + " of " + ROLLOUT_BOTS + " bots have the flag at 100%");
    return ROLLOUT_FLAG
        + " rollout_percent "
        + flag.getValue("rollout_percent")
        + " -> 30 (PUT /api/v1/features/"
        + ROLLOUT_FLAG
        + "): "
        + at30
        + "/"
        + ROLLOUT_BOTS
        + " bots on; bot-7 "
        + (sticky.enabled() ? "on" : "off")
        + " ("
        + sticky.reason()
        + ") over HTTP and bus alike; -> 100 (antbot.config.set): "
        + at100
        + "/"
        + ROLLOUT_BOTS;
  }

  // ---- logging and metrics
  // -----------------------------------------------------------------------------------------

  /** A trade written under one correlation id, then found again by that id over HTTP. */
  String logCorrelation() throws Exception {
    LogClient.ComponentLogger engine = logs.logger("TradingEngine");
    String id = logs.startCorrelation("trade_execution").await();
    logs.withCorrelation(
            id,
            () ->
                logs.write(
                        "TradingEngine",
                        LogLevel.INFO,
                        "order placed",
                        new JsonObject()
                            .put("event_type", "trade")
                            .put("symbol", "SOL/USDC")
                            .put("side", "buy")
                            .put("amount", 2.5))
                    .compose(v -> metrics.recordTrade("buy", "completed", 2.5, 0.15, "SOL/USDC"))
                    .compose(v -> logs.performance("TradingEngine", "execute_trade", 125.0, true))
                    .compose(
                        v ->
                            logs.write(
                                "TradingEngine",
                                LogLevel.INFO,
                                "order filled",
                                new JsonObject()
                                    .put("event_type", "trade")
                                    .put("symbol", "SOL/USDC")
                                    .put("profit_loss", 0.15))))
        .await();
    check(engine.component().equals("TradingEngine"), "component logger");
    JsonArray events =
        poll(
            Duration.ofSeconds(10),
            () ->
                httpJson(HttpMethod.GET, "/api/v1/logs?correlation_id=" + id)
                    .map(
                        body -> {
                          JsonArray found = body.getJsonArray("events", new JsonArray());
                          return found.size() >= 3 ? found : null;
                        }));
    List<String> messages = new ArrayList<>();
    for (Object event : events) {
      JsonObject line = (JsonObject) event;
      check(
          id.equals(line.getString("correlation_id")),
          "an event of another correlation id came back: " + line.encode());
      messages.add(line.getString("component") + " \"" + line.getString("message") + "\"");
    }
    return "correlation id "
        + id
        + ": GET /api/v1/logs?correlation_id="
        + id
        + " -> "
        + events.size()
        + " events, "
        + String.join(", ", messages);
  }

  /** Trades and operations recorded over the bus, read back from {@code GET /metrics}. */
  String metricsRecorded() {
    metrics.recordTrade("sell", "completed", 2.5, -0.05, "SOL/USDC").await();
    metrics.recordTrade("buy", "failed", 1.0, null, "BTC/USDT").await();
    metrics.recordOperation("TradingEngine", "buy_order", Duration.ofMillis(75), true).await();
    metrics.recordOperation("TradingEngine", "buy_order", Duration.ofMillis(420), false).await();
    metrics.recordCapital(10_000, 7_500.0, 2_500.0).await();
    metrics.setGauge("demo_total_profit", 1250.75, Map.of()).await();
    HttpResponse<Buffer> scrape = send(HttpMethod.GET, "/metrics", null, null);
    expect(scrape, 200, "GET /metrics");
    String text = scrape.bodyAsString();
    List<String> shown = new ArrayList<>();
    for (String series :
        List.of(
            "antbot_trades_total{side=\"buy\",status=\"completed\",symbol=\"SOL/USDC\"}",
            "antbot_trades_total{side=\"sell\",status=\"completed\",symbol=\"SOL/USDC\"}",
            "antbot_trades_total{side=\"buy\",status=\"failed\",symbol=\"BTC/USDT\"}",
            "antbot_trade_realized_profit_loss",
            "antbot_operations_total{component=\"TradingEngine\",operation=\"buy_order\",outcome=\"success\"}",
            "antbot_operations_total{component=\"TradingEngine\",operation=\"buy_order\",outcome=\"error\"}",
            "antbot_operations_total{component=\"TradingEngine\",operation=\"execute_trade\",outcome=\"success\"}",
            "antbot_capital{kind=\"total\"}",
            "demo_total_profit")) {
      shown.add(series + " " + sample(text, series));
    }
    int lines = text.split("\n").length;
    return "GET /metrics ("
        + scrape.getHeader("Content-Type")
        + ", "
        + lines
        + " lines): "
        + String.join("; ", shown);
  }

  /**
   * An alert rule added over HTTP on the custom gauge just recorded; it fires and is broadcast on
   * antbot.alerts.
   */
  String alertFired() {
    List<JsonObject> broadcasts = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> alerts =
        vertx
            .eventBus()
            .consumer(
                Addresses.ALERTS,
                message -> {
                  if (ALERT_RULE.equals(message.body().getString("name"))) {
                    broadcasts.add(message.body());
                  }
                });
    try {
      alerts.completion().await();
      HttpResponse<Buffer> added =
          post(
              "/api/v1/alerts/rules",
              adminToken,
              new JsonObject()
                  .put("name", ALERT_RULE)
                  .put("metric", "demo_total_profit")
                  .put("comparator", ">")
                  .put("threshold", 1000)
                  .put("severity", "info")
                  .put("description", "the demo's profit target is reached"));
      expect(added, 201, "POST /api/v1/alerts/rules");
      JsonObject firing =
          poll(
              Duration.ofSeconds(20),
              () ->
                  Future.succeededFuture(
                      broadcasts.stream()
                          .filter(alert -> "firing".equals(alert.getString("state")))
                          .findFirst()
                          .orElse(null)));
      HttpResponse<Buffer> listed = send(HttpMethod.GET, "/api/v1/alerts", adminToken, null);
      expect(listed, 200, "GET /api/v1/alerts");
      String state =
          listed.bodyAsJsonObject().getJsonArray("alerts", new JsonArray()).stream()
              .map(JsonObject.class::cast)
              .filter(rule -> ALERT_RULE.equals(rule.getString("name")))
              .map(rule -> rule.getString("state"))
              .findFirst()
              .orElse("absent");
      return "POST /api/v1/alerts/rules "
          + ALERT_RULE
          + " (demo_total_profit > 1000) -> 201; antbot.alerts: "
          + firing.getString("severity")
          + " "
          + firing.getString("state")
          + " \""
          + firing.getString("message")
          + "\"; GET /api/v1/alerts: "
          + state;
    } finally {
      alerts.unregister();
    }
  }

  // ---- security: authorization, protection, encryption, audit
  // --------------------------------------------------

  String authorizationDenied() {
    HttpResponse<Buffer> put =
        send(
            HttpMethod.PUT,
            "/api/v1/config/trading.dry_run",
            viewerToken,
            new JsonObject().put("value", false).put("reason", "demo: a viewer tries to write"));
    expect(put, 403, "PUT /api/v1/config/trading.dry_run as " + VIEWER);
    HttpResponse<Buffer> none = send(HttpMethod.GET, "/api/v1/config", null, null);
    expect(none, 401, "GET /api/v1/config without a token");
    Decision denied = security.authorize(VIEWER, "config:write", "trading.dry_run").await();
    Decision allowed = security.authorize(ADMIN, "config:write", "trading.dry_run").await();
    check(
        !denied.allowed() && allowed.allowed(),
        "antbot.security.authorize: viewer " + denied + ", admin " + allowed);
    return "PUT /api/v1/config/trading.dry_run as viewer -> 403 \""
        + detail(put)
        + "\"; no token -> 401 \""
        + detail(none)
        + "\"; antbot.security.authorize config:write: viewer denied ("
        + denied.reason()
        + "), admin allowed ("
        + allowed.reason()
        + ")";
  }

  String attackBlocked() {
    HttpResponse<Buffer> blocked =
        http.get("/api/v1/config")
            .addQueryParam("q", SQL_INJECTION)
            .bearerTokenAuthentication(adminToken)
            .timeout(HTTP_TIMEOUT_MS)
            .send()
            .await();
    expect(blocked, 403, "GET /api/v1/config?q=" + SQL_INJECTION);
    HttpResponse<Buffer> clean =
        http.get("/api/v1/config")
            .addQueryParam("q", "SOL/USDC")
            .bearerTokenAuthentication(adminToken)
            .timeout(HTTP_TIMEOUT_MS)
            .send()
            .await();
    expect(clean, 200, "GET /api/v1/config?q=SOL/USDC");
    JsonObject scan =
        vertx
            .eventBus()
            .<JsonObject>request(
                Addresses.SECURITY_SCAN, new JsonObject().put("input", SQL_INJECTION))
            .await()
            .body();
    return "GET /api/v1/config?q="
        + SQL_INJECTION
        + " -> 403 \""
        + detail(blocked)
        + "\" (same request with"
        + " q=SOL/USDC -> 200); antbot.security.scan of the value -> "
        + scan.encode();
  }

  /** Logins beyond the login policy's bucket from one address are answered 429. */
  String rateLimited() {
    String policy = config.getString("security.rate_limits.route_classes.login", "login").await();
    long capacity =
        config.getLong("security.rate_limits.policies." + policy + ".capacity", -1).await();
    check(
        capacity > 0 && capacity <= MAX_LOGIN_ATTEMPTS,
        "the login policy "
            + policy
            + " has a capacity of "
            + capacity
            + "; the demo sends at most "
            + MAX_LOGIN_ATTEMPTS
            + " logins");
    for (int attempt = 1; attempt <= capacity + 1; attempt++) {
      HttpResponse<Buffer> reply =
          post("/api/v1/auth/login", null, credentials("nobody-" + attempt, "wrong password"));
      if (reply.statusCode() == 429) {
        check("rate limit exceeded".equals(detail(reply)), "429 with \"" + detail(reply) + "\"");
        return "policy "
            + policy
            + " (capacity "
            + capacity
            + "): login attempt "
            + attempt
            + " -> 429 \""
            + detail(reply)
            + "\" (RateLimit-Policy "
            + reply.getHeader("RateLimit-Policy")
            + ", RateLimit "
            + reply.getHeader("RateLimit")
            + ", Retry-After "
            + reply.getHeader("Retry-After")
            + " s); earlier attempts 401";
      }
      expect(reply, 401, "login attempt " + attempt + " with a wrong password");
    }
    throw new StepReport.StepFailure(
        "no 429 after " + (capacity + 1) + " logins with a bucket of " + capacity);
  }

  String fernet() {
    byte[] secret = "api_secret=demo-exchange-credential".getBytes(StandardCharsets.UTF_8);
    String token = security.encrypt(secret).await();
    byte[] back = security.decrypt(token, Duration.ofMinutes(1)).await();
    check(Arrays.equals(secret, back), "antbot.security.decrypt gave other bytes back");
    HttpResponse<Buffer> encrypted =
        post(
            "/api/v1/security/encrypt",
            adminToken,
            new JsonObject().put("data_b64", Base64.getEncoder().encodeToString(secret)));
    expect(encrypted, 200, "POST /api/v1/security/encrypt");
    String httpToken = encrypted.bodyAsJsonObject().getString("token");
    HttpResponse<Buffer> decrypted =
        post("/api/v1/security/decrypt", adminToken, new JsonObject().put("token", token));
    expect(decrypted, 200, "POST /api/v1/security/decrypt");
    check(
        Arrays.equals(
            secret, Base64.getDecoder().decode(decrypted.bodyAsJsonObject().getString("data_b64"))),
        "POST /api/v1/security/decrypt gave other bytes back");
    byte[] crossed = security.decrypt(httpToken, null).await();
    check(
        Arrays.equals(secret, crossed),
        "a token made over HTTP decrypted to other bytes over the bus");
    return secret.length
        + " bytes -> Fernet token "
        + abbreviate(token)
        + " ("
        + token.length()
        + " chars) over the bus,"
        + " decrypted over HTTP; the token made by POST /api/v1/security/encrypt decrypted over the bus";
  }

  String rsa() {
    byte[] data = new byte[64 * 1024];
    random.nextBytes(data);
    String envelope = security.rsaEncrypt(data).await();
    byte[] back = security.rsaDecrypt(envelope).await();
    check(Arrays.equals(data, back), "antbot.security.rsa.decrypt gave other bytes back");
    BusException tampered = failure(security.rsaDecrypt(flipOneCharacter(envelope)));
    return data.length
        + " random bytes -> RSA-OAEP/AES-GCM envelope of "
        + envelope.length()
        + " chars and back"
        + " (antbot.security.rsa.encrypt/decrypt); a tampered envelope -> "
        + tampered.code().code()
        + " \""
        + tampered.getMessage()
        + "\"";
  }

  String auditVerify() {
    HttpResponse<Buffer> verify =
        post("/api/v1/security/audit/verify", adminToken, new JsonObject());
    expect(verify, 200, "POST /api/v1/security/audit/verify");
    JsonObject result = verify.bodyAsJsonObject();
    check(
        Boolean.TRUE.equals(result.getBoolean("intact")),
        "the audit chain is broken: " + result.encode());
    HttpResponse<Buffer> trail =
        send(HttpMethod.GET, "/api/v1/security/audit?limit=1000", adminToken, null);
    expect(trail, 200, "GET /api/v1/security/audit");
    JsonArray entries = trail.bodyAsJsonObject().getJsonArray("entries", new JsonArray());
    List<String> types =
        entries.stream()
            .map(JsonObject.class::cast)
            .map(entry -> entry.getString("type"))
            .distinct()
            .toList();
    return "POST /api/v1/security/audit/verify -> intact "
        + result.getBoolean("intact")
        + ", "
        + result.getValue("entries")
        + " entries; types recorded: "
        + String.join(", ", types);
  }

  // ---- monitoring and shutdown
  // ---------------------------------------------------------------------------------------

  /**
   * Health and alerts every few seconds for {@code seconds}; fails if the runtime stops answering
   * or is unhealthy.
   */
  String monitor(int seconds) {
    long intervalMs = Math.max(1_000, seconds * 1000L / 6);
    long started = System.nanoTime();
    long end = started + seconds * 1_000_000_000L;
    int samples = 0;
    List<String> statuses = new ArrayList<>();
    int firingSeen = 0;
    while (true) {
      long elapsedS = (System.nanoTime() - started) / 1_000_000_000L;
      HttpResponse<Buffer> health = send(HttpMethod.GET, "/api/v1/health", adminToken, null);
      expect(health, 200, "GET /api/v1/health at t+" + elapsedS + " s");
      HttpResponse<Buffer> alerts = send(HttpMethod.GET, "/api/v1/alerts", adminToken, null);
      expect(alerts, 200, "GET /api/v1/alerts at t+" + elapsedS + " s");
      JsonObject system = metrics.system().await();
      String scrape = send(HttpMethod.GET, "/metrics", null, null).bodyAsString();
      JsonObject report = health.bodyAsJsonObject();
      List<String> firing =
          alerts.bodyAsJsonObject().getJsonArray("alerts", new JsonArray()).stream()
              .map(JsonObject.class::cast)
              .filter(alert -> "firing".equals(alert.getString("state")))
              .map(alert -> alert.getString("name") + "=" + alert.getValue("value"))
              .toList();
      firingSeen = Math.max(firingSeen, firing.size());
      statuses.add(report.getString("status"));
      samples++;
      this.report.info(
          String.format(
              "monitor t+%ds: health %s (%s), alerts firing: %s, cpu %.0f%%, memory %.0f%%,"
                  + " example-bot cycles %s",
              elapsedS,
              report.getString("status"),
              upChecks(report.getJsonArray("checks")),
              firing.isEmpty() ? "none" : String.join(", ", firing),
              100 * system.getJsonObject("cpu").getDouble("system_usage_ratio", 0.0),
              100 * system.getJsonObject("memory").getDouble("usage_ratio", 0.0),
              cycles(scrape)));
      long now = System.nanoTime();
      if (now >= end) {
        break;
      }
      vertx.timer(Math.min(intervalMs, (end - now) / 1_000_000 + 1)).await();
    }
    check(
        !statuses.contains(HealthReport.UNHEALTHY),
        "the runtime reported itself unhealthy: " + statuses);
    return samples
        + " samples over "
        + seconds
        + " s, health "
        + String.join("/", statuses.stream().distinct().toList())
        + ", at most "
        + firingSeen
        + " alert(s) firing at once";
  }

  /** Undeploys the launcher (services in reverse order) and closes Vert.x. */
  String shutdown() {
    long started = System.nanoTime();
    List<String> order = new CopyOnWriteArrayList<>();
    vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.LAUNCHER_LIFECYCLE,
            message -> {
              if ("undeployed".equals(message.body().getString("event"))) {
                order.add(message.body().getString("service"));
              }
            })
        .completion()
        .await();
    if (view != null) {
      view.close();
    }
    if (http != null) {
      http.close();
    }
    if (launcher != null) {
      vertx.undeploy(launcher).await();
    }
    long undeployed = millis(started);
    vertx.close().await();
    return "undeployed "
        + String.join(", ", order)
        + " in "
        + undeployed
        + " ms; Vert.x closed after "
        + millis(started)
        + " ms";
  }

  // ---- helpers
  // -----------------------------------------------------------------------------------------------------

  private int botsEnabled() {
    List<Future<FeatureDecision>> decisions = new ArrayList<>();
    for (int i = 0; i < ROLLOUT_BOTS; i++) {
      decisions.add(config.feature(ROLLOUT_FLAG, Map.of("bot_id", "bot-" + i)));
    }
    Future.all(decisions).await();
    return (int) decisions.stream().filter(decision -> decision.result().enabled()).count();
  }

  /**
   * Rewrites {@code trading.max_position_size} in the copy's development.yaml, adding the line the
   * first time.
   */
  private void setPositionSizeInFile(double value) throws Exception {
    Path file = scratch.conf().resolve("development.yaml");
    String text = Files.readString(file);
    Pattern line = Pattern.compile("(?m)^  max_position_size: .*$");
    String replacement = "  max_position_size: " + value;
    String edited =
        line.matcher(text).find()
            ? line.matcher(text).replaceFirst(Matcher.quoteReplacement(replacement))
            : text.replaceFirst(
                "(?m)^trading:\\n", Matcher.quoteReplacement("trading:\n" + replacement + "\n"));
    check(
        !edited.equals(text) || text.contains(replacement),
        "development.yaml has no trading: section to edit");
    Files.writeString(file, edited);
  }

  /** Asks {@code probe} every 100 ms until it gives a non-null value, at most for {@code limit}. */
  private <T> T poll(Duration limit, Supplier<Future<T>> probe) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      T value = probe.get().await();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new StepReport.StepFailure("not seen within " + limit.toSeconds() + " s");
      }
      vertx.timer(100).await();
    }
  }

  private Future<JsonObject> httpJson(HttpMethod method, String uri) {
    return http.request(method, uri)
        .bearerTokenAuthentication(adminToken)
        .timeout(HTTP_TIMEOUT_MS)
        .send()
        .map(
            response -> {
              expect(response, 200, method + " " + uri);
              return response.bodyAsJsonObject();
            });
  }

  private HttpResponse<Buffer> post(String uri, String token, JsonObject body) {
    return send(HttpMethod.POST, uri, token, body);
  }

  private HttpResponse<Buffer> send(HttpMethod method, String uri, String token, JsonObject body) {
    HttpRequest<Buffer> request = http.request(method, uri).timeout(HTTP_TIMEOUT_MS);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  private static void expect(HttpResponse<Buffer> response, int status, String what) {
    if (response.statusCode() != status) {
      throw new StepReport.StepFailure(
          what
              + " answered "
              + response.statusCode()
              + " (expected "
              + status
              + "): "
              + abbreviate(response.bodyAsString(), 300));
    }
  }

  /** The {@code detail} of a problem+json answer. */
  private static String detail(HttpResponse<Buffer> response) {
    try {
      return response.bodyAsJsonObject().getString("detail");
    } catch (RuntimeException e) {
      return abbreviate(response.bodyAsString(), 300);
    }
  }

  private static <T> BusException failure(Future<T> future) {
    try {
      T value = future.await();
      throw new StepReport.StepFailure("expected a failure, got " + value);
    } catch (BusException e) {
      return e;
    }
  }

  /**
   * The value of the first sample line of {@code series} (name and labels exactly), or "absent".
   */
  static String sample(String exposition, String series) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(series + " ")) {
        return line.substring(series.length() + 1).strip();
      }
    }
    throw new StepReport.StepFailure(series + " is not in the scrape");
  }

  /** How many cycles the example bot has recorded, from a scrape: 0 before its first one. */
  private static long cycles(String exposition) {
    String series =
        "antbot_operations_total{component=\""
            + BOT_COMPONENT
            + "\",operation=\"cycle\",outcome=\"success\"}";
    return exposition.contains(series + " ")
        ? (long) Double.parseDouble(sample(exposition, series))
        : 0;
  }

  private static JsonObject fields(JsonObject event) {
    Object fields = event.getValue("fields");
    return fields instanceof JsonObject object ? object : new JsonObject();
  }

  /** "7/7 checks up", or "6/7 checks up; cpu: <detail>" naming the checks that are down. */
  private static String upChecks(JsonArray checks) {
    if (checks == null) {
      return "no checks";
    }
    List<JsonObject> all = checks.stream().map(JsonObject.class::cast).toList();
    List<String> down =
        all.stream()
            .filter(check -> !"up".equals(check.getString("status")))
            .map(check -> check.getString("name") + ": " + check.getValue("detail"))
            .toList();
    String up = (all.size() - down.size()) + "/" + all.size() + " checks up";
    return down.isEmpty() ? up : up + "; " + String.join("; ", down);
  }

  private static String changes(List<ConfigChange> changes) {
    return changes.stream()
        .map(change -> change.key() + ": " + change.oldValue() + " -> " + change.newValue())
        .reduce((a, b) -> a + ", " + b)
        .orElse("no change");
  }

  private static JsonObject credentials(String user, String password) {
    return new JsonObject().put("username", user).put("password", password);
  }

  private static String flipOneCharacter(String text) {
    int middle = text.length() / 2;
    char flipped = text.charAt(middle) == 'A' ? 'B' : 'A';
    return text.substring(0, middle) + flipped + text.substring(middle + 1);
  }

  private static String abbreviate(String text) {
    return abbreviate(text, 20);
  }

  private static String abbreviate(String text, int length) {
    return text == null ? "" : text.length() <= length ? text : text.substring(0, length) + "...";
  }

  private static long millis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  private String password() {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
