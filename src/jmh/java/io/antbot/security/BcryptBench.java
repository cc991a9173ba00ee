package io.antbot.security;

import io.antbot.bus.Addresses;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A bcrypt hash at cost 12: {@code antbot.security.password.hash} over the bus (length check,
 * worker thread, salt, reply) against Bouncy Castle's {@code OpenBSDBCrypt.generate} called
 * directly.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class BcryptBench {

  private static final byte[] PASSWORD =
      "correct horse battery staple".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private BenchServices services;
  private final SecureRandom random = new SecureRandom();
  private final JsonObject request =
      new JsonObject().put("password", "correct horse battery staple");

  @Setup(Level.Trial)
  public void setUp() {
    services =
        new BenchServices(
            new JsonObject().put("security", new JsonObject().put("bcrypt_cost", 12)));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    services.close();
  }

  @Benchmark
  public Object bcrypt12_ours() {
    return services
        .vertx
        .eventBus()
        .<JsonObject>request(Addresses.SECURITY_PASSWORD_HASH, request)
        .await()
        .body();
  }

  @Benchmark
  public String bcrypt12_baseline() {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return OpenBSDBCrypt.generate("2b", PASSWORD, salt, 12);
  }
}
