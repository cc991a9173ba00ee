package io.antbot.config;

import io.antbot.files.AtomicFiles;
import io.antbot.settings.ConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The runtime overrides ({@code antbot.config.set}), kept in {@code
 * <state_dir>/config-overrides.json} and written atomically so that they survive a restart and a
 * {@code kill -9}.
 *
 * <p>The file holds the values as set, secrets included: like every file under the state directory
 * it is readable by its owner only, and never shown.
 */
final class OverrideStore {

  static final String FILE_NAME = "config-overrides.json";

  private final Path file;
  private volatile JsonObject overrides;

  private OverrideStore(Path file, JsonObject overrides) {
    this.file = file;
    this.overrides = overrides;
  }

  /** Loads the overrides kept in {@code stateDir}, or none when there is no file yet. */
  static OverrideStore open(Path stateDir) throws ConfigException {
    Path file = stateDir.resolve(FILE_NAME);
    try {
      JsonObject stored = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      JsonObject overrides = stored.getJsonObject("overrides");
      return new OverrideStore(file, overrides == null ? new JsonObject() : overrides);
    } catch (NoSuchFileException e) {
      return new OverrideStore(file, new JsonObject());
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException(
          file
              + ": not a valid overrides file ("
              + e.getMessage()
              + "); move it aside to start without runtime overrides");
    }
  }

  Path file() {
    return file;
  }

  /**
   * A copy of the current overrides; safe from any thread (a replaced object is never changed
   * again).
   */
  JsonObject current() {
    return overrides.copy();
  }

  /**
   * Makes {@code kept} the overrides in force without writing the file (the next {@link #replace}
   * does).
   */
  void ignore(JsonObject kept) {
    overrides = kept.copy();
  }

  /** Makes {@code next} the overrides, on disk first. */
  void replace(JsonObject next) throws IOException {
    AtomicFiles.write(
        file, new JsonObject().put("format", 1).put("overrides", next).encodePrettily());
    overrides = next.copy();
  }
}
