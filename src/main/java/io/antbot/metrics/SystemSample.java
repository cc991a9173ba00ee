package io.antbot.metrics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * One OSHI sample of the machine and the process. Immutable; taken on a worker by {@link
 * SystemSampler} and read by gauges, health checks and {@code antbot.metrics.system}. A value the
 * platform cannot give is negative (counts, load averages) or NaN (ratios).
 *
 * @param at when the sample was taken
 * @param durationMs how long taking it took
 * @param logicalProcessors logical processors of the machine
 * @param cpuUsage CPU usage of the machine since the previous sample, 0..1
 * @param processCpuUsage CPU usage of this process since the previous sample, as a share of all
 *     processors, 0..1
 * @param load1 1-minute load average (negative when unavailable)
 * @param load5 5-minute load average
 * @param load15 15-minute load average
 * @param memoryTotal physical memory, bytes
 * @param memoryAvailable physical memory available, bytes
 * @param swapTotal swap space, bytes
 * @param swapUsed swap in use, bytes
 * @param disks local file systems
 * @param diskIo physical disks' cumulative I/O
 * @param networks network interfaces' cumulative traffic
 * @param systemOpenFds file descriptors open on the machine
 * @param processOpenFds file descriptors open by this process
 * @param processMaxFds this process's soft limit of open file descriptors
 * @param processResident resident memory of this process, bytes
 * @param systemUptimeS seconds since the machine booted
 * @param processUptimeS seconds since this process started
 */
public record SystemSample(
    Instant at,
    long durationMs,
    int logicalProcessors,
    double cpuUsage,
    double processCpuUsage,
    double load1,
    double load5,
    double load15,
    long memoryTotal,
    long memoryAvailable,
    long swapTotal,
    long swapUsed,
    List<DiskSpace> disks,
    List<DiskIo> diskIo,
    List<NetworkIo> networks,
    long systemOpenFds,
    long processOpenFds,
    long processMaxFds,
    long processResident,
    long systemUptimeS,
    double processUptimeS) {

  /**
   * A local file system: {@code free} is the space not in use, {@code usable} the part of it
   * unprivileged users may still use.
   */
  public record DiskSpace(String mount, String type, long total, long free, long usable) {
    /**
     * The share in use as {@code df} reports it, used / (used + usable); NaN for an empty file
     * system.
     */
    public double usage() {
      long used = total - free;
      return used + usable <= 0 ? Double.NaN : (double) used / (used + usable);
    }
  }

  /** A physical disk's I/O since boot. */
  public record DiskIo(String name, long reads, long readBytes, long writes, long writeBytes) {}

  /** A network interface's traffic since it came up. */
  public record NetworkIo(
      String name,
      long receivedBytes,
      long transmittedBytes,
      long receivedPackets,
      long transmittedPackets,
      long receiveErrors,
      long transmitErrors) {}

  /** The share of physical memory in use, 0..1; NaN when the total is unknown. */
  public double memoryUsage() {
    return memoryTotal <= 0 ? Double.NaN : 1.0 - (double) memoryAvailable / memoryTotal;
  }

  /** The fullest local file system's usage, 0..1; NaN when there is none. */
  public double maxDiskUsage() {
    return disks.stream()
        .mapToDouble(DiskSpace::usage)
        .filter(Double::isFinite)
        .max()
        .orElse(Double.NaN);
  }

  public DiskSpace disk(String mount) {
    return disks.stream().filter(d -> d.mount().equals(mount)).findFirst().orElse(null);
  }

  public DiskIo diskIo(String name) {
    return diskIo.stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
  }

  public NetworkIo network(String name) {
    return networks.stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
  }

  /** The reply of {@code antbot.metrics.system}. */
  public JsonObject toJson() {
    JsonArray diskJson = new JsonArray();
    disks.forEach(
        d ->
            diskJson.add(
                new JsonObject()
                    .put("mount", d.mount())
                    .put("type", d.type())
                    .put("total_bytes", d.total())
                    .put("free_bytes", d.free())
                    .put("usable_bytes", d.usable())
                    .put("usage_ratio", finite(d.usage()))));
    JsonArray ioJson = new JsonArray();
    diskIo.forEach(
        d ->
            ioJson.add(
                new JsonObject()
                    .put("disk", d.name())
                    .put("reads", d.reads())
                    .put("read_bytes", d.readBytes())
                    .put("writes", d.writes())
                    .put("write_bytes", d.writeBytes())));
    JsonArray netJson = new JsonArray();
    networks.forEach(
        n ->
            netJson.add(
                new JsonObject()
                    .put("interface", n.name())
                    .put("received_bytes", n.receivedBytes())
                    .put("transmitted_bytes", n.transmittedBytes())
                    .put("received_packets", n.receivedPackets())
                    .put("transmitted_packets", n.transmittedPackets())
                    .put("receive_errors", n.receiveErrors())
                    .put("transmit_errors", n.transmitErrors())));
    return new JsonObject()
        .put("at", at.toString())
        .put("sample_duration_ms", durationMs)
        .put(
            "cpu",
            new JsonObject()
                .put("system_usage_ratio", finite(cpuUsage))
                .put("process_usage_ratio", finite(processCpuUsage))
                .put("logical_processors", logicalProcessors)
                .put(
                    "load_average",
                    load1 < 0
                        ? null
                        : new JsonObject().put("1m", load1).put("5m", load5).put("15m", load15)))
        .put(
            "memory",
            new JsonObject()
                .put("total_bytes", memoryTotal)
                .put("available_bytes", memoryAvailable)
                .put("used_bytes", memoryTotal - memoryAvailable)
                .put("usage_ratio", finite(memoryUsage())))
        .put("swap", new JsonObject().put("total_bytes", swapTotal).put("used_bytes", swapUsed))
        .put("disks", diskJson)
        .put("disk_io", ioJson)
        .put("network", netJson)
        .put(
            "file_descriptors",
            new JsonObject()
                .put("system_open", systemOpenFds)
                .put("process_open", processOpenFds)
                .put("process_max", processMaxFds))
        .put(
            "process",
            new JsonObject()
                .put("resident_memory_bytes", processResident)
                .put("uptime_s", processUptimeS))
        .put("uptime_s", systemUptimeS);
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
