package io.antbot.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that a reader (or the next start after a crash or {@code kill -9}) sees either
 * the old content or the new one, never a mix: a temporary file in the same directory, flushed to
 * disk, then renamed over the target, then the directory flushed so the rename itself is durable.
 */
public final class AtomicFiles {

  /** Owner read/write only: state files, keys, password files. */
  public static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private AtomicFiles() {}

  /**
   * Replaces {@code target} with {@code content} (UTF-8); the file is readable by its owner only.
   */
  public static void write(Path target, String content) throws IOException {
    write(target, content.getBytes(StandardCharsets.UTF_8), OWNER_ONLY);
  }

  /**
   * Replaces {@code target} with {@code content}, with {@code permissions} (where the file system
   * has POSIX permissions) set on the temporary file before any byte is written.
   */
  public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = createTemp(dir, target.getFileName().toString());
    try {
      if (POSIX) {
        Files.setPosixFilePermissions(temp, permissions);
      }
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.wrap(content);
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      forceDirectory(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * The temporary files of an interrupted write: {@code .<name>.<digits>.tmp}, as {@link
   * #createTemp} names them.
   */
  private static final java.util.regex.Pattern TEMP =
      java.util.regex.Pattern.compile("\\..+\\.[0-9]+\\.tmp");

  /**
   * A temporary file younger than this may belong to a write in flight (the command line's, say).
   */
  public static final java.time.Duration STALE_AFTER = java.time.Duration.ofMinutes(1);

  /**
   * Removes from {@code dir} the temporary files that interrupted writes (a {@code kill -9} between
   * the write and the rename) left behind: the target kept its previous content, so they hold
   * nothing anyone acknowledged. The state directory is shared by the services' atomic writers,
   * which name their temporary files alike.
   *
   * @return the names removed
   */
  public static java.util.List<String> removeStaleTemps(Path dir, java.time.Instant now)
      throws IOException {
    java.util.List<String> removed = new java.util.ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return removed;
    }
    try (var files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (TEMP.matcher(name).matches()
            && Files.isRegularFile(file)
            && Files.getLastModifiedTime(file).toInstant().isBefore(now.minus(STALE_AFTER))) {
          Files.deleteIfExists(file);
          removed.add(name);
        }
      }
    }
    return removed;
  }

  private static Path createTemp(Path dir, String name) throws IOException {
    if (POSIX) {
      return Files.createTempFile(
          dir,
          "." + name + ".",
          ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    return Files.createTempFile(dir, "." + name + ".", ".tmp");
  }

  /**
   * Makes a rename or a file creation in {@code dir} durable; some platforms cannot open a
   * directory for syncing, and then rely on the rename alone.
   */
  public static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not supported here (Windows): the rename is still atomic, only its durability on power loss
      // is weaker.
    }
  }
}
