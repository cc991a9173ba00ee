package io.antbot.bus;

/**
 * Every event-bus address of the runtime, declared once.
 *
 * <p>Addresses follow {@code antbot.<service>.<operation>}. Request/reply addresses take and return
 * JSON objects with snake_case fields; the publish-only addresses ({@link #CONFIG_CHANGED}, {@link
 * #CONFIG_REJECTED}, {@link #ALERTS}, {@link #SECURITY_EVENTS}, {@link #LAUNCHER_LIFECYCLE}) carry
 * events and expect no reply.
 */
public final class Addresses {

  private Addresses() {}

  /** The status address of a service: {@code antbot.<service>.status}. */
  public static String status(String service) {
    return "antbot." + service + ".status";
  }

  // Launcher
  /**
   * Published by the launcher: {@code {service, event: deploying|deployed|undeployed|failed, at}}.
   */
  public static final String LAUNCHER_LIFECYCLE = "antbot.launcher.lifecycle";

  // Bots (served by the metrics service)
  /** A bot starts: {@link BotReport} → {@code {}}. The launcher announces the bots it deploys. */
  public static final String BOTS_ANNOUNCE = "antbot.bots.announce";

  /** A bot is alive: {@link BotReport} → {@code {paused}} (whether an operator paused it). */
  public static final String BOTS_HEARTBEAT = "antbot.bots.heartbeat";

  /** A bot stopped: {@code {name, node}} → {@code {}}. */
  public static final String BOTS_STOPPED = "antbot.bots.stopped";

  /**
   * {@code {}} → {@code {bots: [{name, node, kind, version, started_at, last_heartbeat_at,
   * last_loop_at, loop_ms, paused, status: running|paused|stale|stopped}]}}.
   */
  public static final String BOTS_LIST = "antbot.bots.list";

  /** {@code {name, actor?}} → {@code {name, paused: true, bots: n}}: every bot of that name. */
  public static final String BOTS_PAUSE = "antbot.bots.pause";

  /** {@code {name, actor?}} → {@code {name, paused: false, bots: n}}. */
  public static final String BOTS_RESUME = "antbot.bots.resume";

  /** Published on pause and resume: {@code {name, command: pause|resume, at}}. */
  public static final String BOTS_COMMAND = "antbot.bots.command";

  // Cluster
  /**
   * {@code {}} → {@code {cluster, clustered, node, members: [{node_name, role, address, version,
   * up_since, local}]}}: the members as this node sees them (each node answers for itself).
   */
  public static final String CLUSTER_MEMBERS = "antbot.cluster.members";

  /**
   * Published on each node, for that node only, when a member joins or leaves: {@code {event:
   * joined|left, node_name, address, members, at}}.
   */
  public static final String CLUSTER_MEMBERSHIP = "antbot.cluster.membership";

  // Config
  public static final String CONFIG_STATUS = status(Services.CONFIG);
  public static final String CONFIG_GET = "antbot.config.get";
  public static final String CONFIG_SNAPSHOT = "antbot.config.snapshot";

  /** {@code {}} → {@link ConfigRuntime}: the environment, configuration directory and node. */
  public static final String CONFIG_RUNTIME = "antbot.config.runtime";

  public static final String CONFIG_SET = "antbot.config.set";
  public static final String CONFIG_UNSET = "antbot.config.unset";
  public static final String CONFIG_HISTORY = "antbot.config.history";
  public static final String CONFIG_REVERT = "antbot.config.revert";
  public static final String CONFIG_VALIDATE = "antbot.config.validate";
  public static final String CONFIG_FEATURE = "antbot.config.feature";

  /**
   * {@code {}} → {@code {rules: [{path, type, min?, max?, enum?, pattern?, secret?, live, override,
   * default?, description?}]}}: the schema the configuration is validated against.
   */
  public static final String CONFIG_SCHEMA = "antbot.config.schema";

  public static final String CONFIG_CHANGED = "antbot.config.changed";
  public static final String CONFIG_REJECTED = "antbot.config.rejected";

  // Security
  public static final String SECURITY_STATUS = status(Services.SECURITY);
  public static final String SECURITY_LOGIN = "antbot.security.login";
  public static final String SECURITY_TOKEN_ISSUE = "antbot.security.token.issue";
  public static final String SECURITY_TOKEN_REFRESH = "antbot.security.token.refresh";
  public static final String SECURITY_TOKEN_REVOKE = "antbot.security.token.revoke";
  public static final String SECURITY_AUTHENTICATE = "antbot.security.authenticate";
  public static final String SECURITY_AUTHORIZE = "antbot.security.authorize";
  public static final String SECURITY_PASSWORD_HASH = "antbot.security.password.hash";
  public static final String SECURITY_PASSWORD_VERIFY = "antbot.security.password.verify";
  public static final String SECURITY_ENCRYPT = "antbot.security.encrypt";
  public static final String SECURITY_DECRYPT = "antbot.security.decrypt";
  public static final String SECURITY_RSA_ENCRYPT = "antbot.security.rsa.encrypt";
  public static final String SECURITY_RSA_DECRYPT = "antbot.security.rsa.decrypt";
  public static final String SECURITY_SCAN = "antbot.security.scan";
  public static final String SECURITY_RATELIMIT_CHECK = "antbot.security.ratelimit.check";
  public static final String SECURITY_AUDIT_QUERY = "antbot.security.audit.query";
  public static final String SECURITY_AUDIT_VERIFY = "antbot.security.audit.verify";
  public static final String SECURITY_USERS_LIST = "antbot.security.users.list";
  public static final String SECURITY_USERS_ADD = "antbot.security.users.add";
  public static final String SECURITY_USERS_UPDATE = "antbot.security.users.update";

  /**
   * Request: {@code {username, actor?}} → {@code {user, unlocked}}: lifts every login lock of a
   * user name.
   */
  public static final String SECURITY_USERS_UNLOCK = "antbot.security.users.unlock";

  public static final String SECURITY_JWKS = "antbot.security.jwks";

  /** Request: {@code {token}} → {@code {token}}, a Fernet token moved to the newest key. */
  public static final String SECURITY_REENCRYPT = "antbot.security.reencrypt";

  /**
   * Request: {@code {kind: jwt | fernet}} → {@code {kind, key_id}}, a new signing or encryption
   * key.
   */
  public static final String SECURITY_KEYS_ROTATE = "antbot.security.keys.rotate";

  public static final String SECURITY_EVENTS = "antbot.security.events";

  /** Recent security events: {@code {limit?}} → {@code {events}}. */
  public static final String SECURITY_EVENTS_QUERY = "antbot.security.events.query";

  /**
   * Edge chain, first step (before the body is read): IP lists and rate limits. {@code {remote_ip,
   * forwarded_for?, route_class}} → {@code {allowed, client_ip, status?, detail?, headers}}.
   */
  public static final String SECURITY_EDGE_ADMIT = "antbot.security.edge.admit";

  /**
   * Edge chain, second step (after the body is read): threat scan, then JWT authentication and the
   * permission check. {@code {client_ip, method, path, query, headers, body?, token?, user_agent?,
   * action?, resource?}} → {@code {allowed, status?, detail?, principal?}}.
   */
  public static final String SECURITY_EDGE_INSPECT = "antbot.security.edge.inspect";

  /**
   * In a cluster, the prefix of one core node's configuration address: {@code <prefix><member id>},
   * {@code {version}} → {@code {version}}, answered once that node serves the version (or a later
   * one). The node that acknowledges a configuration write asks every other node there first, so
   * that every core node serves the version from the write's reply on.
   */
  public static final String CONFIG_CONFIRM = "antbot.config.confirm.";

  /**
   * In a cluster, the prefix of one core node's revocation address: {@code <prefix><member id>},
   * {@code {revoked: {jti: expiry}}} → {@code {accepted}}. The node that acknowledges a revocation
   * hands it to every other node there and waits for the answers, so that the token is refused
   * everywhere from its reply on.
   */
  public static final String SECURITY_REVOCATION_CONFIRM = "antbot.security.revocation.confirm.";

  /**
   * In a cluster, the prefix of one core node's account address: {@code <prefix><member id>},
   * {@code {user: stored account}} → {@code {}}. The node that acknowledges an account change hands
   * it to every other node there and waits for the answers (a disabled account is refused
   * everywhere, a new one logs in anywhere, from the reply on).
   */
  public static final String SECURITY_USER_CONFIRM = "antbot.security.user.confirm.";

  /**
   * In a cluster, the prefix of one core node's login-lock address: {@code <prefix><member id>},
   * {@code {subject, until}} (epoch ms; 0 lifts the lock) → {@code {}}. The node that locks a login
   * subject (or lifts a lock by hand) hands it to every other node there and waits for the answers
   * before it replies, so that the lock holds everywhere from its reply on.
   */
  public static final String SECURITY_LOCKOUT_CONFIRM = "antbot.security.lockout.confirm.";

  // Logging
  public static final String LOG_STATUS = status(Services.LOGGING);
  public static final String LOG_WRITE = "antbot.log.write";

  /**
   * {@link TelemetryBatch} of {@code antbot.log.write} bodies → {@code {logged, filtered,
   * refused}}: what a {@code LogClient} on another node sends instead of one message per line.
   */
  public static final String LOG_BATCH = "antbot.log.batch";

  public static final String LOG_CORRELATION_START = "antbot.log.correlation.start";
  public static final String LOG_PERFORMANCE = "antbot.log.performance";
  public static final String LOG_QUERY = "antbot.log.query";
  public static final String LOG_LEVEL_SET = "antbot.log.level.set";
  public static final String LOG_LEVEL_GET = "antbot.log.level.get";

  // Metrics
  public static final String METRICS_STATUS = status(Services.METRICS);
  public static final String METRICS_OPERATION = "antbot.metrics.operation";
  public static final String METRICS_TRADE = "antbot.metrics.trade";

  /**
   * {@link TelemetryBatch} of {@code {address, body}} records for the record addresses (operation,
   * trade, capital, compounding, workers, custom set and increment) → {@code {applied, refused}}:
   * what a {@code MetricsClient} on another node sends instead of one request per record.
   */
  public static final String METRICS_BATCH = "antbot.metrics.batch";

  /** {@code {total, available?, allocated?}}: capital under management. */
  public static final String METRICS_CAPITAL = "antbot.metrics.capital";

  /**
   * {@code {layer: 1..5, rate?, efficiency?}}: one compounding layer's rate and efficiency score.
   */
  public static final String METRICS_COMPOUNDING = "antbot.metrics.compounding";

  /** {@code {active, efficiency?, pool?}}: active workers of a pool and their efficiency. */
  public static final String METRICS_WORKERS = "antbot.metrics.workers";

  public static final String METRICS_CUSTOM_SET = "antbot.metrics.custom.set";
  public static final String METRICS_CUSTOM_INCREMENT = "antbot.metrics.custom.increment";
  public static final String METRICS_ALERT_ADD = "antbot.metrics.alert.add";
  public static final String METRICS_ALERT_REMOVE = "antbot.metrics.alert.remove";
  public static final String METRICS_ALERT_LIST = "antbot.metrics.alert.list";
  public static final String METRICS_HEALTH = "antbot.metrics.health";
  public static final String METRICS_SYSTEM = "antbot.metrics.system";
  public static final String METRICS_SCRAPE = "antbot.metrics.scrape";

  /**
   * {@link MetricsHistoryRequest} → the last hour of {@link MetricsHistoryPoint}s, sampled every
   * few seconds.
   */
  public static final String METRICS_HISTORY = "antbot.metrics.history";

  // HTTP
  public static final String HTTP_STATUS = status(Services.HTTP);

  /** Request: stop accepting HTTP connections (first step of a shutdown). */
  public static final String HTTP_DRAIN = "antbot.http.drain";

  /**
   * Published by any service: {@code {id, source, name, severity, state: firing|resolved, message,
   * at}}.
   */
  public static final String ALERTS = "antbot.alerts";
}
