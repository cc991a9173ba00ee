package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.metrics.scrape}: {@code {format?}} → {@link ScrapeReply} {@code {content_type, text}}.
 *
 * @param format {@value #PROMETHEUS} (the text format 0.0.4, default) or {@value #OPENMETRICS} (OpenMetrics 1.0.0)
 */
public record ScrapeRequest(String format) {

  public static final String PROMETHEUS = "prometheus";
  public static final String OPENMETRICS = "openmetrics";
  /** The content type of the Prometheus text format. */
  public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  /** The content type of the OpenMetrics text format. */
  public static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  private static final Set<String> FIELDS = Set.of("format");

  public static ScrapeRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    String format = JsonFields.optionalString(json, "format", PROMETHEUS);
    if (!PROMETHEUS.equals(format) && !OPENMETRICS.equals(format)) {
      throw BusException.badRequest("format: expected prometheus or openmetrics, got " + JsonFields.describe(format));
    }
    return new ScrapeRequest(format);
  }

  /** The format an HTTP scraper asks for in its {@code Accept} header: OpenMetrics only when it names it. */
  public static ScrapeRequest forAccept(String accept) {
    return new ScrapeRequest(accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : PROMETHEUS);
  }

  /** The content type of the requested format. */
  public String contentType() {
    return OPENMETRICS.equals(format) ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE;
  }

  public JsonObject toJson() {
    return new JsonObject().put("format", format);
  }
}
