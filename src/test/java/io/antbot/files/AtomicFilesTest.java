package io.antbot.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @Test
  @DisplayName(
      "a write replaces the whole file, leaves no temporary file behind, and is readable by its owner only")
  void replaces(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("state/config-overrides.json");
    AtomicFiles.write(target, "{\"a\": 1}");
    AtomicFiles.write(target, "{\"b\": 2}");
    assertThat(Files.readString(target)).isEqualTo("{\"b\": 2}");
    try (var files = Files.list(target.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly("config-overrides.json");
    }
    if (Files.getFileStore(target).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
          .isEqualTo("rw-------");
    }
  }

  @Test
  @DisplayName(
      "the config service's start removes the stale temporary files of interrupted writes, keeps fresh ones")
  void staleTempsRemovedAtStart(@TempDir Path dir) throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    Path stale = Files.writeString(state.resolve(".users.json.123456789.tmp"), "{\"half\":");
    Files.setLastModifiedTime(
        stale,
        java.nio.file.attribute.FileTime.from(
            java.time.Instant.now().minus(java.time.Duration.ofMinutes(5))));
    Path fresh = Files.writeString(state.resolve(".sessions.json.987654321.tmp"), "{}");
    Path other = Files.writeString(state.resolve("notes.tmp"), "kept");
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      io.antbot.testing.TestConf.deployConfig(
              vertx,
              io.antbot.testing.TestConf.copyShipped(dir.resolve("conf")),
              "development",
              new io.vertx.core.json.JsonObject()
                  .put(
                      "core",
                      new io.vertx.core.json.JsonObject().put("state_dir", state.toString())))
          .await();
    } finally {
      vertx.close().await();
    }
    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
    assertThat(other).exists();
  }
}
