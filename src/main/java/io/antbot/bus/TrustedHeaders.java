package io.antbot.bus;

import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * The message headers that say who sent a bus message, and the rule that makes them worth
 * believing.
 *
 * <p>Inside one JVM every verticle is trusted code: it could call any service directly, so these
 * headers are not a defence against it. They exist for the boundaries where untrusted senders reach
 * the bus — the HTTP edge today, the event-bus bridge and the cluster bus next. Every such boundary
 * removes all headers starting with {@value #RESERVED_PREFIX} from what it forwards ({@link
 * #strip}) and sets {@link #PRINCIPAL} itself from the identity it authenticated. Services then
 * take {@link #PRINCIPAL}, when present, as the actor of a change instead of an {@code actor} field
 * in the body, and believe an {@code antbot.config.changed} broadcast only when it carries {@link
 * #PUBLISHER} {@value #CONFIG_SERVICE}.
 */
public final class TrustedHeaders {

  /**
   * Every header with this prefix is set by the runtime only; boundaries strip it from what callers
   * send.
   */
  public static final String RESERVED_PREFIX = "antbot-";

  /** The authenticated principal (a user or a bot identity) on whose behalf the message is sent. */
  public static final String PRINCIPAL = RESERVED_PREFIX + "principal";

  /** The service that published an event. */
  public static final String PUBLISHER = RESERVED_PREFIX + "publisher";

  /** {@link #PUBLISHER} of {@code antbot.config.changed}. */
  public static final String CONFIG_SERVICE = "config";

  private TrustedHeaders() {}

  /**
   * Removes every reserved header from {@code headers} (what a boundary does to a caller's
   * message).
   */
  public static MultiMap strip(MultiMap headers) {
    headers.names().stream()
        .filter(name -> name.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length()))
        .toList()
        .forEach(headers::remove);
    return headers;
  }

  /** Delivery options carrying {@code principal} as {@link #PRINCIPAL}. */
  public static DeliveryOptions onBehalfOf(DeliveryOptions options, String principal) {
    return new DeliveryOptions(options).addHeader(PRINCIPAL, principal);
  }

  /**
   * The principal a message was sent for, or {@code null} when it came from trusted code without
   * one.
   */
  public static String principal(MultiMap headers) {
    return headers == null ? null : headers.get(PRINCIPAL);
  }
}
