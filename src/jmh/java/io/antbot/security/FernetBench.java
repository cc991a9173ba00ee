package io.antbot.security;

import io.antbot.security.crypto.CryptoException;
import io.antbot.security.crypto.Fernet;
import io.antbot.security.crypto.FernetKey;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Fernet encrypt then decrypt (with a TTL) of 1 KiB. Its baseline is Python's {@code
 * cryptography.fernet} on the same machine, timed by {@code scripts/bench.d/fernet.sh}, which
 * prints the pair (so this method has no {@code _ours}/{@code _baseline} suffix).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class FernetBench {

  private final Fernet fernet = new Fernet(FernetKey.generate());
  private final byte[] data = new byte[1024];
  private final java.time.Duration ttl = java.time.Duration.ofSeconds(60);

  public FernetBench() {
    new Random(42).nextBytes(data);
  }

  @Benchmark
  public byte[] roundTrip1k() throws CryptoException {
    return fernet.decrypt(fernet.encrypt(data), ttl);
  }
}
