package io.antbot.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports for servers a test starts later (in another process, or after configuring them):
 * chosen below the kernel's ephemeral range. {@code new ServerSocket(0)} hands out a port from that
 * very range, and between the test's choice and the server's bind any outgoing connection on the
 * machine may be given the same port as its local end — Hazelcast members connecting to each other
 * open several: {@code ClusterTlsIT} once failed so ("Port [35767] is already in use"). A port
 * below the range is never given to an outgoing connection. Each port is handed out once per JVM,
 * so two servers of one test never get the same one.
 */
public final class FreePorts {

  /** The lowest port handed out: above the well-known and most registered service ports. */
  private static final int LOW = 20_000;

  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  /** A port free on every local address now, below the ephemeral range, not handed out before. */
  public static int next() throws IOException {
    int high = ephemeralLow() - 1;
    if (high - LOW < 1_000) {
      throw new IOException(
          "no room below the ephemeral range (it starts at " + (high + 1) + ") for test ports");
    }
    return next(LOW, high);
  }

  /** A port between {@code low} and {@code high} (inclusive), free now, not handed out before. */
  static int next(int low, int high) throws IOException {
    int span = high - low + 1;
    int start = ThreadLocalRandom.current().nextInt(span);
    for (int i = 0; i < span; i++) {
      int port = low + (start + i) % span;
      if (GIVEN.contains(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket(port)) {
        if (GIVEN.add(port)) {
          return port;
        }
      } catch (IOException inUse) {
        // taken: try the next one
      }
    }
    throw new IOException("no free port between " + low + " and " + high);
  }

  /** The first port of the kernel's ephemeral range (Linux: 32768 unless configured otherwise). */
  static int ephemeralLow() {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    try {
      if (Files.isReadable(range)) {
        // readAllLines, not readString: the file reports a size of 0, and readString then reads
        // one byte of it on this JDK.
        return Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
      }
    } catch (IOException | RuntimeException e) {
      // unreadable: the Linux default below
    }
    return 32_768;
  }
}
