package io.antbot.vertx;

import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * The one place the runtime reaches into {@code io.vertx.core.internal}: Vert.x 5 keeps there what
 * its public API does not offer, and a Vert.x upgrade that moves any of it should touch this file
 * only. Each method says why it is needed. Everything else in the runtime uses the public API.
 */
public final class VertxInternals {

  private VertxInternals() {}

  /**
   * A duplicate of {@code context}: same event loop, its own context-local slots. Every bus message
   * a service handles and every correlated unit of a bot's work runs on one, so its correlation id
   * cannot leak into other work. The public API gives duplicates only to Vert.x's own request and
   * message handling.
   */
  public static Context duplicate(Context context) {
    return ((ContextInternal) context).duplicate();
  }

  /**
   * Runs {@code handler} with {@code message} on {@code context} now, when the caller is already on
   * its thread.
   */
  public static <T> void dispatch(Context context, T message, io.vertx.core.Handler<T> handler) {
    ((ContextInternal) context).dispatch(message, handler);
  }

  /**
   * A promise whose future completes on {@code context}: a result that arrives on another thread (a
   * bus reply, a worker) is handed back to the context of the request that waits for it. The public
   * {@link Promise#promise()} has no context.
   */
  public static <T> Promise<T> promise(Context context) {
    return ((ContextInternal) context).promise();
  }

  /**
   * Whether the calling thread is running {@code context} right now (not merely its event loop).
   */
  public static boolean isRunningOn(Context context) {
    return ((ContextInternal) context).isRunningOnContext();
  }

  /**
   * A new event-loop context that belongs to no verticle: the launcher undeploys services from it,
   * since a verticle's own context is closed while it is undeployed. No public API creates one.
   */
  public static Context newEventLoopContext(Vertx vertx) {
    return ((VertxInternal) vertx).createEventLoopContext();
  }

  /**
   * The duplicated context Vert.x runs {@code request} on (its handlers' {@code
   * Vertx.currentContext()}).
   */
  public static Context contextOf(HttpServerRequest request) {
    return ((HttpServerRequestInternal) request).context();
  }

  /**
   * A buffer over {@code bytes[0, length)} without copying: the Prometheus exposition is written
   * once into an array that the response then owns. The public {@code Buffer.buffer(byte[])}
   * copies.
   */
  public static Buffer wrap(byte[] bytes, int length) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes, 0, length));
  }

  /**
   * A path segment percent-decoded as vertx-web decodes a route's path parameter ({@code +} stays a
   * plus).
   *
   * @throws IllegalArgumentException when the percent-encoding is broken
   */
  public static String decodePathSegment(String segment) {
    return io.vertx.core.internal.net.RFC3986.decodeURIComponent(segment, false);
  }

  /**
   * Makes {@code connection} close after {@code idle} without traffic <em>either way</em>, where
   * the HTTP server closes a connection that <em>sends</em> nothing for that long ({@code
   * HttpServerOptions.setReadIdleTimeout}): for a stream the server writes and the client only
   * reads. The server watches reads alone because Netty's watch on writes adds a listener to the
   * write of every response (a promise and a callback: about 5 % of the API's throughput, measured
   * side by side); a stream swaps its connection's watcher for one that counts writes too. The
   * public API has no access to a connection's pipeline. Call on the connection's event loop.
   *
   * @return whether the watcher was swapped (false when the connection has no read-idle watcher)
   */
  public static boolean closeWhenSilentEitherWay(io.vertx.core.http.HttpConnection connection) {
    io.netty.channel.ChannelPipeline pipeline =
        ((io.vertx.core.net.impl.ConnectionBase) connection).channel().pipeline();
    if (!(pipeline.get(IDLE_HANDLER) instanceof io.netty.handler.timeout.IdleStateHandler watcher)
        || watcher.getAllIdleTimeInMillis() > 0
        || watcher.getReaderIdleTimeInMillis() <= 0) {
      return false;
    }
    pipeline.replace(
        watcher,
        IDLE_HANDLER,
        new io.netty.handler.timeout.IdleStateHandler(
            0, 0, watcher.getReaderIdleTimeInMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    return true;
  }

  /**
   * The textual address of the peer of {@code request}'s connection, as {@code
   * connection().remoteAddress().hostAddress()} gives it, or {@code null}. Vert.x formats the
   * address anew on each call (a string builder and a string per request); the text is kept on the
   * connection's channel after its first request. Call on the connection's event loop.
   */
  public static String remoteHostAddress(io.vertx.core.http.HttpServerRequest request) {
    io.netty.util.Attribute<String> kept = channelAttribute(request, REMOTE_HOST_ADDRESS);
    String text = kept == null ? null : kept.get();
    if (text == null) {
      io.vertx.core.net.SocketAddress remote = request.connection().remoteAddress();
      text = remote == null ? null : remote.hostAddress();
      if (text != null && kept != null) {
        kept.set(text);
      }
    }
    return text;
  }

  private static final io.netty.util.AttributeKey<String> REMOTE_HOST_ADDRESS =
      io.netty.util.AttributeKey.valueOf("antbot.remoteHostAddress");

  /**
   * What {@code derive} makes of {@code text}, kept on {@code request}'s connection under {@code
   * key} for the connection's next request that carries the same text (a client sends the same
   * credentials on every request of a connection): an equality test instead of deriving anew.
   * Without a channel to keep it on, derived each time. Call on the connection's event loop.
   *
   * @param text what the value is derived from, not {@code null}
   */
  public static <T> T perConnection(
      io.vertx.core.http.HttpServerRequest request,
      io.netty.util.AttributeKey<Derived<T>> key,
      String text,
      java.util.function.Function<String, T> derive) {
    io.netty.util.Attribute<Derived<T>> kept = channelAttribute(request, key);
    if (kept == null) {
      return derive.apply(text);
    }
    Derived<T> last = kept.get();
    if (last != null && last.text().equals(text)) {
      return last.value();
    }
    T value = derive.apply(text);
    kept.set(new Derived<>(text, value));
    return value;
  }

  /** A value {@link #perConnection} derived from {@code text}. */
  public record Derived<T>(String text, T value) {}

  /**
   * The attribute {@code key} of the Netty channel under {@code request}'s connection, or {@code
   * null} when the connection has no channel to keep it on. The public API has no access to it.
   */
  private static <T> io.netty.util.Attribute<T> channelAttribute(
      io.vertx.core.http.HttpServerRequest request, io.netty.util.AttributeKey<T> key) {
    return request.connection() instanceof io.vertx.core.net.impl.ConnectionBase base
        ? base.channel().attr(key)
        : null;
  }

  /** The name Vert.x gives the idle-timeout handler in a connection's pipeline. */
  private static final String IDLE_HANDLER = "idle";

  /**
   * The context-local slots of the runtime. Vert.x reserves a slot in the contexts of an instance
   * only when it is registered before the instance is built; it loads service providers while it
   * builds itself, so this provider (listed in {@code
   * META-INF/services/io.vertx.core.spi.VertxServiceProvider}) registers them by being loaded. A
   * slot is an array element per context; string-keyed context data would be a hash map per
   * request.
   */
  public static final class Slots implements VertxServiceProvider {
    /**
     * The correlation id of the work running on a context ({@code io.antbot.service.Correlation}).
     */
    public static final ContextLocal<String> CORRELATION_ID =
        ContextLocal.registerLocal(String.class);

    /**
     * The HTTP edge chain's state of the request running on a context ({@code
     * io.antbot.web.EdgeChain}).
     */
    public static final ContextLocal<Object> EDGE = ContextLocal.registerLocal(Object.class);

    /**
     * The API route found for the request running on a context ({@code io.antbot.web.ApiRouter}).
     */
    public static final ContextLocal<Object> API_ROUTE = ContextLocal.registerLocal(Object.class);

    @Override
    public void init(VertxBootstrap builder) {
      // Nothing to set up: loading this class registered the slots.
    }
  }

  /**
   * The Hazelcast instance under a Vert.x clustered on Hazelcast, or {@code null}: membership and
   * member attributes are Hazelcast's, the public Vert.x API gives node ids only.
   */
  public static com.hazelcast.core.HazelcastInstance hazelcast(Vertx vertx) {
    if (vertx.isClustered()
        && ((VertxInternal) vertx).clusterManager()
            instanceof io.vertx.spi.cluster.hazelcast.HazelcastClusterManager manager) {
      return manager.getHazelcastInstance();
    }
    return null;
  }
}
