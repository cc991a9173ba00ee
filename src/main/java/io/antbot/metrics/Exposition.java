package io.antbot.metrics;

import io.antbot.bus.ScrapeReply;
import io.antbot.bus.ScrapeRequest;
import io.antbot.local.PrometheusScraper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The registry in the format a scrape asks for: as text for bus callers, or written once straight
 * into the bytes the HTTP route sends (sized after the previous scrape, so the buffer rarely grows)
 * — the Prometheus text format by {@link TextExposition}, OpenMetrics by the client library's
 * writer.
 *
 * <p>Published as the {@link PrometheusScraper} the HTTP route calls on its own event loop: the
 * registry is safe to scrape from any thread, and every gauge the service registers reads a
 * volatile or immutable value.
 */
final class Exposition implements PrometheusScraper {

  private final PrometheusMeterRegistry registry;

  /** A size hint only: a stale read from another thread costs at most one growth of the buffer. */
  private volatile int lastSize = 64 * 1024;

  Exposition(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public ScrapeReply scrape(ScrapeRequest request) {
    String contentType = request.contentType();
    if (!request.binary()) {
      return new ScrapeReply(contentType, registry.scrape(contentType));
    }
    Buffer written =
        ScrapeRequest.PROMETHEUS_CONTENT_TYPE.equals(contentType)
            ? TextExposition.write(registry.getPrometheusRegistry().scrape(), lastSize + 4096)
            : null;
    if (written == null) {
      BufferOutputStream out = new BufferOutputStream(lastSize + 4096);
      try {
        registry.scrape(out, contentType);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      written = out.buffer();
    }
    lastSize = written.length();
    return new ScrapeReply(contentType, null, written);
  }
}
