package io.antbot.bridge;

import io.antbot.bus.Addresses;
import java.util.Map;
import java.util.Set;

/**
 * Which bus addresses a bridge client may use, how, and with which permission. An address not
 * listed is closed to the bridge whatever the principal holds: the bridge opens the bot-sized
 * calls, never the operator ones (users, tokens, audit, keys, config writes). Whether a principal
 * holds the permission is the security service's decision ({@code antbot.security.authorize}, with
 * the address as the resource), so a role's {@code !} denials apply here as on HTTP.
 */
final class BridgeAccess {

  /** What a frame does with an address. */
  enum Kind {
    /** {@code send}, with or without a reply address. */
    SEND,
    PUBLISH,
    /** {@code register}: receive what is published or sent there. */
    RECEIVE
  }

  /** The kinds allowed on one address and the permission they need. */
  private record Rule(Set<Kind> kinds, String permission) {}

  private static final Set<Kind> SEND = Set.of(Kind.SEND);

  /** A bot's permissions, as the shipped {@code bot} role grants them. */
  static final String CONFIG_READ = "config:read";

  static final String LOGS_WRITE = "logs:write";
  static final String METRICS_WRITE = "metrics:write";
  static final String RATE_LIMIT_CHECK = "ratelimit:check";
  static final String ALERTS_READ = "alerts:read";

  private static final Map<String, Rule> RULES =
      Map.ofEntries(
          Map.entry(Addresses.CONFIG_GET, new Rule(SEND, CONFIG_READ)),
          Map.entry(Addresses.CONFIG_SNAPSHOT, new Rule(SEND, CONFIG_READ)),
          Map.entry(Addresses.CONFIG_FEATURE, new Rule(SEND, CONFIG_READ)),
          Map.entry(Addresses.CONFIG_CHANGED, new Rule(Set.of(Kind.RECEIVE), CONFIG_READ)),
          Map.entry(Addresses.LOG_WRITE, new Rule(SEND, LOGS_WRITE)),
          Map.entry(Addresses.LOG_CORRELATION_START, new Rule(SEND, LOGS_WRITE)),
          Map.entry(Addresses.LOG_PERFORMANCE, new Rule(SEND, LOGS_WRITE)),
          Map.entry(Addresses.LOG_BATCH, new Rule(SEND, LOGS_WRITE)),
          Map.entry(Addresses.METRICS_OPERATION, new Rule(SEND, METRICS_WRITE)),
          Map.entry(Addresses.METRICS_TRADE, new Rule(SEND, METRICS_WRITE)),
          Map.entry(Addresses.METRICS_CAPITAL, new Rule(SEND, METRICS_WRITE)),
          Map.entry(Addresses.METRICS_COMPOUNDING, new Rule(SEND, METRICS_WRITE)),
          Map.entry(Addresses.METRICS_WORKERS, new Rule(SEND, METRICS_WRITE)),
          Map.entry(Addresses.METRICS_CUSTOM_SET, new Rule(SEND, METRICS_WRITE)),
          Map.entry(Addresses.METRICS_CUSTOM_INCREMENT, new Rule(SEND, METRICS_WRITE)),
          Map.entry(Addresses.METRICS_BATCH, new Rule(SEND, METRICS_WRITE)),
          Map.entry(Addresses.SECURITY_RATELIMIT_CHECK, new Rule(SEND, RATE_LIMIT_CHECK)),
          // A bot's announce and heartbeats are its telemetry; so is hearing that it was paused.
          Map.entry(Addresses.BOTS_ANNOUNCE, new Rule(SEND, METRICS_WRITE)),
          Map.entry(Addresses.BOTS_HEARTBEAT, new Rule(SEND, METRICS_WRITE)),
          Map.entry(Addresses.BOTS_COMMAND, new Rule(Set.of(Kind.RECEIVE), METRICS_WRITE)),
          Map.entry(Addresses.ALERTS, new Rule(Set.of(Kind.RECEIVE), ALERTS_READ)));

  private BridgeAccess() {}

  /**
   * The permission {@code kind} on {@code address} needs, or {@code null} when the bridge does not
   * open it at all.
   */
  static String permission(Kind kind, String address) {
    Rule rule = RULES.get(address);
    return rule != null && rule.kinds().contains(kind) ? rule.permission() : null;
  }
}
