package io.antbot.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * A failure that carries one of the shared {@link FailureCode}s and a text meant for the caller.
 *
 * <p>Service handlers throw it (or fail their future with it); the bus wrapper turns it into {@code
 * message.fail(code, text)}. Clients receive a {@link ReplyException}; {@link #from(Throwable)}
 * maps it back.
 */
public class BusException extends RuntimeException {

  private final FailureCode code;

  public BusException(FailureCode code, String text) {
    super(text, null, false, false);
    this.code = code;
  }

  public FailureCode code() {
    return code;
  }

  public static BusException badRequest(String text) {
    return new BusException(FailureCode.BAD_REQUEST, text);
  }

  public static BusException notFound(String text) {
    return new BusException(FailureCode.NOT_FOUND, text);
  }

  public static BusException conflict(String text) {
    return new BusException(FailureCode.CONFLICT, text);
  }

  public static BusException forbidden(String text) {
    return new BusException(FailureCode.FORBIDDEN, text);
  }

  public static BusException unauthenticated(String text) {
    return new BusException(FailureCode.UNAUTHENTICATED, text);
  }

  public static BusException notReady(String text) {
    return new BusException(FailureCode.NOT_READY, text);
  }

  public static BusException internal(String text) {
    return new BusException(FailureCode.INTERNAL, text);
  }

  /**
   * The shared-code view of any failure: a {@code BusException} as is; a {@link ReplyException} by
   * its {@code failureType()} first (no handler → 503, timeout → 503) and then its {@code
   * failureCode()}; anything else as a 500 with a generic text (the caller never sees a stack
   * trace).
   */
  public static BusException from(Throwable failure) {
    if (failure instanceof BusException bus) {
      return bus;
    }
    if (failure instanceof ReplyException reply) {
      ReplyFailure type = reply.failureType();
      if (type == ReplyFailure.NO_HANDLERS) {
        return new BusException(
            FailureCode.NOT_READY, "no service listens on this address: " + reply.getMessage());
      }
      if (type == ReplyFailure.TIMEOUT) {
        return new BusException(FailureCode.NOT_READY, "the service did not answer in time");
      }
      return new BusException(FailureCode.of(reply.failureCode()), reply.getMessage());
    }
    return new BusException(FailureCode.INTERNAL, "internal error");
  }
}
