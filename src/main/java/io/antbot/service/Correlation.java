package io.antbot.service;

import io.antbot.vertx.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The correlation id that follows one piece of work across HTTP and every bus hop.
 *
 * <p>The id lives in a context-local slot of the Vert.x (duplicated) context that handles a request
 * or message, so code running there — including future callbacks — sees it through {@link
 * #current()} without passing it by hand. An outbound interceptor ({@link #install(Vertx)}) copies
 * it into the {@value #HEADER} header of every message sent from such a context; the service
 * wrapper reads it back on the receiving side, so the id survives any number of hops.
 */
public final class Correlation {

  /** The bus header; HTTP uses {@value #HTTP_HEADER}. */
  public static final String HEADER = "correlation-id";

  public static final String HTTP_HEADER = "X-Correlation-Id";

  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
  private static final String INSTALLED_KEY = "antbot.correlation.installed";

  private Correlation() {}

  /**
   * A new random id: 32 lowercase hex digits (128 bits), the W3C trace-id shape. Ids label work,
   * they guard nothing, so a fast non-cryptographic generator is enough (SecureRandom would cost a
   * lock and microseconds per message).
   */
  public static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] id = new byte[32];
    hex(random.nextLong(), id, 0);
    hex(random.nextLong(), id, 16);
    return new String(id, StandardCharsets.ISO_8859_1);
  }

  private static void hex(long value, byte[] into, int at) {
    for (int i = 15; i >= 0; i--) {
      into[at + i] = HEX_DIGITS[(int) (value & 0xf)];
      value >>>= 4;
    }
  }

  /**
   * Whether an id received from outside is acceptable as is: 1 to 128 characters of {@code
   * [A-Za-z0-9._:-]}, so it can forge neither a header nor a log line. Anything else is replaced by
   * a new id.
   */
  public static boolean isValid(String id) {
    if (id == null || id.isEmpty() || id.length() > 128) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The id of the work running on the current context, or {@code null} outside of any. */
  public static String current() {
    Context context = Vertx.currentContext();
    return context == null ? null : get(context);
  }

  public static String get(Context context) {
    return VertxInternals.Slots.CORRELATION_ID.get(context);
  }

  /**
   * Binds {@code id} to {@code context}, which should be a duplicated context owned by one request
   * or message.
   */
  public static void bind(Context context, String id) {
    VertxInternals.Slots.CORRELATION_ID.put(context, id);
  }

  /**
   * Extracts the trace id of a W3C {@code traceparent} header ({@code 00-<32 hex>-<16 hex>-<2
   * hex>}), or {@code null} when the header is absent or malformed.
   */
  public static String fromTraceparent(String traceparent) {
    if (traceparent == null) {
      return null;
    }
    String[] parts = traceparent.trim().split("-");
    if (parts.length < 4
        || parts[1].length() != 32
        || !parts[1].matches("[0-9a-f]{32}")
        || parts[1].matches("0{32}")) {
      return null;
    }
    return parts[1];
  }

  /** Adds the outbound interceptor to this Vert.x instance's event bus, once. */
  public static void install(Vertx vertx) {
    if (vertx.sharedData().getLocalMap(INSTALLED_KEY).putIfAbsent("installed", Boolean.TRUE)
        != null) {
      return;
    }
    vertx.eventBus().addOutboundInterceptor(Correlation::stamp);
  }

  private static void stamp(DeliveryContext<Object> delivery) {
    String id = current();
    if (id != null && delivery.message().headers().get(HEADER) == null) {
      delivery.message().headers().add(HEADER, id);
    }
    delivery.next();
  }
}
