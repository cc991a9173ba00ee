package io.antbot.security;

import io.antbot.bus.Addresses;
import io.antbot.local.Authenticator;
import io.antbot.local.LocalServices;
import io.antbot.security.storage.KeyFiles;
import io.antbot.security.token.JwtKeyRing;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code antbot.security.authenticate} over the event bus (and, as {@code inProcess}, the same
 * checks through the service's local {@link Authenticator}) (prechecks, vertx-auth-jwt, revocation
 * and account checks, JSON in and out) against a bare vertx-auth-jwt {@code authenticate} of the
 * same HS256 token with the same key, leeway, issuer and audience. Both are measured as sustained
 * throughput: {@value #BATCH} authentications in flight per invocation, all awaited. {@code
 * cacheSize=0} turns off the service's memory of verified tokens, so every call pays the full
 * verification; the default (10000) is what a client re-using its token gets.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class AuthenticateBench {

  static final int BATCH = 256;

  @Param({"10000", "0"})
  public int cacheSize;

  private BenchServices services;
  private JWTAuth bare;
  private String token;
  private JsonObject request;
  private Authenticator local;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    services =
        new BenchServices(
            new JsonObject()
                .put(
                    "security",
                    new JsonObject().put("jwt", new JsonObject().put("cache_size", cacheSize))));
    token =
        services
            .vertx
            .eventBus()
            .<JsonObject>request(
                Addresses.SECURITY_LOGIN,
                new JsonObject()
                    .put("username", "admin")
                    .put("password", BenchServices.PASSWORD)
                    .put("source_ip", "127.0.0.1"))
            .await()
            .body()
            .getString("access_token");
    request =
        new JsonObject().put("source_ip", "127.0.0.1").put("token", token).put("user_agent", "jmh");
    JwtKeyRing ring =
        JwtKeyRing.fromJson(
            new JsonObject(Files.readString(services.dir.resolve("keys").resolve(KeyFiles.JWT))));
    bare =
        JWTAuth.create(
            services.vertx,
            new JWTAuthOptions()
                .addJwk(ring.signingKey().verificationJwk())
                .setJWTOptions(
                    new JWTOptions()
                        .setLeeway(30)
                        .setIssuer("antbot-core")
                        .addAudience("antbot-api")));
    local =
        LocalServices.lookup(services.vertx, LocalServices.AUTHENTICATOR, Authenticator.class)
            .orElseThrow();
    if (!"admin".equals(baselineOnce().subject())) {
      throw new IllegalStateException("the baseline does not accept the token");
    }
  }

  private User baselineOnce() {
    return bare.authenticate(new TokenCredentials(token)).await();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    services.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object authenticate_ours() {
    List<Future<Message<JsonObject>>> replies = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      replies.add(services.vertx.eventBus().request(Addresses.SECURITY_AUTHENTICATE, request));
    }
    return Future.all(replies).await();
  }

  /**
   * The same checks called in-process, as the bridge and the HTTP edge of the service's JVM call
   * them ({@link Authenticator}): what authentication costs without the bus hop.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object inProcess_ours() {
    List<Future<io.antbot.bus.Principal>> principals = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      principals.add(local.authenticate("127.0.0.1", token, "jmh"));
    }
    return Future.all(principals).await();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object inProcess_baseline() {
    return authenticate_baseline();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object authenticate_baseline() {
    List<Future<User>> users = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      users.add(bare.authenticate(new TokenCredentials(token)));
    }
    return Future.all(users).await();
  }
}
