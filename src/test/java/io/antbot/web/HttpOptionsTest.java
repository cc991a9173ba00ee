package io.antbot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The {@code http} section as the HTTP service reads it, with the packaged schema's rules. */
class HttpOptionsTest {

  @Test
  @DisplayName(
      "an empty section gives the safe defaults: loopback, no TLS, no CORS, TLSv1.2 and up")
  void defaults() {
    HttpOptions options = HttpOptions.fromJson(new JsonObject());
    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.tls()).isFalse();
    assertThat(options.cors()).isFalse();
    assertThat(options.requestTimeoutMs()).isEqualTo(10_000);
    assertThat(options.bodyLimitBytes()).isEqualTo(1_048_576);
    assertThat(options.idleTimeoutS()).isEqualTo(120);
    assertThat(options.tlsVersions()).containsExactly("TLSv1.2", "TLSv1.3");
  }

  @Test
  @DisplayName("min_version TLSv1.3 leaves TLSv1.3 alone")
  void tls13Only() {
    HttpOptions options =
        HttpOptions.fromJson(
            new JsonObject()
                .put(
                    "tls",
                    new JsonObject()
                        .put("cert", "c.pem")
                        .put("key", "k.pem")
                        .put("min_version", "TLSv1.3")));
    assertThat(options.tls()).isTrue();
    assertThat(options.tlsVersions()).containsExactly("TLSv1.3");
  }

  @Test
  @DisplayName(
      "every problem is reported with its path: no idle timeout, half a TLS pair, an old TLS version, inexact origins")
  void problems() {
    assertThatThrownBy(
            () ->
                HttpOptions.fromJson(
                    new JsonObject()
                        .put("idle_timeout_s", 0)
                        .put(
                            "tls",
                            new JsonObject().put("cert", "c.pem").put("min_version", "TLSv1.1"))
                        .put(
                            "cors",
                            new JsonObject()
                                .put(
                                    "allowed_origins",
                                    new JsonArray()
                                        .add("*")
                                        .add("https://a.example/x")
                                        .add("https://ok.example:8443")
                                        .add("http://[::1]:3000")))))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .contains(
            "http.idle_timeout_s: expected an integer from 1 to 86400, got 0",
            "http.tls: cert and key must be given together",
            "http.tls.min_version: expected one of TLSv1.2, TLSv1.3, got \"TLSv1.1\"",
            "http.cors.allowed_origins[0]: must match https?://",
            "got \"*\"",
            "http.cors.allowed_origins[1]: must match https?://",
            "got \"https://a.example/x\"")
        .doesNotContain("allowed_origins[2]", "allowed_origins[3]");
  }

  @Test
  @DisplayName("a key the schema does not know is reported with the nearest known one")
  void unknownKey() {
    assertThatThrownBy(() -> HttpOptions.fromJson(new JsonObject().put("prot", 8080)))
        .hasMessageContaining("http.prot: unknown key (did you mean http.port?)");
  }
}
