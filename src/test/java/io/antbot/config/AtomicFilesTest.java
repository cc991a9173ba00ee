package io.antbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @Test
  @DisplayName("a write replaces the whole file, leaves no temporary file behind, and is readable by its owner only")
  void replaces(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("state/config-overrides.json");
    AtomicFiles.write(target, "{\"a\": 1}");
    AtomicFiles.write(target, "{\"b\": 2}");
    assertThat(Files.readString(target)).isEqualTo("{\"b\": 2}");
    try (var files = Files.list(target.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("config-overrides.json");
    }
    if (Files.getFileStore(target).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
    }
  }
}
