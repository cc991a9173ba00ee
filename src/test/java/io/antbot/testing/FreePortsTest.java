package io.antbot.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void portsAreBelowTheEphemeralRangeDistinctAndBindable() throws Exception {
    int ephemeralLow = FreePorts.ephemeralLow();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      int port = FreePorts.next();
      assertThat(port).isBetween(20_000, ephemeralLow - 1);
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
    }
    int port = FreePorts.next();
    try (ServerSocket socket = new ServerSocket(port)) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void aPortInUseIsSkippedAndNoneIsGivenTwice() throws Exception {
    // Of two neighbouring ports, one held by another socket: the free one is handed out, then none.
    for (int attempt = 0; attempt < 20; attempt++) {
      try (ServerSocket held = new ServerSocket(0)) {
        int port = held.getLocalPort();
        int other = port + 1;
        if (!free(other)) {
          continue;
        }
        assertThat(FreePorts.next(port, other)).isEqualTo(other);
        assertThatThrownBy(() -> FreePorts.next(port, other))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("no free port");
        return;
      }
    }
    throw new AssertionError("no two neighbouring ports with the second free in 20 attempts");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
