package io.antbot.web;

import io.antbot.service.Correlation;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The CORS policy of the HTTP edge, on only when {@code http.cors.allowed_origins} lists origins:
 * exact origins, the API's methods, the headers a browser client sends and the ones it may read. No
 * credentials (the API takes bearer tokens, not cookies), so no origin is ever answered with a
 * wildcard. A request whose {@code Origin} is not listed is failed by the handler with a 403,
 * without {@code Access-Control-*} headers.
 */
final class CorsPolicy {

  static final Set<HttpMethod> METHODS =
      new LinkedHashSet<>(
          List.of(
              HttpMethod.GET,
              HttpMethod.POST,
              HttpMethod.PUT,
              HttpMethod.PATCH,
              HttpMethod.DELETE,
              HttpMethod.OPTIONS));
  static final Set<String> ALLOWED_HEADERS =
      new LinkedHashSet<>(List.of("Authorization", "Content-Type", Correlation.HTTP_HEADER));
  static final Set<String> EXPOSED_HEADERS =
      new LinkedHashSet<>(
          List.of(Correlation.HTTP_HEADER, "RateLimit", "RateLimit-Policy", "Retry-After"));

  /** How long a browser may cache a preflight answer, in seconds. */
  static final int MAX_AGE_S = 600;

  private CorsPolicy() {}

  /**
   * Whether the request's {@code Origin} is the server's own (scheme, then the host and port the
   * request was sent to): a same-origin request, as the operator console's module scripts and API
   * calls are, which browsers send with an {@code Origin} too. It is not a CORS request, so the
   * allowed list does not apply to it.
   */
  static boolean sameOrigin(HttpServerRequest request, boolean tls) {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    HostAndPort authority = request.authority();
    if (origin == null || authority == null) {
      return false;
    }
    String scheme = tls ? "https" : "http";
    int port = authority.port();
    boolean defaultPort = port < 0 || port == (tls ? 443 : 80);
    String self = scheme + "://" + authority.host() + (defaultPort ? "" : ":" + port);
    return origin.equalsIgnoreCase(self);
  }

  static CorsHandler handler(List<String> origins) {
    return CorsHandler.create()
        .addOrigins(origins)
        .allowedMethods(METHODS)
        .allowedHeaders(ALLOWED_HEADERS)
        .exposedHeaders(EXPOSED_HEADERS)
        .allowCredentials(false)
        .maxAgeSeconds(MAX_AGE_S);
  }
}
