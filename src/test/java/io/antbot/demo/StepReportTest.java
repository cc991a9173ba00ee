package io.antbot.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.BusException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StepReportTest {

  private final List<String> lines = new ArrayList<>();

  @Test
  @DisplayName("a step that returns is one PASS line with its detail on a single line")
  void passLine() {
    try (StepReport report = new StepReport(lines::add)) {
      assertThat(report.run("config-get", Duration.ofSeconds(5), () -> "value 0.1\n  from the bus"))
          .isTrue();
      assertThat(lines).containsExactly("PASS config-get: value 0.1 from the bus");
      assertThat(report.summary()).isEqualTo("SUMMARY: 1 passed, 0 failed");
    }
  }

  @Test
  @DisplayName(
      "a step that throws is one FAIL line with its reason: a check's text, a bus failure's code and text")
  void failLines() {
    try (StepReport report = new StepReport(lines::add)) {
      assertThat(
              report.run(
                  "rollout",
                  Duration.ofSeconds(5),
                  () -> {
                    StepReport.check(3 > 4, "3 of 200 bots have the flag at 30%");
                    return "never";
                  }))
          .isFalse();
      report.run(
          "config-set",
          Duration.ofSeconds(5),
          () -> {
            throw BusException.badRequest("trading.max_position_size: must be at most 1, got 5");
          });
      report.run(
          "io",
          Duration.ofSeconds(5),
          () -> {
            throw new IllegalStateException("disk full");
          });
      assertThat(lines)
          .containsExactly(
              "FAIL rollout: 3 of 200 bots have the flag at 30%",
              "FAIL config-set: bus failure 400: trading.max_position_size: must be at most 1, got 5",
              "FAIL io: IllegalStateException: disk full");
      assertThat(report.failed()).containsExactly("rollout", "config-set", "io");
      assertThat(report.summary())
          .isEqualTo("SUMMARY: 0 passed, 3 failed (rollout, config-set, io)");
    }
  }

  @Test
  @DisplayName(
      "a step that outlives its limit fails with the limit, is interrupted, and the next step still runs")
  void timeLimit() throws InterruptedException {
    CountDownLatch interrupted = new CountDownLatch(1);
    try (StepReport report = new StepReport(lines::add)) {
      report.run(
          "stuck",
          Duration.ofMillis(200),
          () -> {
            try {
              new CountDownLatch(1).await();
            } catch (InterruptedException e) {
              interrupted.countDown();
            }
            return "never";
          });
      report.run("next", Duration.ofSeconds(5), () -> "ran");
      assertThat(interrupted.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(lines).containsExactly("FAIL stuck: no result within 200 ms", "PASS next: ran");
      assertThat(report.passed()).containsExactly("next");
    }
  }

  @Test
  @DisplayName("information lines are indented and do not count as steps")
  void infoLines() {
    try (StepReport report = new StepReport(lines::add)) {
      report.info("monitor t+0s: health healthy");
      assertThat(lines).containsExactly("  monitor t+0s: health healthy");
      assertThat(report.summary()).isEqualTo("SUMMARY: 0 passed, 0 failed");
    }
  }
}
