package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API's route table finds what vertx-web's route-by-route matching found. */
class ApiRouteTableTest {

  private static final ApiRouteTable API = new ApiRouteTable(ApiRoutes.all());

  private static ApiRoutes.Route route(HttpMethod method, String path) {
    return new ApiRoutes.Route(method, path, null, ctx -> "*", ApiRoutes.API, "x", null, 200);
  }

  private static String found(ApiRouteTable table, HttpMethod method, String path) {
    ApiRouteTable.Match match = table.find(method, path);
    if (match == null) {
      return null;
    }
    StringBuilder text = new StringBuilder(match.route().method() + " " + match.route().path());
    for (int i = 0; i < match.names().length; i++) {
      text.append(' ').append(match.names()[i]).append('=').append(match.values()[i]);
    }
    return text.toString();
  }

  @Test
  void everyRouteIsFoundByItsOwnPath() {
    for (ApiRoutes.Route route : ApiRoutes.all()) {
      String path = route.path().replaceAll(":[a-z]+", "p");
      ApiRouteTable.Match match = API.find(route.method(), path);
      assertThat(match).as(route.method() + " " + path).isNotNull();
      // The first route in the list that takes it: itself, or an earlier one with the same shape.
      assertThat(ApiRoutes.all().indexOf(match.route()))
          .isLessThanOrEqualTo(ApiRoutes.all().indexOf(route));
      assertThat(match.route().method()).isEqualTo(route.method());
    }
  }

  @Test
  void theFirstRouteThatTakesTheMethodWins() {
    assertThat(found(API, HttpMethod.GET, "/config/history")).isEqualTo("GET /config/history");
    // GET only: a PUT on the same path is the key "history" of PUT /config/:key.
    assertThat(found(API, HttpMethod.PUT, "/config/history"))
        .isEqualTo("PUT /config/:key key=history");
    assertThat(found(API, HttpMethod.GET, "/users/admin")).isNull();
    assertThat(found(API, HttpMethod.PATCH, "/users/admin"))
        .isEqualTo("PATCH /users/:username username=admin");
    ApiRouteTable templateFirst =
        new ApiRouteTable(List.of(route(HttpMethod.GET, "/a/:x"), route(HttpMethod.GET, "/a/b")));
    assertThat(found(templateFirst, HttpMethod.GET, "/a/b")).isEqualTo("GET /a/:x x=b");
    ApiRouteTable exactFirst =
        new ApiRouteTable(List.of(route(HttpMethod.GET, "/a/b"), route(HttpMethod.GET, "/a/:x")));
    assertThat(found(exactFirst, HttpMethod.GET, "/a/b")).isEqualTo("GET /a/b");
    assertThat(found(exactFirst, HttpMethod.GET, "/a/c")).isEqualTo("GET /a/:x x=c");
  }

  @Test
  void pathsAsVertxWebReadsThem() {
    assertThat(found(API, HttpMethod.GET, "/users/")).isEqualTo("GET /users");
    assertThat(found(API, HttpMethod.GET, "/config/a.b/")).isEqualTo("GET /config/:key key=a.b");
    assertThat(found(API, HttpMethod.GET, "/config/a%2Fb")).isEqualTo("GET /config/:key key=a/b");
    assertThat(found(API, HttpMethod.GET, "/config/a+b")).isEqualTo("GET /config/:key key=a+b");
    assertThat(found(API, HttpMethod.GET, "/config/%E2%82%AC"))
        .isEqualTo("GET /config/:key key=\u20ac");
    assertThat(found(API, HttpMethod.POST, "/bots/b1/pause"))
        .isEqualTo("POST /bots/:name/pause name=b1");
    assertThat(found(API, HttpMethod.POST, "/bots//pause")).as("an empty parameter").isNull();
    assertThat(found(API, HttpMethod.GET, "/config/a/b")).isNull();
    assertThat(found(API, HttpMethod.GET, "/Config/a")).as("case counts").isNull();
    assertThat(found(API, HttpMethod.GET, "")).isNull();
    assertThat(found(API, HttpMethod.GET, "/")).isNull();
    assertThat(found(API, HttpMethod.HEAD, "/config/a")).isNull();
    assertThatThrownBy(() -> API.find(HttpMethod.GET, "/config/%zz"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
