package io.antbot.local;

import io.vertx.core.Future;
import io.vertx.core.shareddata.Shareable;

/**
 * The security service's decisions for each HTTP request, as an object the HTTP verticle calls
 * in-process (found through {@link LocalServices#EDGE_GATE}). The same decisions are served on the
 * bus at {@link Addresses#SECURITY_EDGE_ADMIT} and {@link Addresses#SECURITY_EDGE_INSPECT} for an
 * edge running elsewhere; in-process they cost no serialisation and no hop to another event loop,
 * which is most of a request's cost.
 *
 * <p>Implementations are safe to call from any event loop, never block, and do their auditing on
 * the security service's own context.
 */
public interface EdgeGate extends Shareable {

  /**
   * IP lists and rate limits, before the body is read. In-process the future is already complete
   * when this returns. Fails only for an internal error; a refusal is a decision.
   */
  Future<EdgeDecision> admit(String remoteIp, String forwardedFor, String routeClass);

  /**
   * Threat scan, authentication and the permission check, after the body is read. In the common
   * case (a clean request with a token seen before) the future is already complete when this
   * returns. Fails only for an internal error; a refusal is a decision.
   */
  Future<EdgeDecision> inspect(EdgeInspection request);
}
