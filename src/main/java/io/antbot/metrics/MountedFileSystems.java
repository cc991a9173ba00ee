package io.antbot.metrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oshi.util.FileSystemUtil;
import oshi.util.GlobalConfig;

/**
 * The space of the local file systems on Linux, from the kernel's mount table ({@code
 * /proc/self/mounts}) and a {@code statvfs} per mount point ({@link Files#getFileStore}).
 *
 * <p>Written by hand because OSHI's Linux file-store query, which the sampler used before, starts
 * {@code lsblk} as a child process on every call to read volume labels this runtime never reports:
 * a fork and exec every {@code metrics.system_interval_s} (5 s by default), most of the sampler's
 * cost at idle. Which mounts are local is decided as OSHI decides it, with its settings and its
 * matcher ({@link #isLocal}), so the {@code antbot_system_disk_*} series name the same mounts.
 * Blocking: called on a worker, like the rest of the sample.
 */
final class MountedFileSystems {

  /** The kernel's mount table of this process's mount namespace. */
  static final Path PROC_MOUNTS = Path.of("/proc/self/mounts");

  /** More lines than any real mount table has; the rest of a larger file is not read. */
  static final int MAX_LINES = 4096;

  /** A line longer than this is not a mount (PATH_MAX is 4096 for each of its two paths). */
  static final int MAX_LINE_CHARS = 16_384;

  /** At most this many file systems are reported (one series each per disk metric). */
  static final int MAX_FILE_SYSTEMS = 256;

  // OSHI's own settings (its oshi.properties, or a system's override of them) and its own matcher
  // decide which mounts are local, so that the disk series name the mounts OSHI's query named.
  private static final List<String> PSEUDO_TYPES =
      types(GlobalConfig.get(GlobalConfig.OSHI_PSEUDO_FILESYSTEM_TYPES, ""));
  private static final List<String> NETWORK_TYPES =
      types(GlobalConfig.get(GlobalConfig.OSHI_NETWORK_FILESYSTEM_TYPES, ""));
  private static final List<PathMatcher> PATH_INCLUDES =
      FileSystemUtil.loadAndParseFileSystemConfig("oshi.os.linux.filesystem.path.includes");
  private static final List<PathMatcher> PATH_EXCLUDES =
      FileSystemUtil.loadAndParseFileSystemConfig("oshi.os.linux.filesystem.path.excludes");
  private static final List<PathMatcher> VOLUME_INCLUDES =
      FileSystemUtil.loadAndParseFileSystemConfig("oshi.os.linux.filesystem.volume.includes");
  private static final List<PathMatcher> VOLUME_EXCLUDES =
      FileSystemUtil.loadAndParseFileSystemConfig("oshi.os.linux.filesystem.volume.excludes");

  private static List<String> types(String list) {
    return Arrays.stream(list.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
  }

  private MountedFileSystems() {}

  /** Whether this system has the kernel's mount table to read (Linux). */
  static boolean available() {
    return Files.isReadable(PROC_MOUNTS);
  }

  /**
   * The local file systems of {@code mounts} (the format of {@code /proc/self/mounts}), each mount
   * point once (the last mount over a point is the one seen there), with its space; a mount point
   * whose space cannot be read is left out. Malformed lines are skipped.
   */
  static List<SystemSample.DiskSpace> read(Path mounts) throws IOException {
    Map<String, String> types = new LinkedHashMap<>();
    try (BufferedReader reader = Files.newBufferedReader(mounts, StandardCharsets.UTF_8)) {
      String line;
      int lines = 0;
      while ((line = reader.readLine()) != null && ++lines <= MAX_LINES) {
        if (line.length() > MAX_LINE_CHARS) {
          continue;
        }
        String[] fields = line.split(" ", 4);
        if (fields.length < 3) {
          continue;
        }
        String device = unescape(fields[0]);
        String mount = unescape(fields[1]);
        String type = fields[2];
        if (device != null && mount != null && isLocal(device, mount, type)) {
          types.remove(mount);
          types.put(mount, type);
        }
      }
    }
    List<SystemSample.DiskSpace> disks = new ArrayList<>();
    for (Map.Entry<String, String> entry : types.entrySet()) {
      if (disks.size() == MAX_FILE_SYSTEMS) {
        break;
      }
      try {
        FileStore store = Files.getFileStore(Path.of(entry.getKey()));
        disks.add(
            new SystemSample.DiskSpace(
                entry.getKey(),
                entry.getValue(),
                store.getTotalSpace(),
                store.getUnallocatedSpace(),
                store.getUsableSpace()));
      } catch (IOException | InvalidPathException | SecurityException unreadable) {
        // Gone since the table was read, or not ours to look at: not reported.
      }
    }
    return disks;
  }

  /**
   * Whether OSHI's Linux query counts the mount as a local file system: not a network type; the
   * root always, else not a pseudo type nor excluded by OSHI's path and volume patterns (by default
   * {@code /run**}, {@code /sys**}, {@code /proc**}, {@code /dev}, {@code **}{@code /shm}).
   */
  static boolean isLocal(String device, String mount, String type) {
    if (NETWORK_TYPES.contains(type) || !mount.startsWith("/")) {
      return false;
    }
    return mount.equals("/")
        || !(PSEUDO_TYPES.contains(type)
            || FileSystemUtil.isFileStoreExcluded(
                mount, device, PATH_INCLUDES, PATH_EXCLUDES, VOLUME_INCLUDES, VOLUME_EXCLUDES));
  }

  /**
   * A path of the mount table with the kernel's octal escapes ({@code \040} for a space, {@code
   * \011}, {@code \012}, {@code \134}) decoded; {@code null} when an escape is malformed.
   */
  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder path = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c != '\\') {
        path.append(c);
        continue;
      }
      if (i + 3 >= field.length()) {
        return null;
      }
      int value = 0;
      for (int j = 1; j <= 3; j++) {
        char digit = field.charAt(i + j);
        if (digit < '0' || digit > '7') {
          return null;
        }
        value = value * 8 + (digit - '0');
      }
      path.append((char) value);
      i += 3;
    }
    return path.toString();
  }
}
