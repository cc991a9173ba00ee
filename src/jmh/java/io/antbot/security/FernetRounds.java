package io.antbot.security;

import io.antbot.security.crypto.Fernet;
import io.antbot.security.crypto.FernetKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

/**
 * {@link FernetBench}'s round trip, timed in rounds on command so that {@code
 * scripts/bench.d/fernet.sh} can interleave it with Python's: each line read on standard input is a
 * round length in milliseconds, answered by one line with the round trips per second of that round.
 * Both sides then run under the same load of the machine, round after round, instead of one JMH run
 * and one Python run minutes apart.
 */
public final class FernetRounds {

  private FernetRounds() {}

  public static void main(String[] args) throws Exception {
    Fernet fernet = new Fernet(FernetKey.generate());
    byte[] data = new byte[1024];
    new Random(42).nextBytes(data);
    Duration ttl = Duration.ofSeconds(60);
    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    long checksum = 0;
    for (String line = commands.readLine(); line != null; line = commands.readLine()) {
      long roundNanos = Long.parseLong(line.trim()) * 1_000_000L;
      long start = System.nanoTime();
      long count = 0;
      long elapsed;
      do {
        for (int i = 0; i < 32; i++) {
          checksum += fernet.decrypt(fernet.encrypt(data), ttl)[i];
        }
        count += 32;
        elapsed = System.nanoTime() - start;
      } while (elapsed < roundNanos);
      System.out.println(count * 1e9 / elapsed);
      System.out.flush();
    }
    if (checksum == 42) {
      System.err.println("(checksum)");
    }
  }
}
