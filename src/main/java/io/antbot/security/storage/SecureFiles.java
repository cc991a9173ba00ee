package io.antbot.security.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * File writes that survive a crash and keep secrets private.
 *
 * <p>{@link #writeAtomically} writes a temporary file beside the target, forces it to disk, renames it over the
 * target in one step and forces the directory, so a reader (or the next start after a crash) sees either the old
 * file or the new one, never half of it. Blocking: call from a worker thread.
 */
public final class SecureFiles {

  /** Owner read/write only: keys, password files, user store. */
  public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  /** Owner read/write, others read: public keys. */
  public static final Set<PosixFilePermission> PUBLIC_READ = PosixFilePermissions.fromString("rw-r--r--");

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private SecureFiles() {
  }

  /** Replaces {@code target} with {@code content} atomically, with {@code permissions} set before any byte is written. */
  public static void writeAtomically(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      if (POSIX) {
        Files.setPosixFilePermissions(temp, permissions);
      }
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      forceDirectory(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Creates {@code dir} (and parents) and, on POSIX systems, restricts it to its owner. */
  public static void createPrivateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (POSIX) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** Creates an empty file readable and writable by its owner only (a no-op when it exists). */
  public static void createOwnerOnly(Path file) throws IOException {
    try {
      if (POSIX) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } else {
        Files.createFile(file);
      }
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // Another writer (the command line) created it first.
    }
  }

  /** Whether {@code file} can be read by other users than its owner (always {@code false} off POSIX). */
  public static boolean readableByOthers(Path file) throws IOException {
    if (!POSIX) {
      return false;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    return permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ);
  }

  /** Makes a rename or file creation in {@code dir} durable (a no-op where directories cannot be opened). */
  public static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some file systems refuse to open a directory; the rename itself is still atomic there.
    }
  }
}
