package io.antbot.bridge;

import io.antbot.bus.Addresses;
import io.antbot.bus.CustomCounterIncrement;
import io.antbot.bus.CustomGaugeSet;
import io.antbot.service.ConfigFollower;
import io.antbot.service.NodeLocal;
import io.antbot.service.ServiceVerticle;
import io.vertx.core.Future;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge: bots in any language reach the bus with Vert.x's standard TCP bridge
 * protocol (4-byte big-endian length, then a JSON frame), each connection authenticated by a bearer
 * token and each frame authorized by its address ({@link BridgeAccess}).
 *
 * <p>Built on a plain {@link NetServer} rather than on {@code vertx-tcp-eventbus-bridge} 5.0.8:
 * that module stalls a connection for good after a frame of unknown type (upstream issue #58), sees
 * no socket-created events, checks outbound rights only at register time and forwards every client
 * header to consumers; hardening around it would mean replacing its parser, its dispatch and its
 * permission checks, which is all it does. The protocol is the module's, so its clients work.
 *
 * <p>Its counters ({@code bridge_connections}, {@code bridge_frames_total}, {@code
 * bridge_rejected_total}, {@code bridge_dropped_total}) reach {@code /metrics} through the metrics
 * service's custom-metric addresses, flushed every {@value #FLUSH_MS} ms.
 */
public class BridgeVerticle extends ServiceVerticle {

  /** The service's name, and the configuration section it reads. */
  public static final String SERVICE = "bridge";

  private static final Logger log = LoggerFactory.getLogger(BridgeVerticle.class);
  static final long FLUSH_MS = 5_000;

  private BridgeOptions options;
  private NetServer server;
  private final Set<BridgeConnection> connections = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> frames = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> rejected = new ConcurrentHashMap<>();
  private final AtomicLong dropped = new AtomicLong();
  private long flushTimer = -1;

  public BridgeVerticle() {
    super(SERVICE);
  }

  @Override
  protected Future<?> startService() {
    return ConfigFollower.open(vertx, SERVICE)
        .map(config -> BridgeOptions.fromJson(config.section()))
        .compose(
            read -> {
              options = read;
              if (!options.enabled()) {
                log.info("bridge off (bridge.enabled is false)");
                return Future.succeededFuture();
              }
              return listen();
            });
  }

  private Future<Void> listen() {
    NetServerOptions serverOptions =
        new NetServerOptions()
            .setHost(options.host())
            .setPort(options.port())
            .setIdleTimeout(options.idleTimeoutS())
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            .setTcpNoDelay(true);
    if (options.tls()) {
      serverOptions
          .setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions().setCertPath(options.tlsCert()).setKeyPath(options.tlsKey()))
          .setEnabledSecureTransportProtocols(tlsVersions(options.tlsMinVersion()));
      if (options.clientCertificates()) {
        // Mutual TLS: the handshake fails for a client without a certificate of these CAs.
        serverOptions
            .setClientAuth(ClientAuth.REQUIRED)
            .setTrustOptions(new PemTrustOptions().addCertPath(options.tlsClientCa()));
      }
    }
    server = vertx.createNetServer(serverOptions).connectHandler(this::accept);
    return server
        .listen()
        .recover(
            failure ->
                Future.failedFuture(
                    new IllegalStateException(
                        "cannot listen on "
                            + options.host()
                            + ":"
                            + options.port()
                            + ": "
                            + failure.getMessage())))
        .map(
            bound -> {
              log.info(
                  "bridge listening on {}:{}{}",
                  options.host(),
                  bound.actualPort(),
                  options.clientCertificates()
                      ? " (TLS, client certificates required)"
                      : options.tls() ? " (TLS)" : "");
              flushTimer = vertx.setPeriodic(FLUSH_MS, id -> flush());
              return null;
            });
  }

  private static Set<String> tlsVersions(String oldest) {
    List<String> all = List.of("TLSv1.2", "TLSv1.3");
    return new LinkedHashSet<>(all.subList(Math.max(all.indexOf(oldest), 0), all.size()));
  }

  private void accept(NetSocket socket) {
    if (connections.size() >= options.maxConnections()) {
      count(rejected, "connections");
      socket.close();
      return;
    }
    BridgeConnection connection =
        new BridgeConnection(
            vertx,
            socket,
            options,
            new BridgeConnection.Counters() {
              @Override
              public void frame(String type) {
                count(frames, type);
              }

              @Override
              public void rejected(String reason) {
                count(rejected, reason);
              }

              @Override
              public void dropped() {
                dropped.incrementAndGet();
              }
            });
    connections.add(connection);
    connection.start(() -> connections.remove(connection));
  }

  private static void count(Map<String, AtomicLong> counters, String key) {
    counters.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  /** Sends what was counted since the last flush to the metrics service. */
  private void flush() {
    send(
        Addresses.METRICS_CUSTOM_SET,
        new CustomGaugeSet(
                "bridge_connections",
                connections.size(),
                Map.of(),
                "Open connections of the TCP event-bus bridge")
            .toJson());
    flushCounters(frames, "bridge_frames_total", "type", "Frames received by the bridge, by type");
    flushCounters(
        rejected,
        "bridge_rejected_total",
        "reason",
        "Frames and connections the bridge refused, by reason");
    long lost = dropped.getAndSet(0);
    if (lost > 0) {
      send(
          Addresses.METRICS_CUSTOM_INCREMENT,
          new CustomCounterIncrement(
                  "bridge_dropped_total",
                  lost,
                  Map.of(),
                  "Pushed messages dropped for readers too slow to take them")
              .toJson());
    }
  }

  private void flushCounters(
      Map<String, AtomicLong> counters, String name, String label, String description) {
    counters.forEach(
        (key, count) -> {
          long delta = count.getAndSet(0);
          if (delta > 0) {
            send(
                Addresses.METRICS_CUSTOM_INCREMENT,
                new CustomCounterIncrement(name, delta, Map.of(label, key), description).toJson());
          }
        });
  }

  private void send(String address, JsonObject body) {
    vertx
        .eventBus()
        .request(address, body, NodeLocal.options(vertx, address))
        .onFailure(failure -> log.debug("bridge counters not recorded: {}", failure.getMessage()));
  }

  /** The port the bridge listens on, or -1 when it does not. */
  public int port() {
    return server == null ? -1 : server.actualPort();
  }

  @Override
  protected JsonObject details() {
    JsonObject details =
        new JsonObject()
            .put("listening", server != null)
            .put("port", port())
            .put("connections", connections.size());
    Map<String, Integer> users = new java.util.TreeMap<>();
    for (BridgeConnection connection : connections) {
      if (connection.user() != null) {
        users.merge(connection.user(), 1, Integer::sum);
      }
    }
    details.put("users", new JsonObject(new java.util.LinkedHashMap<>(users)));
    return details;
  }

  @Override
  protected Future<?> stopService() {
    vertx.cancelTimer(flushTimer);
    connections.forEach(BridgeConnection::close);
    return server == null ? Future.succeededFuture() : server.close();
  }
}
