package io.antbot.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The operator console: static files from the jar under {@code /console/}, and {@code /} sent
 * there.
 *
 * <p>The files pass the edge chain's admission (IP lists, rate limits) as API requests do; they
 * need no token, since the page itself signs in and calls {@code /api/v1} with the token it holds
 * in memory. Every answer under {@code /console} carries a Content-Security-Policy that lets the
 * page load only its own files and talk only to its own origin: no inline script or style, no
 * {@code eval}, no plugin, no framing.
 */
final class ConsoleRoutes {

  /** Where the console's files live on the class path (inside the jar). */
  static final String WEBROOT = "io/antbot/web/console";

  static final String PATH = "/console/";

  /**
   * Only this origin, for everything; {@code connect-src} names it for the API calls and the event
   * stream, and {@code form-action} keeps the sign-in form from posting anywhere else.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
          + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
          + "form-action 'self'; frame-ancestors 'none'";

  private ConsoleRoutes() {}

  /** Adds {@code GET /} (a redirect) and {@code /console/*} to {@code router}. */
  static void mount(Router router, Vertx vertx, HttpOptions options) {
    EdgeChain edge = new EdgeChain(vertx, options.requestTimeoutMs());
    StaticHandler files =
        StaticHandler.create(WEBROOT)
            .setIndexPage("index.html")
            .setDirectoryListing(false)
            .setIncludeHidden(false)
            .setCachingEnabled(false)
            .setDefaultContentEncoding("UTF-8");
    // vertx-web lets "/console" match "/console/" as well: only the bare path is sent on.
    router.get("/").handler(ConsoleRoutes::redirect);
    router.getWithRegex("/console").handler(ConsoleRoutes::redirect);
    router
        .route(PATH + "*")
        .handler(edge.admitting(ApiRoutes.API))
        .handler(ConsoleRoutes::policy)
        .handler(files);
  }

  private static void redirect(RoutingContext ctx) {
    ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, PATH).end();
  }

  /**
   * The console's headers; the request, paused by the admission step until a body handler would
   * resume it, is resumed here since a file request has no body to wait for.
   */
  private static void policy(RoutingContext ctx) {
    ctx.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.request().resume();
    ctx.next();
  }
}
