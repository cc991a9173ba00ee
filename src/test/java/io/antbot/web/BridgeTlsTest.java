package io.antbot.web;

import static io.antbot.web.BridgeWire.read;
import static io.antbot.web.BridgeWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bridge.BridgeVerticle;
import io.antbot.security.SecurityTestSupport;
import io.antbot.security.SecurityVerticle;
import io.antbot.testing.TestConf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge with {@code bridge.tls} set, over real connections to 127.0.0.1: a client that trusts
 * the certificate speaks the protocol through TLS (ping, and the per-connection refusal before a
 * token); a client that speaks plain TCP to the TLS port gets no frame back.
 */
@ExtendWith(VertxExtension.class)
class BridgeTlsTest {

  private static int port;
  private static SelfSignedPem pem;

  @BeforeAll
  static void start(Vertx vertx, @TempDir Path dir) {
    Path conf = TestConf.copyIsolated(dir.resolve("conf"));
    SecurityTestSupport.presetRsaKey(conf.resolve("var"));
    pem = SelfSignedPem.create(dir.resolve("tls"));
    JsonObject overrides =
        new JsonObject()
            .put(
                "bridge",
                new JsonObject()
                    .put("enabled", true)
                    .put("port", 0)
                    .put(
                        "tls",
                        new JsonObject()
                            .put("cert", pem.cert().toString())
                            .put("key", pem.key().toString())));
    TestConf.deployConfig(vertx, conf, "staging", overrides)
        .compose(id -> vertx.deployVerticle(new SecurityVerticle()))
        .compose(id -> vertx.deployVerticle(new BridgeVerticle()))
        .await();
    port =
        vertx
            .eventBus()
            .<JsonObject>request("antbot.bridge.status", new JsonObject())
            .await()
            .body()
            .getJsonObject("details")
            .getInteger("port");
  }

  private static SSLContext trusting(Path cert) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = new FileInputStream(cert.toFile())) {
      store.setCertificateEntry(
          "bridge", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  @Test
  @DisplayName("through TLS: ping is answered, a send before a token gets err 401")
  void speaksTheProtocolThroughTls() throws Exception {
    try (SSLSocket socket =
        (SSLSocket) trusting(pem.cert()).getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.startHandshake();
      assertThat(socket.getSession().getProtocol()).startsWith("TLSv1.");
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      send(out, new JsonObject().put("type", "ping"));
      assertThat(read(in)).isEqualTo(new JsonObject().put("type", "pong"));
      send(
          out,
          new JsonObject()
              .put("type", "send")
              .put("address", "antbot.config.get")
              .put("replyAddress", "r-1")
              .put("body", new JsonObject().put("key", "trading")));
      JsonObject refused = read(in);
      assertThat(refused.getString("type")).isEqualTo("err");
      assertThat(refused.getInteger("failureCode")).isEqualTo(401);
    }
  }

  @Test
  @DisplayName("plain TCP to the TLS port: no frame comes back")
  void plainTcpGetsNothing() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(3_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      send(out, new JsonObject().put("type", "ping"));
      InputStream in = socket.getInputStream();
      boolean pong;
      try {
        byte[] answer = in.readNBytes(64);
        pong = new String(answer, StandardCharsets.ISO_8859_1).contains("pong");
      } catch (SocketTimeoutException | java.net.SocketException e) {
        pong = false;
      }
      assertThat(pong).isFalse();
    }
  }
}
