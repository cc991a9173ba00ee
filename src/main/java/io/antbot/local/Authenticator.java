package io.antbot.local;

import io.antbot.bus.Principal;
import io.vertx.core.Future;
import io.vertx.core.shareddata.Shareable;

/**
 * The security service's {@code antbot.security.authenticate} as a local call, published under
 * {@link LocalServices#AUTHENTICATOR}: the bridge of the same Vert.x instance checks a connection's
 * token (and re-checks it every few seconds) without a bus round trip. The same checks as the bus
 * address: signature and claims, revocation, the user still enabled; a refusal is published as
 * {@code authentication_failed}.
 *
 * <p>Safe to call from any event loop; never blocks (a verification that needs a worker completes
 * the future later).
 */
public interface Authenticator extends Shareable {

  /**
   * The principal of {@code token}, or a failed future with the 401 {@link
   * io.antbot.bus.BusException} the bus would answer.
   */
  Future<Principal> authenticate(String sourceIp, String token, String userAgent);
}
