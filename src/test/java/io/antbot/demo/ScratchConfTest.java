package io.antbot.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ScratchConfTest {

  @Test
  @DisplayName(
      "the copy holds every shipped file, its var/ paths point into the scratch directory, and delete removes it")
  void copyIsIsolated() throws Exception {
    ScratchConf scratch = ScratchConf.copy(Path.of("conf"));
    try {
      assertThat(scratch.conf().resolve("prometheus/alerts.yml"))
          .hasSameTextualContentAs(Path.of("conf/prometheus/alerts.yml"));
      String base = Files.readString(scratch.conf().resolve("application.yaml"));
      String var = scratch.dir().resolve("var").toString();
      assertThat(base)
          .contains(
              "state_dir: " + var + "/state",
              "dir: " + var + "/log",
              "keys_dir: " + var + "/keys",
              "dir: " + var + "/audit");
      assertThat(base).doesNotContain(": var/");
      assertThat(Files.readString(scratch.conf().resolve("development.yaml")))
          .isEqualTo(Files.readString(Path.of("conf/development.yaml")));
    } finally {
      scratch.delete();
    }
    assertThat(scratch.dir()).doesNotExist();
  }
}
