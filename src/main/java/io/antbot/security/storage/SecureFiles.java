package io.antbot.security.storage;

import io.antbot.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * File writes that survive a crash and keep secrets private.
 *
 * <p>{@link #writeAtomically} is {@link AtomicFiles#write}: a reader (or the next start after a
 * crash) sees either the old file or the new one, never half of it. Blocking: call from a worker
 * thread.
 */
public final class SecureFiles {

  /** Owner read/write only: keys, password files, user store. */
  public static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  /** Owner read/write, others read: public keys. */
  public static final Set<PosixFilePermission> PUBLIC_READ =
      PosixFilePermissions.fromString("rw-r--r--");

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private SecureFiles() {}

  /**
   * Replaces {@code target} with {@code content} atomically ({@link AtomicFiles#write}), with
   * {@code permissions}.
   */
  public static void writeAtomically(
      Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
    AtomicFiles.write(target, content, permissions);
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

  /**
   * Whether {@code file} can be read by other users than its owner (always {@code false} off
   * POSIX).
   */
  public static boolean readableByOthers(Path file) throws IOException {
    if (!POSIX) {
      return false;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    return permissions.contains(PosixFilePermission.GROUP_READ)
        || permissions.contains(PosixFilePermission.OTHERS_READ);
  }

  /**
   * Makes a rename or file creation in {@code dir} durable ({@link AtomicFiles#forceDirectory}).
   */
  public static void forceDirectory(Path dir) {
    AtomicFiles.forceDirectory(dir);
  }
}
