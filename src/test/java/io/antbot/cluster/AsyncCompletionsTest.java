package io.antbot.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs a fresh JVM that sees 2 processors (as the machines this runs on), since the common pool's
 * parallelism is fixed at its first use, which in this JVM is long past.
 */
class AsyncCompletionsTest {

  /** In the fresh JVM: the pool's parallelism, and whether a callback ran on a pool thread. */
  public static void main(String[] args) throws Exception {
    boolean ok = AsyncCompletions.ensurePool();
    String thread =
        CompletableFuture.supplyAsync(() -> Thread.currentThread().getName())
            .get(10, TimeUnit.SECONDS);
    System.out.println(ok + " " + java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
    System.out.println(thread);
  }

  @Test
  @DisplayName("on 2 processors the common pool gets 2 threads, so async callbacks reuse them")
  void twoProcessors() throws Exception {
    List<String> lines = probe(List.of());
    assertThat(lines.get(0)).isEqualTo("true 2");
    assertThat(lines.get(1)).startsWith("ForkJoinPool.commonPool-worker-");
  }

  @Test
  @DisplayName("an operator's own parallelism is kept")
  void operatorSetting() throws Exception {
    List<String> lines = probe(List.of("-D" + AsyncCompletions.PARALLELISM + "=3"));
    assertThat(lines.get(0)).isEqualTo("true 3");
  }

  private static List<String> probe(List<String> options) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:ActiveProcessorCount=2");
    command.addAll(options);
    command.add("-cp");
    command.add(
        Path.of("target/classes").toAbsolutePath()
            + File.pathSeparator
            + Path.of("target/test-classes").toAbsolutePath());
    command.add(AsyncCompletionsTest.class.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(out).isZero();
    return out.strip().lines().toList();
  }
}
