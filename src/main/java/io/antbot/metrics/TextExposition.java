package io.antbot.metrics;

import io.antbot.vertx.VertxInternals;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The Prometheus text format (version 0.0.4) written straight as UTF-8 bytes, byte for byte what
 * the client library's {@code PrometheusTextFormatWriter} (prometheus-metrics 1.3, as Micrometer
 * 1.15 configures it by default: no {@code _created} series) writes for the same snapshots — {@code
 * TextExpositionTest} compares the two on every kind of meter.
 *
 * <p>Written by hand because the library's writer goes through a {@code BufferedWriter} and an
 * {@code OutputStreamWriter}, one synchronised call per name, label, quote and number: about a
 * third of a scrape's time was spent there (profiled), and a scrape runs on the HTTP event loop.
 * This writer fills a byte array.
 *
 * <p>It covers what Micrometer produces — counters, gauges, classic histograms, summaries, info and
 * untyped metrics, without scrape timestamps. For anything else ({@link #write} returns {@code
 * null}) the caller uses the library's writer.
 */
final class TextExposition {

  /**
   * What the text format escapes: nothing in names, backslash and newline in help, also quotes in
   * label values.
   */
  private static final boolean[] NO_ESCAPES = escapes("");

  private static final boolean[] HELP_ESCAPES = escapes("\\\n");
  private static final boolean[] LABEL_ESCAPES = escapes("\\\n\"");

  private byte[] bytes;
  private int size;

  /**
   * The encoded name of the data points being written, and of the label names at each position: the
   * metric name and label names repeat on every data point, as the same string objects, so each is
   * encoded once per run of them.
   */
  private String lastName;

  private String lastSuffix;
  private byte[] lastNameBytes;
  private String[] labelNames = new String[8];
  private byte[][] labelNameBytes = new byte[8][];

  private static boolean[] escapes(String characters) {
    boolean[] escapes = new boolean[128];
    characters.chars().forEach(c -> escapes[c] = true);
    return escapes;
  }

  private TextExposition(int capacity) {
    bytes = new byte[Math.max(capacity, 1024)];
  }

  /**
   * Writes {@code snapshots}; {@code null} when they hold a kind of metric or data this writer
   * leaves to the library (state set, gauge histogram, a scrape timestamp).
   *
   * @param sizeHint the expected size in bytes (the previous scrape's)
   */
  static Buffer write(MetricSnapshots snapshots, int sizeHint) {
    TextExposition out = new TextExposition(sizeHint);
    for (MetricSnapshot snapshot : snapshots) {
      if (!supported(snapshot)) {
        return null;
      }
      if (snapshot.getDataPoints().isEmpty()) {
        continue;
      }
      if (snapshot instanceof CounterSnapshot counter) {
        out.values(
            counter.getMetadata(),
            "_total",
            "counter",
            counter.getDataPoints(),
            CounterSnapshot.CounterDataPointSnapshot::getValue);
      } else if (snapshot instanceof GaugeSnapshot gauge) {
        out.values(
            gauge.getMetadata(),
            null,
            "gauge",
            gauge.getDataPoints(),
            GaugeSnapshot.GaugeDataPointSnapshot::getValue);
      } else if (snapshot instanceof HistogramSnapshot histogram) {
        out.histogram(histogram);
      } else if (snapshot instanceof SummarySnapshot summary) {
        out.summary(summary);
      } else if (snapshot instanceof UnknownSnapshot unknown) {
        out.values(
            unknown.getMetadata(),
            null,
            "untyped",
            unknown.getDataPoints(),
            UnknownSnapshot.UnknownDataPointSnapshot::getValue);
      } else if (snapshot instanceof InfoSnapshot info) {
        out.info(info);
      }
    }
    return VertxInternals.wrap(out.bytes, out.size);
  }

  private static boolean supported(MetricSnapshot snapshot) {
    boolean kind =
        snapshot instanceof CounterSnapshot
            || snapshot instanceof GaugeSnapshot
            || snapshot instanceof HistogramSnapshot histogram && !histogram.isGaugeHistogram()
            || snapshot instanceof SummarySnapshot
            || snapshot instanceof UnknownSnapshot
            || snapshot instanceof InfoSnapshot;
    if (!kind) {
      return false;
    }
    List<? extends DataPointSnapshot> points = snapshot.getDataPoints();
    for (int i = 0; i < points.size(); i++) {
      if (points.get(i).hasScrapeTimestamp()) {
        return false;
      }
    }
    return true;
  }

  /** A metric of one value per data point: counter ({@code _total}), gauge or untyped. */
  private <D extends DataPointSnapshot> void values(
      MetricMetadata metadata,
      String suffix,
      String type,
      List<D> points,
      ToDoubleFunction<D> value) {
    metadata(metadata, suffix == null ? "" : suffix, type);
    for (D data : points) {
      nameAndLabels(metadata.getPrometheusName(), suffix, data.getLabels(), null, 0);
      number(value.applyAsDouble(data));
      ascii('\n');
    }
  }

  private void histogram(HistogramSnapshot snapshot) {
    MetricMetadata metadata = snapshot.getMetadata();
    String name = metadata.getPrometheusName();
    metadata(metadata, "", "histogram");
    for (HistogramSnapshot.HistogramDataPointSnapshot data : snapshot.getDataPoints()) {
      ClassicHistogramBuckets buckets =
          data.getClassicBuckets().isEmpty()
              ? ClassicHistogramBuckets.of(
                  new double[] {Double.POSITIVE_INFINITY}, new long[] {data.getCount()})
              : data.getClassicBuckets();
      long cumulative = 0;
      for (int i = 0; i < buckets.size(); i++) {
        cumulative += buckets.getCount(i);
        nameAndLabels(name, "_bucket", data.getLabels(), "le", buckets.getUpperBound(i));
        number(cumulative);
        ascii('\n');
      }
      countAndSum(
          name, data.getLabels(), data.hasCount(), data.getCount(), data.hasSum(), data.getSum());
    }
  }

  private void summary(SummarySnapshot snapshot) {
    MetricMetadata metadata = snapshot.getMetadata();
    String name = metadata.getPrometheusName();
    boolean metadataWritten = false;
    for (SummarySnapshot.SummaryDataPointSnapshot data : snapshot.getDataPoints()) {
      if (data.getQuantiles().size() == 0 && !data.hasCount() && !data.hasSum()) {
        continue;
      }
      if (!metadataWritten) {
        metadata(metadata, "", "summary");
        metadataWritten = true;
      }
      for (Quantile quantile : data.getQuantiles()) {
        nameAndLabels(name, null, data.getLabels(), "quantile", quantile.getQuantile());
        number(quantile.getValue());
        ascii('\n');
      }
      countAndSum(
          name, data.getLabels(), data.hasCount(), data.getCount(), data.hasSum(), data.getSum());
    }
  }

  /**
   * An info metric ({@code jvm_info}): a gauge named {@code <name>_info} of value 1 whose labels
   * carry the facts.
   */
  private void info(InfoSnapshot snapshot) {
    MetricMetadata metadata = snapshot.getMetadata();
    metadata(metadata, "_info", "gauge");
    for (InfoSnapshot.InfoDataPointSnapshot data : snapshot.getDataPoints()) {
      nameAndLabels(metadata.getPrometheusName(), "_info", data.getLabels(), null, 0);
      ascii('1');
      ascii('\n');
    }
  }

  private void countAndSum(
      String name, Labels labels, boolean hasCount, long count, boolean hasSum, double sum) {
    if (hasCount) {
      nameAndLabels(name, "_count", labels, null, 0);
      number(count);
      ascii('\n');
    }
    if (hasSum) {
      nameAndLabels(name, "_sum", labels, null, 0);
      number(sum);
      ascii('\n');
    }
  }

  /** {@code # HELP name help} (when there is help) and {@code # TYPE name type}. */
  private void metadata(MetricMetadata metadata, String suffix, String type) {
    String help = metadata.getHelp();
    if (help != null && !help.isEmpty()) {
      text("# HELP ");
      text(metadata.getPrometheusName());
      text(suffix);
      ascii(' ');
      escaped(help, HELP_ESCAPES);
      ascii('\n');
    }
    text("# TYPE ");
    text(metadata.getPrometheusName());
    text(suffix);
    ascii(' ');
    text(type);
    ascii('\n');
  }

  /** {@code name_suffix{label="value",...,extra="1.0"} }: labels only when there are some. */
  private void nameAndLabels(
      String name, String suffix, Labels labels, String extraName, double extraValue) {
    if (name != lastName || suffix != lastSuffix) {
      lastName = name;
      lastSuffix = suffix;
      lastNameBytes = (suffix == null ? name : name + suffix).getBytes(StandardCharsets.UTF_8);
    }
    raw(lastNameBytes);
    // Labels.isEmpty() compares with the empty set element by element; the size says the same.
    int count = labels.size();
    if (count > 0 || extraName != null) {
      ascii('{');
      for (int i = 0; i < count; i++) {
        if (i > 0) {
          ascii(',');
        }
        labelName(i, labels.getPrometheusName(i));
        escaped(labels.getValue(i), LABEL_ESCAPES);
        ascii('"');
      }
      if (extraName != null) {
        if (count > 0) {
          ascii(',');
        }
        text(extraName);
        text("=\"");
        number(extraValue);
        ascii('"');
      }
      ascii('}');
    }
    ascii(' ');
  }

  /**
   * {@code name="}, the name's bytes kept while the same name object comes back at the same
   * position.
   */
  private void labelName(int position, String name) {
    if (position >= labelNames.length) {
      labelNames = Arrays.copyOf(labelNames, position + 8);
      labelNameBytes = Arrays.copyOf(labelNameBytes, position + 8);
    }
    if (labelNames[position] != name) {
      labelNames[position] = name;
      labelNameBytes[position] = (name + "=\"").getBytes(StandardCharsets.UTF_8);
    }
    raw(labelNameBytes[position]);
  }

  private void raw(byte[] encoded) {
    room(encoded.length);
    System.arraycopy(encoded, 0, bytes, size, encoded.length);
    size += encoded.length;
  }

  /** As the library writes a double: {@code +Inf}, {@code -Inf}, else {@link Double#toString}. */
  private void number(double value) {
    if (value == Double.POSITIVE_INFINITY) {
      text("+Inf");
    } else if (value == Double.NEGATIVE_INFINITY) {
      text("-Inf");
    } else {
      text(Double.toString(value));
    }
  }

  private void number(long value) {
    if (value >= 0 && value < 10) {
      ascii((char) ('0' + value));
    } else {
      text(Long.toString(value));
    }
  }

  /** A string as UTF-8, nothing escaped. */
  private void text(String value) {
    escaped(value, NO_ESCAPES);
  }

  /**
   * A string as UTF-8 with the ASCII characters marked in {@code escapes} written as {@code \\},
   * {@code \"} or {@code \n}: room for the worst case first (3 bytes a character), then one tight
   * loop for the plain ASCII characters names, help texts and most label values are made of.
   */
  private void escaped(String value, boolean[] escapes) {
    int length = value.length();
    room(3 * length);
    byte[] out = bytes;
    int at = size;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x80 && !escapes[c]) {
        out[at++] = (byte) c;
        continue;
      }
      if (c < 0x80) {
        out[at++] = '\\';
        out[at++] = (byte) (c == '\n' ? 'n' : c);
        continue;
      }
      size = at;
      i += character(value, i) - 1;
      at = size;
      out = bytes;
    }
    size = at;
  }

  /**
   * The character at {@code i} as UTF-8 (with the next one when the two form a surrogate pair); a
   * lone surrogate becomes {@code ?}, as Java's UTF-8 encoder writes it. Returns how many
   * characters it took.
   */
  private int character(String value, int i) {
    char c = value.charAt(i);
    if (c < 0x80) {
      ascii(c);
    } else if (c < 0x800) {
      room(2);
      bytes[size++] = (byte) (0xc0 | c >> 6);
      bytes[size++] = (byte) (0x80 | c & 0x3f);
    } else if (Character.isSurrogate(c)) {
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        int point = Character.toCodePoint(c, value.charAt(i + 1));
        room(4);
        bytes[size++] = (byte) (0xf0 | point >> 18);
        bytes[size++] = (byte) (0x80 | point >> 12 & 0x3f);
        bytes[size++] = (byte) (0x80 | point >> 6 & 0x3f);
        bytes[size++] = (byte) (0x80 | point & 0x3f);
        return 2;
      }
      ascii('?');
    } else {
      room(3);
      bytes[size++] = (byte) (0xe0 | c >> 12);
      bytes[size++] = (byte) (0x80 | c >> 6 & 0x3f);
      bytes[size++] = (byte) (0x80 | c & 0x3f);
    }
    return 1;
  }

  private void ascii(char c) {
    room(1);
    bytes[size++] = (byte) c;
  }

  private void room(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
