package io.antbot.security.protection;

import io.antbot.bus.BusException;
import io.antbot.bus.Decision;
import io.antbot.bus.FailureCode;
import io.antbot.bus.JsonFields;
import io.antbot.bus.Principal;
import io.antbot.local.EdgeDecision;
import io.antbot.local.EdgeGate;
import io.antbot.local.EdgeInspection;
import io.antbot.security.Completed;
import io.antbot.security.behaviour.LoginGuard;
import io.antbot.security.behaviour.SecurityEvent;
import io.antbot.security.behaviour.SecurityEvent.Severity;
import io.antbot.security.iplist.ClientAddressResolver;
import io.antbot.security.iplist.IpDecision;
import io.antbot.security.ratelimit.RateLimitDecision;
import io.antbot.security.threat.RequestDescription;
import io.antbot.security.threat.ScanResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The security service's decisions for the HTTP edge ({@code antbot.security.edge.admit} and {@code
 * .inspect}), the login guard around the password check, and what happens to every {@link
 * SecurityEvent}: kept in a ring of recent events ({@code antbot.security.events.query}),
 * published, audited, and raised as an alert from a severity on.
 *
 * <p>As the {@link EdgeGate} the HTTP verticle calls in-process, its methods run on the HTTP event
 * loops: every part they touch is thread-safe (the protection parts are; the ring of events is
 * guarded), and the authenticator, authorizer and sink passed in must be as well (the security
 * verticle's move auditing onto its own context). Authentication, authorization, publishing and
 * auditing are the caller's, passed in as functions, so this class runs without a Vert.x instance.
 */
public final class EdgeGuard implements EdgeGate {

  /** Section of the event settings under {@code security}. */
  public static final String EVENTS_SECTION = "security.events";

  public static final String DEFAULT_ALERT_SEVERITY = "critical";
  public static final int DEFAULT_RECENT = 1000;

  private static final String ACCESS_DENIED = "access denied";
  private static final String RATE_LIMIT_EXCEEDED = "rate limit exceeded";

  /**
   * {@code (source_ip, token, user_agent)} → the principal; fails with a 401 {@link BusException}.
   * Called from any event loop.
   */
  @FunctionalInterface
  public interface Authenticator {
    Future<Principal> authenticate(String sourceIp, String token, String userAgent);
  }

  /** Whether {@code user} may do {@code action} on {@code resource}. Called from any event loop. */
  @FunctionalInterface
  public interface Authorizer {
    Future<Decision> authorize(
        String user, String action, String resource, List<String> permissions);
  }

  /**
   * Receives each event as published ({@code antbot.security.events}) and each alert ({@code
   * antbot.alerts}).
   */
  public interface Sink {
    void event(JsonObject event);

    void alert(JsonObject alert);

    Future<Void> audit(String type, JsonObject fields);
  }

  /**
   * Settings of {@code security.events}.
   *
   * @param alertSeverity events of this severity or worse also raise an alert ({@code info}, {@code
   *     warning}, {@code critical})
   * @param recent events kept for {@code antbot.security.events.query}
   */
  public record EventOptions(String alertSeverity, int recent) {

    public static EventOptions fromJson(JsonObject security) {
      JsonObject section =
          security != null && security.getValue("events") instanceof JsonObject o
              ? o
              : new JsonObject();
      Object severity = section.getValue("alert_severity", DEFAULT_ALERT_SEVERITY);
      Object recent = section.getValue("recent", DEFAULT_RECENT);
      return new EventOptions(
          String.valueOf(severity), recent instanceof Number n ? n.intValue() : -1);
    }

    public List<String> validate() {
      List<String> problems = new ArrayList<>();
      if (Severity.fromWireName(alertSeverity).isEmpty()) {
        problems.add(
            EVENTS_SECTION
                + ".alert_severity: expected info, warning or critical, got \""
                + alertSeverity
                + "\"");
      }
      if (recent < 1 || recent > 100_000) {
        problems.add(EVENTS_SECTION + ".recent: expected an integer from 1 to 100000");
      }
      return problems;
    }
  }

  private final Protection protection;
  private final Clock clock;
  private final Authenticator authenticator;
  private final Authorizer authorizer;
  private final Sink sink;
  private final ArrayDeque<JsonObject> recent = new ArrayDeque<>();

  /**
   * Repeated edge events below critical: the first per subject and interval audited, the rest
   * counted.
   */
  private final AuditAggregator aggregator = new AuditAggregator(AGGREGATION_INTERVAL);

  static final java.time.Duration AGGREGATION_INTERVAL = java.time.Duration.ofSeconds(10);
  private volatile EventOptions eventOptions;
  private volatile Function<Supplier<ScanResult>, Future<ScanResult>> offload =
      task -> Future.succeededFuture(task.get());

  public EdgeGuard(
      Protection protection,
      EventOptions eventOptions,
      Clock clock,
      Authenticator authenticator,
      Authorizer authorizer,
      Sink sink) {
    this.protection = protection;
    this.clock = clock;
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.sink = sink;
    this.eventOptions = eventOptions;
  }

  public Protection protection() {
    return protection;
  }

  /**
   * Applies a new {@code security} section (protection and events), all or nothing; returns the
   * problems.
   */
  public List<String> update(JsonObject security) {
    EventOptions next = EventOptions.fromJson(security);
    List<String> problems = new ArrayList<>(next.validate());
    problems.addAll(Protection.validate(security));
    if (!problems.isEmpty()) {
      return problems;
    }
    protection.update(security);
    eventOptions = next;
    synchronized (recent) {
      while (recent.size() > next.recent()) {
        recent.removeFirst();
      }
    }
    return List.of();
  }

  /** Whether a changed config key concerns this object. */
  public static boolean concerns(String key) {
    return Protection.concerns(key)
        || key.equals(EVENTS_SECTION)
        || key.startsWith(EVENTS_SECTION + ".");
  }

  // --- edge, first step
  // -------------------------------------------------------------------------------------------

  /**
   * {@code {remote_ip, forwarded_for?, route_class}} → {@code {allowed, client_ip, status?,
   * detail?, headers}}.
   */
  public JsonObject admit(JsonObject request) {
    JsonFields.rejectUnknown(request, ADMIT_FIELDS);
    return decideAdmission(
            JsonFields.optionalMatching(
                request, "remote_ip", JsonFields.IP_LITERAL, "an IP address literal"),
            JsonFields.optionalString(request, "forwarded_for", null, MAX_FORWARDED_FOR_CHARS),
            JsonFields.optionalMatching(
                request, "route_class", ROUTE_CLASS, "a route class (a-z, at most 32)"))
        .toJson();
  }

  private static final java.util.Set<String> ADMIT_FIELDS =
      java.util.Set.of("remote_ip", "forwarded_for", "route_class");
  private static final java.util.regex.Pattern ROUTE_CLASS =
      java.util.regex.Pattern.compile("[a-z_]{1,32}");

  /** Every X-Forwarded-For line joined: far above what a chain of proxies writes. */
  private static final int MAX_FORWARDED_FOR_CHARS = 8192;

  @Override
  public Future<EdgeDecision> admit(String remoteIp, String forwardedFor, String routeClass) {
    return Future.succeededFuture(decideAdmission(remoteIp, forwardedFor, routeClass));
  }

  private EdgeDecision decideAdmission(String remoteIp, String forwardedFor, String routeClass) {
    if (remoteIp == null) {
      return EdgeDecision.refuse(FailureCode.FORBIDDEN, ACCESS_DENIED, null, null);
    }
    ClientAddressResolver.Client client =
        protection.clientAddresses().resolveClient(remoteIp, forwardedFor);
    String clientIp = client.text();
    IpDecision ip = protection.ipAccess().decide(client.address());
    if (!ip.allowed()) {
      emit(
          new SecurityEvent(
              SecurityEvent.IP_DENIED,
              Severity.WARNING,
              "ip:" + clientIp,
              new JsonObject().put("reason", ip.reason()).put("matched", ip.matched()),
              clock.instant()));
      return EdgeDecision.refuse(FailureCode.FORBIDDEN, ACCESS_DENIED, clientIp, null);
    }
    String clientKey = protection.clientAddresses().keyOf(client);
    protection.spikes().record(clientKey).ifPresent(this::emit);
    Optional<RateLimitDecision> limit =
        protection.rateLimits().checkRequest(clientKey, null, routeClass);
    if (limit.isEmpty()) {
      return new EdgeDecision(true, null, null, clientIp, null, null, clientKey);
    }
    RateLimitDecision decision = limit.get();
    Map<String, String> headers = rateLimitHeaders(decision);
    if (!decision.allowed()) {
      rateLimited(clientKey, null, decision);
      return EdgeDecision.refuse(FailureCode.RATE_LIMITED, RATE_LIMIT_EXCEEDED, clientIp, headers);
    }
    return new EdgeDecision(true, null, null, clientIp, headers, null, clientKey);
  }

  // --- edge, second step
  // ------------------------------------------------------------------------------------------

  /**
   * {@code {client_ip, method, path, query, headers, body?, content_type?, token?, user_agent?,
   * action?, resource?, token_only?}} → {@code {allowed, status?, detail?, principal?, headers?}}.
   */
  public Future<JsonObject> inspect(JsonObject request) {
    return inspect(EdgeInspection.fromJson(request)).map(EdgeDecision::toJson);
  }

  /**
   * Threat scan, then authentication and authorization. A body of at least {@code
   * security.threats.worker_threshold_bytes} is scanned through {@link #offloadScans} (a worker
   * thread in the runtime), so that scanning a large body never holds an event loop.
   */
  @Override
  public Future<EdgeDecision> inspect(EdgeInspection request) {
    RequestDescription description =
        new RequestDescription(
            request.method(),
            request.path(),
            request.query(),
            request.headers(),
            request.body(),
            request.contentType());
    if (description.body().length() >= protection.threats().options().workerThresholdBytes()) {
      return offload
          .apply(() -> protection.threats().scan(description))
          .compose(scan -> afterScan(scan, request));
    }
    return afterScan(protection.threats().scan(description), request);
  }

  /**
   * Where scans of large bodies run: {@code task -> vertx.executeBlocking(task::get, false)} in the
   * runtime; by default on the calling thread.
   */
  public void offloadScans(Function<Supplier<ScanResult>, Future<ScanResult>> offload) {
    this.offload = offload;
  }

  private Future<EdgeDecision> afterScan(ScanResult scan, EdgeInspection request) {
    String clientIp = request.clientIp();
    if (scan.refusal() != null) {
      return refuseUninspectable(scan.refusal(), request);
    }
    if (scan.threat()) {
      JsonArray rules =
          new JsonArray(scan.matches().stream().map(ScanResult.Match::toJson).toList());
      JsonObject details =
          new JsonObject()
              .put("method", request.method())
              .put("path", request.path())
              .put("score", scan.score())
              .put("threshold", scan.threshold())
              .put("blocked", scan.blocked())
              .put("matches", rules);
      Future<Void> recorded =
          emit(
              new SecurityEvent(
                  SecurityEvent.THREAT_DETECTED,
                  scan.blocked() ? Severity.WARNING : Severity.INFO,
                  "ip:" + clientIp,
                  details,
                  clock.instant()));
      if (scan.blocked()) {
        // The refusal waits for the audit entry, so that whoever sees the 403 finds its record.
        return recorded
            .otherwiseEmpty()
            .map(
                v -> EdgeDecision.refuse(FailureCode.FORBIDDEN, "request blocked", clientIp, null));
      }
    }
    String token = request.token();
    boolean needsCaller = request.action() != null || request.tokenOnly();
    if (token == null) {
      return Future.succeededFuture(
          needsCaller
              ? EdgeDecision.refuse(
                  FailureCode.UNAUTHENTICATED, "missing bearer token", clientIp, null)
              : EdgeDecision.allow(clientIp, null, null));
    }
    Future<EdgeDecision> checked =
        Completed.compose(
            authenticator.authenticate(clientIp, token, request.userAgent()),
            principal -> afterAuthentication(principal, request));
    return Completed.recover(
        checked,
        failure -> {
          BusException bus = BusException.from(failure);
          if (bus.code() == FailureCode.UNAUTHENTICATED) {
            return Future.succeededFuture(
                EdgeDecision.refuse(bus.code(), bus.getMessage(), clientIp, null));
          }
          return Future.failedFuture(bus);
        });
  }

  /** A request beyond the scan limits under the {@code refuse} policy: 413 or 400, recorded. */
  private Future<EdgeDecision> refuseUninspectable(
      ScanResult.Refusal refusal, EdgeInspection request) {
    JsonObject details =
        new JsonObject()
            .put("method", request.method())
            .put("path", request.path())
            .put("uninspectable", refusal.reason())
            .put("blocked", true);
    return emit(new SecurityEvent(
            SecurityEvent.THREAT_DETECTED,
            Severity.WARNING,
            "ip:" + request.clientIp(),
            details,
            clock.instant()))
        .otherwiseEmpty()
        .map(
            v ->
                EdgeDecision.refuse(
                    FailureCode.of(refusal.status()),
                    "request cannot be inspected: " + refusal.reason(),
                    request.clientIp(),
                    null));
  }

  private Future<EdgeDecision> afterAuthentication(Principal principal, EdgeInspection request) {
    String clientIp = request.clientIp();
    String user = principal.user();
    String userPolicy = protection.rateLimits().options().userPolicy();
    if (!userPolicy.isEmpty()) {
      RateLimitDecision decision = protection.rateLimits().check(user, userPolicy, 1);
      if (!decision.allowed()) {
        rateLimited(clientIp, user, decision);
        return Future.succeededFuture(
            EdgeDecision.refuse(
                FailureCode.RATE_LIMITED,
                RATE_LIMIT_EXCEEDED,
                clientIp,
                rateLimitHeaders(decision)));
      }
    }
    if (principal.jti() != null) {
      List<SecurityEvent> unusual =
          protection.tokens().observe(principal.jti(), user, clientIp, request.userAgent());
      if (!unusual.isEmpty()) {
        unusual.forEach(this::emit);
      }
    }
    EdgeDecision allowed = EdgeDecision.allow(clientIp, null, principal);
    if (request.action() == null) {
      return Future.succeededFuture(allowed);
    }
    return Completed.map(
        authorizer.authorize(
            user,
            request.action(),
            request.resource() == null ? "*" : request.resource(),
            principal.permissions()),
        decision ->
            decision.allowed()
                ? allowed
                : EdgeDecision.refuse(FailureCode.FORBIDDEN, decision.reason(), clientIp, null));
  }

  // --- logins
  // -----------------------------------------------------------------------------------------------------

  /**
   * Before the password check.
   *
   * @throws BusException 429 while this user name from this address, or this address, is locked
   *     out, saying for how long
   * @return how many milliseconds to hold the attempt first (a user name failing from many
   *     addresses), or 0
   */
  public long checkLogin(String user, String ip) {
    LoginGuard.Check check =
        protection.logins().check(user, protection.clientAddresses().keyOf(ip));
    check.events().forEach(this::emit);
    if (!check.allowed()) {
      throw new BusException(
          FailureCode.RATE_LIMITED,
          "too many failed logins; try again in " + check.retryAfterS() + " s");
    }
    return check.delayMs();
  }

  /** Lifts every lock of {@code user} (an admin's decision); returns how many were in force. */
  public int unlockUser(String user) {
    return protection.logins().unlockUser(user);
  }

  public void loginFailed(String user, String ip) {
    protection
        .logins()
        .recordFailure(user, protection.clientAddresses().keyOf(ip))
        .forEach(this::emit);
  }

  public void loginSucceeded(String user, String ip) {
    protection.logins().recordSuccess(user, protection.clientAddresses().keyOf(ip));
  }

  // --- events
  // -----------------------------------------------------------------------------------------------------

  /** Keeps, publishes and audits one event, and raises an alert when it is severe enough. */
  public Future<Void> emit(SecurityEvent event) {
    JsonObject json = event.toJson();
    EventOptions options = eventOptions;
    synchronized (recent) {
      recent.addLast(json);
      while (recent.size() > options.recent()) {
        recent.removeFirst();
      }
    }
    sink.event(json.copy());
    Severity threshold = Severity.fromWireName(options.alertSeverity()).orElse(Severity.CRITICAL);
    if (event.severity().atLeast(threshold)) {
      sink.alert(
          new JsonObject()
              .put(
                  "id",
                  "security:"
                      + event.type()
                      + ":"
                      + event.subject()
                      + ":"
                      + event.at().toEpochMilli())
              .put("source", "security")
              .put("name", event.type())
              .put("severity", event.severity().wireName())
              .put("state", "firing")
              .put("message", event.type().replace('_', ' ') + " (" + event.subject() + ")")
              .put("at", event.at().toString())
              .put("details", event.details().copy()));
    }
    AuditAggregator.Decision decision =
        event.severity().atLeast(Severity.CRITICAL)
            ? new AuditAggregator.Decision(true, List.of())
            : aggregator.record(event.type(), event.subject(), event.at());
    decision.summaries().forEach(summary -> sink.audit(summary.type(), summary.fields()));
    if (!decision.writeNow()) {
      return Future.succeededFuture();
    }
    return sink.audit(
        event.type(),
        new JsonObject()
            .put("severity", event.severity().wireName())
            .put("subject", event.subject())
            .put("details", event.details().copy()));
  }

  /**
   * Writes the summaries of aggregation windows that have closed (called periodically by the
   * service).
   */
  public void flushAggregated() {
    aggregator
        .flush(clock.instant())
        .forEach(summary -> sink.audit(summary.type(), summary.fields()));
  }

  /** The newest {@code limit} events, oldest first. */
  public JsonArray recent(int limit) {
    synchronized (recent) {
      List<JsonObject> all = new ArrayList<>(recent);
      return new JsonArray(
          new ArrayList<>(all.subList(Math.max(0, all.size() - limit), all.size())));
    }
  }

  private void rateLimited(String clientIp, String user, RateLimitDecision decision) {
    JsonObject details =
        new JsonObject()
            .put("policy", decision.policy().name())
            .put("retry_after_s", decision.retryAfterS());
    if (user != null) {
      details.put("user", user);
    }
    emit(
        new SecurityEvent(
            SecurityEvent.RATE_LIMITED, Severity.INFO, "ip:" + clientIp, details, clock.instant()));
  }

  private static Map<String, String> rateLimitHeaders(RateLimitDecision decision) {
    return decision.allowed()
        ? Map.of(
            "RateLimit-Policy", decision.policyHeader(), "RateLimit", decision.rateLimitHeader())
        : Map.of(
            "RateLimit-Policy",
            decision.policyHeader(),
            "RateLimit",
            decision.rateLimitHeader(),
            "Retry-After",
            decision.retryAfterHeader());
  }
}
