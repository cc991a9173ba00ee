package io.antbot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.client.LogClient;
import io.antbot.service.Correlation;
import io.antbot.web.HttpVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The correlation id of an HTTP request on the log lines of the bus handlers it reached, through
 * the real router.
 */
@ExtendWith(VertxExtension.class)
class HttpCorrelationTest {

  @TempDir Path dir;

  @Test
  @DisplayName(
      "the X-Correlation-Id of a /health/ready request is on the lines the status handlers wrote")
  void correlationAcrossHttpAndBus(Vertx vertx, VertxTestContext test) {
    String id = "http-corr-" + Correlation.newId().substring(0, 8);
    LogClient logs = new LogClient(vertx);
    JsonObject http = new JsonObject().put("http", new JsonObject().put("port", 0));
    String[] loggingId = new String[1];
    LoggingTestSupport.deploy(vertx, dir, "production", new JsonObject(), http)
        .compose(
            deployed -> {
              loggingId[0] = deployed;
              return logs.setLevel("io.antbot.service.ServiceVerticle", "DEBUG", null);
            })
        .compose(v -> vertx.deployVerticle(new HttpVerticle()))
        .compose(v -> logs.status("http"))
        .compose(
            status ->
                WebClient.create(vertx)
                    .get(status.details().getInteger("port"), "127.0.0.1", "/health/ready")
                    .putHeader(Correlation.HTTP_HEADER, id)
                    .send())
        .compose(
            response -> {
              assertThat(response.getHeader(Correlation.HTTP_HEADER)).isEqualTo(id);
              return vertx.undeploy(loggingId[0]);
            })
        .onComplete(
            test.succeeding(
                v ->
                    test.verify(
                        () -> {
                          List<JsonObject> mine =
                              LoggingTestSupport.jsonLines(LoggingTestSupport.logDir(dir)).stream()
                                  .map(JsonObject::new)
                                  .filter(line -> id.equals(line.getString("correlation_id")))
                                  .toList();
                          assertThat(mine)
                              .extracting(line -> line.getString("message"))
                              .contains(
                                  "config handles antbot.config.status",
                                  "logging handles antbot.logging.status",
                                  "http handles antbot.http.status");
                          assertThat(mine)
                              .allSatisfy(
                                  line ->
                                      assertThat(line.getString("thread_name"))
                                          .startsWith("vert.x-eventloop"));
                          test.completeNow();
                        })));
  }
}
