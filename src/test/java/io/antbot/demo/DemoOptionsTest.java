package io.antbot.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  @DisplayName("defaults: conf/, a free port, 30 s of monitoring, no serving; --quick makes it 5 s")
  void defaults() throws Exception {
    assertThat(DemoOptions.parse(List.of()))
        .isEqualTo(new DemoOptions("conf", 0, 30, false, false));
    assertThat(
            DemoOptions.parse(
                List.of("--quick", "--serve", "--port", "9100", "--conf", "other", "--keep")))
        .isEqualTo(new DemoOptions("other", 9100, 5, true, true));
    assertThat(DemoOptions.parse(List.of("--monitor-seconds", "0")).monitorSeconds()).isZero();
  }

  @Test
  @DisplayName("a wrong argument is named in the message")
  void wrongArguments() {
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--port", "http")))
        .hasMessage("--port: expected an integer from 0 to 65535, got \"http\"");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--monitor-seconds")))
        .hasMessage("--monitor-seconds: expected a value");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--fast")))
        .hasMessage("unknown argument \"--fast\"");
  }

  @Test
  @DisplayName(
      "the command line answers a wrong argument with exit code 2 and the usage, before starting anything")
  void exitCodeTwo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Demo.run(
            List.of("--port", "-1"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("demo: --port: expected an integer from 0 to 65535, got \"-1\"\nUsage: demo ");
  }
}
