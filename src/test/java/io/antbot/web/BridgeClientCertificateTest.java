package io.antbot.web;

import static io.antbot.web.BridgeWire.read;
import static io.antbot.web.BridgeWire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.antbot.bridge.BridgeVerticle;
import io.antbot.bus.Addresses;
import io.antbot.security.SecurityTestSupport;
import io.antbot.security.SecurityVerticle;
import io.antbot.testing.TestConf;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge with {@code bridge.tls.client_ca} set (mutual TLS), over real connections to
 * 127.0.0.1: a client without a certificate of the configured CA gets no connection; with one, the
 * connection takes the token of the certificate's user only.
 */
@ExtendWith(VertxExtension.class)
class BridgeClientCertificateTest {

  private static int port;
  private static SelfSignedPem server;
  private static Issued ca;
  private static Issued strangerCa;
  private static String alphaToken;
  private static String betaToken;

  /** A certificate and its key. */
  private record Issued(X509Certificate cert, KeyPair keys) {}

  private static KeyPair ecKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  /** A certificate for {@code cn}, signed by {@code issuer} (self-signed CA when null). */
  private static Issued issue(String cn, Issued issuer) throws Exception {
    KeyPair keys = ecKeys();
    X500Name subject = new X500Name("CN=" + cn);
    X500Name issuerName =
        issuer == null ? subject : new X500Name(issuer.cert().getSubjectX500Principal().getName());
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuerName,
            BigInteger.valueOf(now.toEpochMilli() ^ cn.hashCode()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(1))),
            subject,
            keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(issuer == null));
    X509CertificateHolder holder =
        builder.build(
            new JcaContentSignerBuilder("SHA256withECDSA")
                .build(issuer == null ? keys.getPrivate() : issuer.keys().getPrivate()));
    X509Certificate cert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
    return new Issued(cert, keys);
  }

  private static void writePem(Path file, X509Certificate cert) throws IOException {
    try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(file))) {
      writer.writeObject(cert);
    }
  }

  @BeforeAll
  static void start(Vertx vertx, @TempDir Path dir) throws Exception {
    Path conf = TestConf.copyIsolated(dir.resolve("conf"));
    SecurityTestSupport.presetRsaKey(conf.resolve("var"));
    server = SelfSignedPem.create(dir.resolve("tls"));
    ca = issue("AntBot test bots CA", null);
    strangerCa = issue("Someone else's CA", null);
    Path caFile = dir.resolve("tls/clients-ca.pem");
    writePem(caFile, ca.cert());
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
                            .put("cert", server.cert().toString())
                            .put("key", server.key().toString())
                            .put("client_ca", caFile.toString())));
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
    alphaToken = botToken(vertx, "bot-alpha");
    betaToken = botToken(vertx, "bot-beta");
  }

  private static String botToken(Vertx vertx, String user) {
    vertx
        .eventBus()
        .request(
            Addresses.SECURITY_USERS_ADD,
            new JsonObject()
                .put("username", user)
                .put("password", "a long passphrase for " + user)
                .put("roles", new JsonArray().add("bot")))
        .await();
    return vertx
        .eventBus()
        .<JsonObject>request(Addresses.SECURITY_TOKEN_ISSUE, new JsonObject().put("user", user))
        .await()
        .body()
        .getString("access_token");
  }

  /** A client context trusting the server's certificate, presenting {@code client} when given. */
  private static SSLContext client(Issued client, Issued signer) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    try (var in = Files.newInputStream(server.cert())) {
      trusted.setCertificateEntry(
          "bridge", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    KeyManagerFactory keys = null;
    if (client != null) {
      KeyStore own = KeyStore.getInstance("PKCS12");
      own.load(null, null);
      own.setKeyEntry(
          "me",
          client.keys().getPrivate(),
          "pw".toCharArray(),
          new X509Certificate[] {client.cert(), signer.cert()});
      keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(own, "pw".toCharArray());
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  private static JsonObject configGet(String token) {
    return new JsonObject()
        .put("type", "send")
        .put("address", "antbot.config.get")
        .put("replyAddress", "r-1")
        .put("headers", new JsonObject().put("authorization", "Bearer " + token))
        .put("body", new JsonObject().put("key", "trading.base_currency"));
  }

  /** Opens a connection and answers a ping, or throws when the server refuses the handshake. */
  private static SSLSocket connect(SSLContext context) throws Exception {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(5_000);
    socket.startHandshake();
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    send(out, new JsonObject().put("type", "ping"));
    assertThat(read(new DataInputStream(socket.getInputStream())))
        .isEqualTo(new JsonObject().put("type", "pong"));
    return socket;
  }

  @Test
  @DisplayName("without a client certificate, or with one of another CA, there is no connection")
  void refusedWithoutTheCa() {
    assertThatThrownBy(() -> connect(client(null, null)).close()).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> connect(client(issue("bot-alpha", strangerCa), strangerCa)).close())
        .isInstanceOf(IOException.class);
  }

  @Test
  @DisplayName(
      "with a certificate of the CA the connection works, but only with the token of the user the"
          + " certificate names")
  void theCertificateNamesTheUser() throws Exception {
    Issued alpha = issue("bot-alpha", ca);
    try (SSLSocket socket = connect(client(alpha, ca))) {
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      send(out, configGet(betaToken));
      JsonObject refused = read(in);
      assertThat(refused.getString("type")).isEqualTo("err");
      assertThat(refused.getInteger("failureCode")).isEqualTo(403);
      assertThat(refused.getString("message"))
          .isEqualTo(
              "the token belongs to bot-beta, the client certificate to bot-alpha; a connection"
                  + " takes only the token of its certificate's user");
      send(out, configGet(alphaToken));
      JsonObject answer = read(in);
      assertThat(answer.getString("type")).as(answer.encode()).isEqualTo("message");
      assertThat(answer.getJsonObject("body").getString("value")).isEqualTo("USDC");
    }
  }
}
