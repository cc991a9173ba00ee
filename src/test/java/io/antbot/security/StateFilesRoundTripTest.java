package io.antbot.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.antbot.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every state file the security service writes can be read by the next start: the largest inputs
 * its messages accept (a 64-character user name, a 72-byte password, a 64-character token id, the
 * longest IP literal) go in, the service is stopped and started again on the same directories, and
 * everything is there; one character more is a 400 and writes nothing.
 */
class StateFilesRoundTripTest {

  @TempDir Path dir;

  private Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "the largest accepted user, session, revocation and audit inputs survive a restart; larger ones are 400s")
  void largestInputsSurviveRestart() {
    SecurityTestSupport.deploy(vertx, dir, new JsonObject()).await();
    String name = "u" + "x".repeat(63);
    String password = "p".repeat(72);
    String longestIp = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";
    String jti = "J".repeat(64);

    request(
        Addresses.SECURITY_USERS_ADD,
        new JsonObject()
            .put("username", name)
            .put("password", password)
            .put("roles", new JsonArray().add("viewer")));
    JsonObject pair =
        request(
            Addresses.SECURITY_LOGIN,
            new JsonObject()
                .put("username", name)
                .put("password", password)
                .put("source_ip", longestIp));
    request(Addresses.SECURITY_TOKEN_REVOKE, new JsonObject().put("jti", jti));
    assertThat(
            failure(
                Addresses.SECURITY_LOGIN,
                new JsonObject()
                    .put("username", "a".repeat(70_000))
                    .put("password", "x")
                    .put("source_ip", "127.0.0.1")))
        .isEqualTo("400 username: at most 4096 characters, got 70000");
    assertThat(
            failure(
                Addresses.SECURITY_LOGIN,
                new JsonObject()
                    .put("username", name + "y")
                    .put("password", "x")
                    .put("source_ip", "127.0.0.1")))
        .startsWith("400 username: expected 1 to 64 lowercase letters");
    assertThat(
            failure(
                Addresses.SECURITY_TOKEN_REVOKE, new JsonObject().put("jti", "J".repeat(50_000))))
        .isEqualTo("400 jti: at most 4096 characters, got 50000");
    assertThat(failure(Addresses.SECURITY_TOKEN_REVOKE, new JsonObject().put("jti", jti + "J")))
        .startsWith("400 jti: expected a token id");
    assertThat(
            failure(
                Addresses.SECURITY_TOKEN_REFRESH,
                new JsonObject()
                    .put("refresh_token", pair.getString("refresh_token"))
                    .put("source_ip", "x".repeat(100_000))))
        .isEqualTo("400 source_ip: at most 4096 characters, got 100000");
    long revoked = status().getLong("revoked_tokens");

    vertx.close().await();
    vertx = Vertx.vertx();
    SecurityTestSupport.deploy(vertx, dir, new JsonObject()).await();

    assertThat(status().getLong("revoked_tokens")).isEqualTo(revoked);
    JsonObject refreshed =
        request(
            Addresses.SECURITY_TOKEN_REFRESH,
            new JsonObject().put("refresh_token", pair.getString("refresh_token")));
    assertThat(refreshed.getString("access_token")).isNotBlank();
    request(
        Addresses.SECURITY_LOGIN,
        new JsonObject()
            .put("username", name)
            .put("password", password)
            .put("source_ip", longestIp));
    JsonObject verification = request(Addresses.SECURITY_AUDIT_VERIFY, new JsonObject());
    assertThat(verification.getBoolean("intact")).isTrue();
  }

  private JsonObject status() {
    return request(Addresses.SECURITY_STATUS, new JsonObject()).getJsonObject("details");
  }

  private JsonObject request(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body).await().body();
  }

  private String failure(String address, JsonObject body) {
    Throwable failure = catchThrowable(() -> vertx.eventBus().request(address, body).await());
    assertThat(failure).isInstanceOf(ReplyException.class);
    ReplyException reply = (ReplyException) failure;
    return reply.failureCode() + " " + reply.getMessage();
  }
}
