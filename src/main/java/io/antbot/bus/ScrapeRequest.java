package io.antbot.bus;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code antbot.metrics.scrape}: {@code {format?, binary?}} → {@link ScrapeReply} {@code
 * {content_type, text}}.
 *
 * @param format {@value #PROMETHEUS} (the text format 0.0.4, default) or {@value #OPENMETRICS}
 *     (OpenMetrics 1.0.0)
 * @param binary {@code true} to get the exposition as UTF-8 bytes in {@code body} (a Buffer)
 *     instead of {@code text}: what the HTTP route sends as is, without decoding and encoding it
 *     again; default {@code false}
 */
public record ScrapeRequest(String format, boolean binary) {

  public static final String PROMETHEUS = "prometheus";
  public static final String OPENMETRICS = "openmetrics";

  /** The content type of the Prometheus text format. */
  public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** The content type of the OpenMetrics text format. */
  public static final String OPENMETRICS_CONTENT_TYPE =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private static final Set<String> FIELDS = Set.of("format", "binary");

  public ScrapeRequest(String format) {
    this(format, false);
  }

  public static ScrapeRequest fromJson(JsonObject json) {
    JsonFields.rejectUnknown(json, FIELDS);
    String format = JsonFields.optionalString(json, "format", PROMETHEUS);
    if (!PROMETHEUS.equals(format) && !OPENMETRICS.equals(format)) {
      throw BusException.badRequest(
          "format: expected prometheus or openmetrics, got " + JsonFields.describe(format));
    }
    return new ScrapeRequest(format, JsonFields.optionalBoolean(json, "binary", false));
  }

  /**
   * The binary request for what an HTTP scraper asks in its {@code Accept} header: OpenMetrics only
   * when it names it.
   */
  public static ScrapeRequest forAccept(String accept) {
    return new ScrapeRequest(
        accept != null && accept.contains("application/openmetrics-text")
            ? OPENMETRICS
            : PROMETHEUS,
        true);
  }

  /** The content type of the requested format. */
  public String contentType() {
    return OPENMETRICS.equals(format) ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("format", format);
    if (binary) {
      json.put("binary", true);
    }
    return json;
  }
}
