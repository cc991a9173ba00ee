package io.antbot.service;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.shareddata.LocalMap;

/**
 * Reads stay on the node: in a cluster, a request to an address that a service of this node serves
 * is delivered to that service, not round-robin to any node that serves it (the clustered event
 * bus's default). A service's own node is the one whose configuration it was started with (its
 * ports, its directories), and the local answer needs no network hop. Bots on a node without the
 * service still reach it on any node.
 *
 * <p>Vert.x offers no "prefer local" delivery, so services record the addresses they serve here
 * ({@link ServiceVerticle#handle}) and callers ask for {@link #options}: a copy of their delivery
 * options with {@code localOnly} when this node serves the address. Not clustered, nothing is
 * recorded and the options are returned as given.
 */
public final class NodeLocal {

  private static final String MAP = "antbot.node-local.addresses";
  private static final DeliveryOptions DEFAULT = new DeliveryOptions();

  private NodeLocal() {}

  /** Records that a consumer on this node serves {@code address} (clustered only). */
  public static void served(Vertx vertx, String address) {
    if (vertx.isClustered()) {
      addresses(vertx).merge(address, 1, Integer::sum);
    }
  }

  /** Undoes one {@link #served}. */
  public static void unserved(Vertx vertx, String address) {
    if (vertx.isClustered()) {
      addresses(vertx).computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }
  }

  /** Whether a service of this node serves {@code address}. */
  public static boolean isServed(Vertx vertx, String address) {
    return vertx.isClustered() && addresses(vertx).containsKey(address);
  }

  /**
   * {@code base}, or a copy of it delivered on this node only when this node serves the address.
   */
  public static DeliveryOptions options(Vertx vertx, String address, DeliveryOptions base) {
    if (!vertx.isClustered() || !addresses(vertx).containsKey(address)) {
      return base;
    }
    return new DeliveryOptions(base).setLocalOnly(true);
  }

  /** Default delivery options, local when this node serves the address. */
  public static DeliveryOptions options(Vertx vertx, String address) {
    return options(vertx, address, DEFAULT);
  }

  private static LocalMap<String, Integer> addresses(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }
}
