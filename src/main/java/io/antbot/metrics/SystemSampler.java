package io.antbot.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Takes {@link SystemSample}s with OSHI. Every call blocks (it reads {@code /proc}, {@code sysfs}
 * and the like), so the service calls it on a worker only; CPU usages are measured between two
 * consecutive samples.
 */
final class SystemSampler {

  private SystemInfo info;
  private HardwareAbstractionLayer hardware;
  private OperatingSystem os;
  private long[] previousTicks;
  private OSProcess previousProcess;

  /** Takes a sample; the first one initialises OSHI and measures CPU usage since then. Blocking. */
  synchronized SystemSample sample() {
    long started = System.nanoTime();
    if (info == null) {
      info = new SystemInfo();
      hardware = info.getHardware();
      os = info.getOperatingSystem();
      previousTicks = hardware.getProcessor().getSystemCpuLoadTicks();
      previousProcess = os.getProcess(os.getProcessId());
    }
    CentralProcessor cpu = hardware.getProcessor();
    int processors = cpu.getLogicalProcessorCount();
    double cpuUsage = clamp(cpu.getSystemCpuLoadBetweenTicks(previousTicks));
    previousTicks = cpu.getSystemCpuLoadTicks();

    OSProcess process = os.getProcess(os.getProcessId());
    double processCpu = Double.NaN;
    long openFds = -1;
    long maxFds = -1;
    long resident = -1;
    double processUptime = Double.NaN;
    if (process != null) {
      processCpu =
          previousProcess == null
              ? Double.NaN
              : clamp(
                  process.getProcessCpuLoadBetweenTicks(previousProcess) / Math.max(1, processors));
      openFds = process.getOpenFiles();
      maxFds = process.getSoftOpenFileLimit();
      resident = process.getResidentSetSize();
      processUptime = process.getUpTime() / 1000.0;
      previousProcess = process;
    }

    double[] load = cpu.getSystemLoadAverage(3);
    GlobalMemory memory = hardware.getMemory();

    List<SystemSample.DiskSpace> disks = diskSpaces();
    List<SystemSample.DiskIo> diskIo = new ArrayList<>();
    for (HWDiskStore disk : hardware.getDiskStores()) {
      diskIo.add(
          new SystemSample.DiskIo(
              disk.getName(),
              disk.getReads(),
              disk.getReadBytes(),
              disk.getWrites(),
              disk.getWriteBytes()));
    }
    List<SystemSample.NetworkIo> networks = new ArrayList<>();
    for (NetworkIF network : hardware.getNetworkIFs(true)) {
      networks.add(
          new SystemSample.NetworkIo(
              network.getName(),
              network.getBytesRecv(),
              network.getBytesSent(),
              network.getPacketsRecv(),
              network.getPacketsSent(),
              network.getInErrors(),
              network.getOutErrors()));
    }

    return new SystemSample(
        Instant.now(),
        (System.nanoTime() - started) / 1_000_000,
        processors,
        cpuUsage,
        processCpu,
        load.length > 0 ? load[0] : -1,
        load.length > 1 ? load[1] : -1,
        load.length > 2 ? load[2] : -1,
        memory.getTotal(),
        memory.getAvailable(),
        memory.getVirtualMemory().getSwapTotal(),
        memory.getVirtualMemory().getSwapUsed(),
        List.copyOf(disks),
        List.copyOf(diskIo),
        List.copyOf(networks),
        os.getFileSystem().getOpenFileDescriptors(),
        openFds,
        maxFds,
        resident,
        os.getSystemUptime(),
        processUptime);
  }

  /**
   * The local file systems' space: from the kernel's mount table on Linux ({@link
   * MountedFileSystems}, no child process), else from OSHI.
   */
  private List<SystemSample.DiskSpace> diskSpaces() {
    if (MountedFileSystems.available()) {
      try {
        return MountedFileSystems.read(MountedFileSystems.PROC_MOUNTS);
      } catch (java.io.IOException | RuntimeException unreadable) {
        // Fall through to OSHI, which reads the same table its own way.
      }
    }
    List<SystemSample.DiskSpace> disks = new ArrayList<>();
    for (OSFileStore store : os.getFileSystem().getFileStores(true)) {
      disks.add(
          new SystemSample.DiskSpace(
              store.getMount(),
              store.getType(),
              store.getTotalSpace(),
              store.getFreeSpace(),
              store.getUsableSpace()));
    }
    return disks;
  }

  private static double clamp(double ratio) {
    return Double.isFinite(ratio) ? Math.min(1.0, Math.max(0.0, ratio)) : Double.NaN;
  }
}
