package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.Addresses;
import io.antbot.testing.TestConf;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the HTTP edge over real connections to 127.0.0.1: HTTPS with HSTS, HTTP/2 through ALPN,
 * HTTP/1.1 keep-alive, the TLS version floor, and a start that fails with one line naming the file
 * when the key or certificate is wrong. Config and HTTP services only; the certificate is a
 * throwaway self-signed one made for each test.
 */
@ExtendWith(VertxExtension.class)
class TlsHttpTest {

  private static final String HSTS = "max-age=31536000; includeSubDomains";

  @TempDir Path dir;

  private Path conf;
  private SelfSignedPem pem;

  @BeforeEach
  void files() {
    conf = TestConf.copyIsolated(dir.resolve("conf"));
    pem = SelfSignedPem.create(dir.resolve("tls"));
  }

  /**
   * Deploys config and HTTP with these {@code http} overrides (port 0 added) and answers the port.
   */
  private Future<Integer> start(Vertx vertx, JsonObject http) {
    JsonObject overrides = new JsonObject().put("http", http.copy().put("port", 0));
    return TestConf.deployConfig(vertx, conf, "staging", overrides)
        .compose(id -> vertx.deployVerticle(new HttpVerticle()))
        .compose(
            id -> vertx.eventBus().<JsonObject>request(Addresses.HTTP_STATUS, new JsonObject()))
        .map(status -> status.body().getJsonObject("details").getInteger("port"));
  }

  private JsonObject tls(Path cert, Path key) {
    return new JsonObject()
        .put("tls", new JsonObject().put("cert", cert.toString()).put("key", key.toString()));
  }

  private static WebClient httpsClient(Vertx vertx, int port, HttpVersion version) {
    return WebClient.create(
        vertx,
        new WebClientOptions()
            .setDefaultHost("127.0.0.1")
            .setDefaultPort(port)
            .setSsl(true)
            .setTrustAll(true)
            .setVerifyHost(false)
            .setProtocolVersion(version)
            .setUseAlpn(version == HttpVersion.HTTP_2));
  }

  @Test
  @DisplayName(
      "over h2 a request with two Authorization headers is a 400 problem; the connection's next"
          + " stream is answered")
  void http2AmbiguousHeaders(Vertx vertx, VertxTestContext test) {
    start(vertx, tls(pem.cert(), pem.key()))
        .compose(
            port -> {
              WebClient client = httpsClient(vertx, port, HttpVersion.HTTP_2);
              var twice = client.get("/health/live");
              twice.headers().add("Authorization", "Bearer a").add("Authorization", "Bearer b");
              return twice
                  .send()
                  .compose(
                      refused ->
                          client.get("/health/live").send().map(next -> List.of(refused, next)));
            })
        .onComplete(
            test.succeeding(
                both ->
                    test.verify(
                        () -> {
                          HttpResponse<Buffer> refused = both.get(0);
                          assertThat(refused.version()).isEqualTo(HttpVersion.HTTP_2);
                          assertThat(refused.statusCode()).isEqualTo(400);
                          assertThat(refused.getHeader("Content-Type"))
                              .isEqualTo(Problem.CONTENT_TYPE);
                          assertThat(refused.bodyAsJsonObject().getString("detail"))
                              .isEqualTo("more than one Authorization header");
                          assertThat(both.get(1).statusCode()).isEqualTo(200);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "with a PEM key and certificate the server speaks HTTPS, and every answer carries HSTS")
  void https(Vertx vertx, VertxTestContext test) {
    start(vertx, tls(pem.cert(), pem.key()))
        .compose(port -> httpsClient(vertx, port, HttpVersion.HTTP_1_1).get("/health/live").send())
        .onComplete(
            test.succeeding(
                response ->
                    test.verify(
                        () -> {
                          assertThat(response.statusCode()).isEqualTo(200);
                          assertThat(response.version()).isEqualTo(HttpVersion.HTTP_1_1);
                          assertThat(response.getHeader("Strict-Transport-Security"))
                              .isEqualTo(HSTS);
                          assertThat(response.getHeader("X-Content-Type-Options"))
                              .isEqualTo("nosniff");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "an HTTP/2 client negotiates h2 through ALPN; a 404 over h2 is still problem+json with HSTS")
  void http2(Vertx vertx, VertxTestContext test) {
    start(vertx, tls(pem.cert(), pem.key()))
        .compose(
            port -> {
              WebClient client = httpsClient(vertx, port, HttpVersion.HTTP_2);
              return Future.all(client.get("/health/live").send(), client.get("/nowhere").send());
            })
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          HttpResponse<Buffer> live = all.resultAt(0);
                          HttpResponse<Buffer> missing = all.resultAt(1);
                          assertThat(live.version()).isEqualTo(HttpVersion.HTTP_2);
                          assertThat(live.statusCode()).isEqualTo(200);
                          assertThat(live.getHeader("Strict-Transport-Security")).isEqualTo(HSTS);
                          assertThat(missing.version()).isEqualTo(HttpVersion.HTTP_2);
                          assertThat(missing.statusCode()).isEqualTo(404);
                          assertThat(missing.getHeader("Content-Type"))
                              .isEqualTo(Problem.CONTENT_TYPE);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "a key in the OpenSSL EC format (EC PARAMETERS, then EC PRIVATE KEY) serves HTTPS too")
  void openSslKey(Vertx vertx, VertxTestContext test) {
    Path key = pem.writeOpenSslEcKey(dir.resolve("tls").resolve("openssl-key.pem"));
    start(vertx, tls(pem.cert(), key))
        .compose(port -> httpsClient(vertx, port, HttpVersion.HTTP_1_1).get("/health/live").send())
        .onComplete(
            test.succeeding(
                response ->
                    test.verify(
                        () -> {
                          assertThat(response.statusCode()).isEqualTo(200);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("without TLS the server speaks plain HTTP/1.1 and sends no HSTS")
  void plainHttp(Vertx vertx, VertxTestContext test) {
    start(vertx, new JsonObject())
        .compose(
            port ->
                WebClient.create(
                        vertx,
                        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port))
                    .get("/health/live")
                    .send())
        .onComplete(
            test.succeeding(
                response ->
                    test.verify(
                        () -> {
                          assertThat(response.statusCode()).isEqualTo(200);
                          assertThat(response.version()).isEqualTo(HttpVersion.HTTP_1_1);
                          assertThat(response.getHeader("Strict-Transport-Security")).isNull();
                          assertThat(response.getHeader("X-Content-Type-Options"))
                              .isEqualTo("nosniff");
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "HTTP/1.1 keeps the connection open: two requests in a row travel over one connection")
  void keepAlive(Vertx vertx, VertxTestContext test) {
    List<HttpConnection> connections = new ArrayList<>();
    start(vertx, tls(pem.cert(), pem.key()))
        .compose(
            port -> {
              HttpClient client =
                  vertx.createHttpClient(
                      new HttpClientOptions()
                          .setSsl(true)
                          .setTrustAll(true)
                          .setVerifyHost(false)
                          .setDefaultHost("127.0.0.1")
                          .setDefaultPort(port)
                          .setKeepAlive(true),
                      new PoolOptions().setHttp1MaxSize(1));
              return liveOver(client, connections)
                  .compose(first -> liveOver(client, connections))
                  .eventually(() -> client.close());
            })
        .onComplete(
            test.succeeding(
                second ->
                    test.verify(
                        () -> {
                          assertThat(second.statusCode()).isEqualTo(200);
                          assertThat(second.getHeader("Connection")).isNull();
                          assertThat(connections).hasSize(2);
                          assertThat(connections.get(1)).isSameAs(connections.get(0));
                          test.completeNow();
                        })));
  }

  private static Future<HttpClientResponse> liveOver(
      HttpClient client, List<HttpConnection> connections) {
    return client
        .request(HttpMethod.GET, "/health/live")
        .compose(
            request -> {
              connections.add(request.connection());
              return request.send();
            })
        .compose(response -> response.body().map(body -> response));
  }

  @Test
  @DisplayName(
      "with min_version TLSv1.3 a client limited to TLSv1.2 cannot connect; a TLSv1.3 client can")
  void tlsFloor(Vertx vertx, VertxTestContext test) {
    JsonObject http = tls(pem.cert(), pem.key());
    http.getJsonObject("tls").put("min_version", "TLSv1.3");
    start(vertx, http)
        .compose(
            port -> {
              WebClientOptions base =
                  new WebClientOptions()
                      .setDefaultHost("127.0.0.1")
                      .setDefaultPort(port)
                      .setSsl(true)
                      .setTrustAll(true)
                      .setVerifyHost(false);
              Future<HttpResponse<Buffer>> old =
                  WebClient.create(
                          vertx,
                          new WebClientOptions(base)
                              .setEnabledSecureTransportProtocols(Set.of("TLSv1.2")))
                      .get("/health/live")
                      .send();
              Future<HttpResponse<Buffer>> current =
                  WebClient.create(
                          vertx,
                          new WebClientOptions(base)
                              .setEnabledSecureTransportProtocols(Set.of("TLSv1.3")))
                      .get("/health/live")
                      .send();
              return Future.join(old, current)
                  .transform(done -> Future.succeededFuture(List.of(old, current)));
            })
        .onComplete(
            test.succeeding(
                both ->
                    test.verify(
                        () -> {
                          assertThat(both.get(0).failed()).isTrue();
                          assertThat(both.get(1).result().statusCode()).isEqualTo(200);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("a min_version other than TLSv1.2 or TLSv1.3 is refused at start")
  void unknownTlsVersion(Vertx vertx, VertxTestContext test) {
    JsonObject http = tls(pem.cert(), pem.key());
    http.getJsonObject("tls").put("min_version", "TLSv1.1");
    start(vertx, http)
        .onComplete(
            test.failing(
                failure ->
                    test.verify(
                        () -> {
                          assertThat(failure)
                              .hasMessage(
                                  "command-line: http.tls.min_version: must be one of TLSv1.2, TLSv1.3, got \"TLSv1.1\"");
                          test.completeNow();
                        })));
  }

  /**
   * Starts with these TLS files, expecting the HTTP service to refuse; answers the failure's
   * message.
   */
  private Future<String> refusal(Vertx vertx, Path cert, Path key) {
    return start(vertx, tls(cert, key))
        .transform(
            done ->
                done.failed()
                    ? Future.succeededFuture(done.cause().getMessage())
                    : Future.failedFuture(
                        "the HTTP service started with cert " + cert + " and key " + key));
  }

  private void assertRefusal(
      Vertx vertx, VertxTestContext test, Path cert, Path key, String message) {
    refusal(vertx, cert, key)
        .onComplete(
            test.succeeding(
                text ->
                    test.verify(
                        () -> {
                          assertThat(text).isEqualTo(message);
                          test.completeNow();
                        })));
  }

  @Test
  @DisplayName("a missing key file fails the start with one line naming the setting and the path")
  void missingKey(Vertx vertx, VertxTestContext test) {
    Path missing = dir.resolve("tls").resolve("absent.pem");
    assertRefusal(
        vertx,
        test,
        pem.cert(),
        missing,
        "http.tls.key: cannot read " + missing + " (no such file)");
  }

  @Test
  @DisplayName("a missing certificate file fails the start naming it")
  void missingCert(Vertx vertx, VertxTestContext test) {
    Path missing = dir.resolve("tls").resolve("absent.pem");
    assertRefusal(
        vertx,
        test,
        missing,
        pem.key(),
        "http.tls.cert: cannot read " + missing + " (no such file)");
  }

  @Test
  @DisplayName("a key file without a PEM key fails the start naming the file")
  void textAsKey(Vertx vertx, VertxTestContext test) throws IOException {
    Path text = Files.writeString(dir.resolve("tls").resolve("text.pem"), "not a key at all\n");
    assertRefusal(
        vertx,
        test,
        pem.cert(),
        text,
        "http.tls.key: " + text + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  @Test
  @DisplayName("a damaged PEM key fails the start naming the file")
  void damagedKey(Vertx vertx, VertxTestContext test) throws IOException {
    String good = Files.readString(pem.key());
    int body = good.indexOf('\n') + 1;
    Path damaged =
        Files.writeString(
            dir.resolve("tls").resolve("damaged.pem"),
            good.substring(0, body) + "AAAA" + good.substring(body + 20));
    assertRefusal(
        vertx,
        test,
        pem.cert(),
        damaged,
        "http.tls.key: " + damaged + " is not a valid PEM private key");
  }

  @Test
  @DisplayName("a certificate file without a PEM certificate fails the start naming the file")
  void keyAsCert(Vertx vertx, VertxTestContext test) {
    assertRefusal(
        vertx,
        test,
        pem.key(),
        pem.key(),
        "http.tls.cert: " + pem.key() + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }

  @Test
  @DisplayName("a key that does not belong to the certificate fails the start naming both files")
  void mismatchedKey(Vertx vertx, VertxTestContext test) {
    SelfSignedPem other = SelfSignedPem.create(dir.resolve("other"));
    assertRefusal(
        vertx,
        test,
        pem.cert(),
        other.key(),
        "http.tls.key: " + other.key() + " does not belong to the certificate in " + pem.cert());
  }
}
