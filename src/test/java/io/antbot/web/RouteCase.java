package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.function.Consumer;

/**
 * One request to a route of the REST API and what must come back: a row of the route tables of the
 * {@code Api*RoutesTest} classes.
 *
 * @param name the row's name in the test report
 * @param method HTTP method
 * @param path path under {@code /api/v1}, query included
 * @param role the caller's role ({@code null}: no token)
 * @param body a {@link JsonObject}, a raw {@link String} or {@code null}
 * @param status the expected status
 * @param detail the exact problem detail of a failure, or {@code null} to skip that check
 * @param check more checks on the JSON body of a success
 */
record RouteCase(
    String name,
    HttpMethod method,
    String path,
    String role,
    Object body,
    int status,
    String detail,
    Consumer<JsonObject> check) {

  static final String MISSING_TOKEN = "missing bearer token";

  /** A success with {@code status}, whose JSON body passes {@code check}. */
  static RouteCase ok(
      HttpMethod method,
      String path,
      String role,
      Object body,
      int status,
      Consumer<JsonObject> check) {
    return new RouteCase(
        method + " " + path + " as " + role + " → " + status,
        method,
        path,
        role,
        body,
        status,
        null,
        check);
  }

  /** Without a token: 401 problem+json. */
  static RouteCase noToken(HttpMethod method, String path, Object body) {
    return new RouteCase(
        method + " " + path + " without a token → 401",
        method,
        path,
        null,
        body,
        401,
        MISSING_TOKEN,
        null);
  }

  /**
   * As a role without the route's permission ({@code action} on {@code resource}): 403 problem+json
   * that says so.
   */
  static RouteCase wrongRole(
      HttpMethod method, String path, String role, Object body, String action, String resource) {
    return new RouteCase(
        method + " " + path + " as " + role + " → 403",
        method,
        path,
        role,
        body,
        403,
        "no permission of roles [" + role + "] allows " + action + " on " + resource,
        null);
  }

  /** Bad input: 400 problem+json whose detail is exactly {@code detail} (it names the field). */
  static RouteCase badInput(
      HttpMethod method, String path, String role, Object body, String detail) {
    return new RouteCase(
        method + " " + path + " with " + describe(body, path) + " → 400",
        method,
        path,
        role,
        body,
        400,
        detail,
        null);
  }

  /** Any other refusal, e.g. a wrong password: {@code status} with exactly {@code detail}. */
  static RouteCase refused(
      String name,
      HttpMethod method,
      String path,
      String role,
      Object body,
      int status,
      String detail) {
    return new RouteCase(name, method, path, role, body, status, detail, null);
  }

  private static String describe(Object body, String path) {
    if (body == null) {
      return "query " + (path.contains("?") ? path.substring(path.indexOf('?') + 1) : path);
    }
    String text = body.toString();
    return "body " + (text.length() > 60 ? text.substring(0, 60) + "…" : text);
  }

  /** Sends the request and asserts the answer. */
  void verify(ApiRuntime runtime) {
    HttpResponse<Buffer> response = runtime.call(method, path, role, body);
    String answer = response.bodyAsString();
    assertThat(response.statusCode()).as("status of %s: %s", name, answer).isEqualTo(status);
    if (status >= 400) {
      assertThat(response.getHeader("Content-Type"))
          .as("content type of %s", name)
          .isEqualTo(Problem.CONTENT_TYPE);
      JsonObject problem = response.bodyAsJsonObject();
      assertThat(problem.getInteger("status")).isEqualTo(status);
      assertThat(problem.getString("instance"))
          .isEqualTo(
              "/api/v1" + (path.contains("?") ? path.substring(0, path.indexOf('?')) : path));
      if (detail != null) {
        assertThat(problem.getString("detail")).as("detail of %s", name).isEqualTo(detail);
      }
    } else {
      assertThat(response.getHeader("Content-Type"))
          .as("content type of %s", name)
          .isEqualTo("application/json");
      if (check != null) {
        check.accept(response.bodyAsJsonObject());
      }
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
