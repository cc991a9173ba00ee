package io.antbot.local;

import io.antbot.bus.ScrapeReply;
import io.antbot.bus.ScrapeRequest;
import io.vertx.core.shareddata.Shareable;

/**
 * The metrics service's scrape as a local call, published under {@link
 * LocalServices#METRICS_SCRAPER}: what {@code antbot.metrics.scrape} answers, without the bus round
 * trip and the copy of the exposition into the reply.
 *
 * <p>A scrape is CPU work proportional to the number of series (about a millisecond for the 500
 * custom series of the benchmark plus the Vert.x, JVM and system series) that never waits: the
 * system series read the service's cached OSHI sample, and the JVM's CPU and file-descriptor gauges
 * read {@code /proc}, which the kernel answers from memory. Safe to call from any thread.
 */
public interface PrometheusScraper extends Shareable {

  /**
   * The registry in the requested format, read at the time of the call.
   *
   * @param request the format, and whether to answer UTF-8 bytes ({@link ScrapeReply#body()}, what
   *     an HTTP route sends as is) or a String
   * @return the exposition with its content type; never {@code null}
   */
  ScrapeReply scrape(ScrapeRequest request);
}
