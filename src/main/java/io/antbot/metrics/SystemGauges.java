package io.antbot.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The {@code antbot_system_*} and {@code antbot_process_*} series: gauges and counters that read
 * the latest {@link SystemSample}, so a scrape never samples the system. Series per mount, disk and
 * interface are registered as they appear ({@link #track}), within the cardinality budget; values
 * missing from the latest sample read NaN.
 */
final class SystemGauges {

  private final MeterRegistry registry;
  private final CardinalityGuard guard;
  private final Supplier<SystemSample> latest;
  private final Set<String> tracked = new HashSet<>();

  SystemGauges(MeterRegistry registry, CardinalityGuard guard, Supplier<SystemSample> latest) {
    this.registry = registry;
    this.guard = guard;
    this.latest = latest;
    gauge(MetricNames.SYSTEM_CPU_USAGE, SystemSample::cpuUsage);
    gauge(MetricNames.PROCESS_CPU_USAGE, SystemSample::processCpuUsage);
    gauge(MetricNames.SYSTEM_MEMORY_TOTAL, SystemSample::memoryTotal);
    gauge(MetricNames.SYSTEM_MEMORY_AVAILABLE, SystemSample::memoryAvailable);
    gauge(MetricNames.SYSTEM_MEMORY_USAGE, SystemSample::memoryUsage);
    gauge(MetricNames.SYSTEM_SWAP_TOTAL, SystemSample::swapTotal);
    gauge(MetricNames.SYSTEM_SWAP_USED, SystemSample::swapUsed);
    gauge(MetricNames.SYSTEM_OPEN_FDS, s -> known(s.systemOpenFds()));
    gauge(MetricNames.PROCESS_OPEN_FDS, s -> known(s.processOpenFds()));
    gauge(MetricNames.PROCESS_MAX_FDS, s -> known(s.processMaxFds()));
    gauge(MetricNames.PROCESS_RESIDENT_MEMORY, s -> known(s.processResident()));
    gauge(MetricNames.SYSTEM_UPTIME, s -> known(s.systemUptimeS()));
    gauge(MetricNames.PROCESS_UPTIME, SystemSample::processUptimeS);
    gauge(
        MetricNames.SYSTEM_SAMPLE_AGE,
        s -> Duration.between(s.at(), Instant.now()).toMillis() / 1000.0);
  }

  private static double known(long value) {
    return value < 0 ? Double.NaN : value;
  }

  private void gauge(MetricName metric, ToDoubleFunction<SystemSample> value) {
    Meters.gauge(registry, metric, Tags.empty(), this, self -> read(value));
  }

  private double read(ToDoubleFunction<SystemSample> value) {
    SystemSample sample = latest.get();
    return sample == null ? Double.NaN : value.applyAsDouble(sample);
  }

  /** Registers the series of the mounts, disks and interfaces of {@code sample} not seen before. */
  void track(SystemSample sample) {
    if (sample.load1() >= 0 && tracked.add("load")) {
      loadAverage("1m", SystemSample::load1);
      loadAverage("5m", SystemSample::load5);
      loadAverage("15m", SystemSample::load15);
    }
    for (SystemSample.DiskSpace disk : sample.disks()) {
      String mount = disk.mount();
      if (tracked.contains("mount:" + mount)
          || !admitted(MetricNames.SYSTEM_DISK_TOTAL, "mount", mount)) {
        continue;
      }
      tracked.add("mount:" + mount);
      Tags tags = Tags.of("mount", mount);
      perLabel(MetricNames.SYSTEM_DISK_TOTAL, tags, s -> s.disk(mount), d -> d.total());
      perLabel(MetricNames.SYSTEM_DISK_FREE, tags, s -> s.disk(mount), d -> d.usable());
      perLabel(
          MetricNames.SYSTEM_DISK_USAGE, tags, s -> s.disk(mount), SystemSample.DiskSpace::usage);
    }
    for (SystemSample.DiskIo disk : sample.diskIo()) {
      String name = disk.name();
      if (tracked.contains("disk:" + name)
          || !admitted(MetricNames.SYSTEM_DISK_READ, "disk", name)) {
        continue;
      }
      tracked.add("disk:" + name);
      Tags tags = Tags.of("disk", name);
      perLabelCounter(MetricNames.SYSTEM_DISK_READ, tags, s -> s.diskIo(name), d -> d.readBytes());
      perLabelCounter(
          MetricNames.SYSTEM_DISK_WRITTEN, tags, s -> s.diskIo(name), d -> d.writeBytes());
      perLabelCounter(MetricNames.SYSTEM_DISK_READS, tags, s -> s.diskIo(name), d -> d.reads());
      perLabelCounter(MetricNames.SYSTEM_DISK_WRITES, tags, s -> s.diskIo(name), d -> d.writes());
    }
    for (SystemSample.NetworkIo network : sample.networks()) {
      String name = network.name();
      if (tracked.contains("interface:" + name)
          || !admitted(MetricNames.SYSTEM_NETWORK_RECEIVED, "interface", name)) {
        continue;
      }
      tracked.add("interface:" + name);
      Tags tags = Tags.of("interface", name);
      Function<SystemSample, SystemSample.NetworkIo> find = s -> s.network(name);
      perLabelCounter(MetricNames.SYSTEM_NETWORK_RECEIVED, tags, find, n -> n.receivedBytes());
      perLabelCounter(
          MetricNames.SYSTEM_NETWORK_TRANSMITTED, tags, find, n -> n.transmittedBytes());
      perLabelCounter(
          MetricNames.SYSTEM_NETWORK_RECEIVED_PACKETS, tags, find, n -> n.receivedPackets());
      perLabelCounter(
          MetricNames.SYSTEM_NETWORK_TRANSMITTED_PACKETS, tags, find, n -> n.transmittedPackets());
      perLabelCounter(
          MetricNames.SYSTEM_NETWORK_RECEIVE_ERRORS, tags, find, n -> n.receiveErrors());
      perLabelCounter(
          MetricNames.SYSTEM_NETWORK_TRANSMIT_ERRORS, tags, find, n -> n.transmitErrors());
    }
  }

  /**
   * Beyond the budget a system series is not registered at all: a folded "other" disk would mean
   * nothing.
   */
  private boolean admitted(MetricName metric, String label, String value) {
    return !CardinalityGuard.OTHER.equals(guard.admit(metric.prometheusName(), label, value));
  }

  private void loadAverage(String window, ToDoubleFunction<SystemSample> value) {
    Meters.gauge(
        registry,
        MetricNames.SYSTEM_LOAD_AVERAGE,
        Tags.of("window", window),
        this,
        self -> read(value));
  }

  private <T> void perLabel(
      MetricName metric, Tags tags, Function<SystemSample, T> find, ToDoubleFunction<T> value) {
    Meters.gauge(registry, metric, tags, this, self -> readItem(find, value));
  }

  private <T> void perLabelCounter(
      MetricName metric, Tags tags, Function<SystemSample, T> find, ToDoubleFunction<T> value) {
    Meters.functionCounter(registry, metric, tags, this, self -> readItem(find, value));
  }

  private <T> double readItem(Function<SystemSample, T> find, ToDoubleFunction<T> value) {
    SystemSample sample = latest.get();
    T item = sample == null ? null : find.apply(sample);
    return item == null ? Double.NaN : value.applyAsDouble(item);
  }
}
