package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The OpenAPI document and the routes the API router serves describe the same operations. */
@ExtendWith(VertxExtension.class)
class OpenApiConsistencyTest {

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");

  @Test
  @DisplayName(
      "every route under /api/v1 is in openapi.json with the same method, and the other way round")
  void routesMatchTheDocument(Vertx vertx) throws IOException {
    Set<String> served = new TreeSet<>();
    Router router = Router.router(vertx);
    ApiRouter.mount(router, vertx, HttpOptions.fromJson(new JsonObject()));
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null || route.methods() == null) {
        continue;
      }
      assertThat(route.getPath()).startsWith(ApiRouter.PREFIX + "/");
      String path =
          route
              .getPath()
              .substring(ApiRouter.PREFIX.length())
              .replaceAll(":([A-Za-z0-9_]+)", "{$1}");
      for (HttpMethod method : route.methods()) {
        served.add(method.name() + " " + path);
      }
    }
    // The routes of ApiRoutes are served through one route and ApiRouteTable, built from this list.
    assertThat(router.getRoutes())
        .as("the table's route")
        .anyMatch(route -> (ApiRouter.PREFIX + "/").equals(route.getPath()));
    for (ApiRoutes.Route route : ApiRoutes.all()) {
      served.add(route.method().name() + " " + route.path().replaceAll(":([A-Za-z0-9_]+)", "{$1}"));
    }
    Set<String> documented = new TreeSet<>();
    JsonObject paths = document().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (METHODS.contains(method)) {
          documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
        }
      }
    }
    assertThat(served).hasSizeGreaterThan(20);
    assertThat(served).containsExactlyInAnyOrderElementsOf(documented);
  }

  private static JsonObject document() throws IOException {
    try (InputStream in =
        OpenApiConsistencyTest.class.getResourceAsStream("/io/antbot/web/openapi.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
