package io.antbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountedFileSystemsTest {

  @Test
  @DisplayName(
      "a mount table gives its local file systems once each, with the space statvfs reports; pseudo, network and system paths left out")
  void localFileSystemsOfATable(@TempDir Path dir) throws Exception {
    Path spaced = Files.createDirectory(dir.resolve("data disk"));
    String escaped = spaced.toString().replace(" ", "\\040");
    Path table = dir.resolve("mounts");
    Files.writeString(
        table,
        String.join(
            "\n",
            "proc /proc proc rw,relatime 0 0",
            "sysfs /sys sysfs rw 0 0",
            "devtmpfs /dev devtmpfs rw 0 0",
            "tmpfs /dev/shm tmpfs rw 0 0",
            "tmpfs /run/user/1000 tmpfs rw 0 0",
            "overlay /var/lib/docker/overlay2/x/merged overlay rw 0 0",
            "server:/export /mnt/share nfs4 rw 0 0",
            "/dev/vda / ext4 rw 0 0",
            "/dev/vdb " + escaped + " xfs rw 0 0",
            "/dev/vdb " + escaped + " ext4 rw 0 0",
            "/dev/vdc " + dir.resolve("gone") + " ext4 rw 0 0",
            "/dev/vdd /bad\\09x ext4 rw 0 0",
            "/dev/vde /cut\\04 ext4 rw 0 0",
            "relative mnt ext4 rw 0 0",
            "garbage",
            "",
            "/dev/vdf /" + "x".repeat(MountedFileSystems.MAX_LINE_CHARS) + " ext4 rw 0 0"));

    List<SystemSample.DiskSpace> disks = MountedFileSystems.read(table);

    assertThat(disks)
        .extracting(SystemSample.DiskSpace::mount)
        .containsExactly("/", spaced.toString());
    SystemSample.DiskSpace data = disks.get(1);
    assertThat(data.type()).isEqualTo("ext4");
    assertThat(data.total()).isEqualTo(Files.getFileStore(spaced).getTotalSpace()).isPositive();
    assertThat(data.free()).isBetween(0L, data.total());
    assertThat(data.usable()).isBetween(0L, data.free());
  }

  @Test
  @DisplayName(
      "local as OSHI's query counts it: the root whatever its type; no network, pseudo or system mount")
  void localAsOshiCountsIt() {
    assertThat(MountedFileSystems.isLocal("overlay", "/", "overlay")).isTrue();
    assertThat(MountedFileSystems.isLocal("/dev/vda1", "/home", "ext4")).isTrue();
    assertThat(MountedFileSystems.isLocal("tmpfs", "/mnt/ramdisk", "tmpfs")).isTrue();
    assertThat(MountedFileSystems.isLocal("overlay", "/var/lib/docker/x/merged", "overlay"))
        .isFalse();
    assertThat(MountedFileSystems.isLocal("server:/export", "/mnt/share", "nfs4")).isFalse();
    assertThat(MountedFileSystems.isLocal("//host/share", "/mnt/win", "cifs")).isFalse();
    assertThat(MountedFileSystems.isLocal("tmpfs", "/run/user/1000", "tmpfs")).isFalse();
    assertThat(MountedFileSystems.isLocal("tmpfs", "/dev/shm", "tmpfs")).isFalse();
    assertThat(MountedFileSystems.isLocal("devtmpfs", "/dev", "devtmpfs")).isFalse();
    assertThat(MountedFileSystems.isLocal("proc", "/proc", "proc")).isFalse();
    assertThat(MountedFileSystems.isLocal("/dev/loop0", "/snap/core/1", "squashfs")).isFalse();
  }

  @Test
  @DisplayName("escapes of the mount table are decoded; a malformed one leaves the line out")
  void escapes() {
    assertThat(MountedFileSystems.unescape("/mnt/a\\040b\\011c\\134d")).isEqualTo("/mnt/a b\tc\\d");
    assertThat(MountedFileSystems.unescape("/plain")).isEqualTo("/plain");
    assertThat(MountedFileSystems.unescape("/x\\08")).isNull();
    assertThat(MountedFileSystems.unescape("/x\\04")).isNull();
    assertThat(MountedFileSystems.unescape("\\")).isNull();
  }

  @Test
  @DisplayName(
      "a hostile table is read within its bounds: lines past the limit and file systems past the cap are not reported")
  void hostileTable(@TempDir Path dir) throws Exception {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < MountedFileSystems.MAX_LINES + 10; i++) {
      many.append("/dev/vda / ext4 rw 0 0\n");
    }
    Path repeated = dir.resolve("repeated");
    Files.writeString(repeated, many);
    assertThat(MountedFileSystems.read(repeated))
        .extracting(SystemSample.DiskSpace::mount)
        .containsExactly("/");

    StringBuilder distinct = new StringBuilder();
    for (int i = 0; i < MountedFileSystems.MAX_FILE_SYSTEMS + 20; i++) {
      Path mount = Files.createDirectory(dir.resolve("m" + i));
      distinct.append("/dev/vda ").append(mount).append(" ext4 rw 0 0\n");
    }
    Path wide = dir.resolve("wide");
    Files.writeString(wide, distinct);
    assertThat(MountedFileSystems.read(wide)).hasSize(MountedFileSystems.MAX_FILE_SYSTEMS);
  }

  @Test
  @DisplayName("on Linux, the kernel's own table is read and names only local file systems")
  void thisSystem() throws Exception {
    assumeTrue(MountedFileSystems.available(), "no /proc/self/mounts here");
    List<SystemSample.DiskSpace> disks = MountedFileSystems.read(MountedFileSystems.PROC_MOUNTS);
    assertThat(disks)
        .allSatisfy(
            disk -> {
              assertThat(disk.mount()).startsWith("/");
              assertThat(disk.total()).isNotNegative();
            });
    assertThat(disks).extracting(SystemSample.DiskSpace::mount).doesNotHaveDuplicates();
  }
}
