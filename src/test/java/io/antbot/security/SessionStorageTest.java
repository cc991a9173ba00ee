package io.antbot.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.antbot.bus.Addresses;
import io.antbot.testing.Eventually;
import io.antbot.testing.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Login sessions and accounts through the bus on a disk that fills up: session limits, grouped
 * writes of sessions.json, revocations on disk before their reply, refused user changes not
 * applied, and recovery when space returns.
 */
class SessionStorageTest {

  @TempDir Path dir;

  private final Vertx vertx = Vertx.vertx();
  private final MutableClock clock = new MutableClock(Instant.now());
  private final List<JsonObject> alerts = new CopyOnWriteArrayList<>();

  @BeforeEach
  void deploy() {
    SecurityTestSupport.deploy(
            vertx,
            dir,
            new JsonObject(),
            "development",
            clock,
            Map.of("ANTBOT_ADMIN_PASSWORD", SecurityTestSupport.ADMIN_PASSWORD))
        .await();
    vertx
        .eventBus()
        .<JsonObject>consumer(
            Addresses.ALERTS,
            message -> {
              if ("session_storage_unavailable".equals(message.body().getString("name"))) {
                alerts.add(message.body());
              }
            })
        .completion()
        .await();
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private Future<JsonObject> loginAsync() {
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.SECURITY_LOGIN,
            new JsonObject()
                .put("username", "admin")
                .put("password", SecurityTestSupport.ADMIN_PASSWORD)
                .put("source_ip", "127.0.0.1"))
        .map(reply -> reply.body());
  }

  private JsonObject login() {
    return loginAsync().await();
  }

  /**
   * The family of {@code refreshToken} as sessions.json holds it now; {@code null} when it is not
   * there.
   */
  private JsonObject familyOnDisk(String refreshToken) throws Exception {
    Path file = dir.resolve("state").resolve("sessions.json");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    String id = refreshToken.substring(0, refreshToken.indexOf('.'));
    return new JsonObject(Files.readString(file))
        .getJsonArray("families").stream()
            .map(JsonObject.class::cast)
            .filter(family -> id.equals(family.getString("id")))
            .findFirst()
            .orElse(null);
  }

  private Future<Boolean> onDisk(String refreshToken, boolean revoked) {
    try {
      JsonObject family = familyOnDisk(refreshToken);
      return Future.succeededFuture(family != null && family.getBoolean("revoked") == revoked);
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  private JsonObject revoke(String refreshToken) {
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.SECURITY_TOKEN_REVOKE, new JsonObject().put("token", refreshToken))
        .await()
        .body();
  }

  /** {@code "200"} for a refresh that succeeds, else the failure's code and text. */
  private Future<String> refreshOutcome(String refreshToken) {
    return vertx
        .eventBus()
        .request(
            Addresses.SECURITY_TOKEN_REFRESH, new JsonObject().put("refresh_token", refreshToken))
        .map(reply -> "200")
        .recover(
            failure ->
                Future.succeededFuture(
                    ((ReplyException) failure).failureCode() + " " + failure.getMessage()));
  }

  private String refreshFailure(String refreshToken) {
    return refreshOutcome(refreshToken).await();
  }

  private void set(String key, Object value) {
    vertx
        .eventBus()
        .request(Addresses.CONFIG_SET, new JsonObject().put("key", key).put("value", value))
        .await();
  }

  @Test
  @DisplayName(
      "security.jwt.session_lifetime_s and max_sessions_per_user apply live to refreshes and logins")
  void configuredSessionLimits() {
    String older = login().getString("refresh_token");
    set("security.jwt.max_sessions_per_user", 2);
    // Applied once the change has reached the service: then one more login ends the oldest.
    Eventually.eventually(
            vertx,
            () ->
                loginAsync()
                    .compose(pair -> refreshOutcome(older))
                    .map(
                        outcome ->
                            outcome.endsWith("the session of this refresh token was revoked")))
        .await();
    String kept = login().getString("refresh_token");
    login();
    assertThat(refreshFailure(kept)).as("two live sessions").isEqualTo("200");
    login();
    assertThat(refreshFailure(kept))
        .as("the third login ended the oldest")
        .isEqualTo("401 refresh token rejected: the session of this refresh token was revoked");

    set("security.jwt.session_lifetime_s", 3600);
    Eventually.eventually(
            vertx,
            () ->
                loginAsync()
                    .compose(
                        pair -> {
                          clock.advance(Duration.ofSeconds(3600));
                          return refreshOutcome(pair.getString("refresh_token"));
                        })
                    .map(outcome -> outcome.endsWith("session older than 1 hour; log in again")))
        .await();
    String fresh = login().getString("refresh_token");
    clock.advance(Duration.ofSeconds(3599));
    String next =
        vertx
            .eventBus()
            .<JsonObject>request(
                Addresses.SECURITY_TOKEN_REFRESH, new JsonObject().put("refresh_token", fresh))
            .await()
            .body()
            .getString("refresh_token");
    clock.advance(Duration.ofSeconds(1));
    assertThat(refreshFailure(next))
        .as("however often refreshed")
        .isEqualTo("401 refresh token rejected: session older than 1 hour; log in again");
  }

  @Test
  @DisplayName(
      "a login's session reaches sessions.json shortly after; a revocation is there when it is answered")
  void revocationsOnDiskBeforeTheReply() throws Exception {
    List<String> tokens =
        List.of(
            login().getString("refresh_token"),
            login().getString("refresh_token"),
            login().getString("refresh_token"));
    for (String token : tokens) {
      Eventually.eventually(vertx, () -> onDisk(token, false)).await();
    }
    assertThat(revoke(tokens.get(1)).getInteger("sessions")).isEqualTo(1);
    assertThat(familyOnDisk(tokens.get(1)).getBoolean("revoked"))
        .as("no waiting: on disk at the reply")
        .isTrue();
    assertThat(familyOnDisk(tokens.get(0)).getBoolean("revoked")).isFalse();
  }

  @Test
  @DisplayName(
      "a user add the disk refuses is a 503, not applied even by a later save; once space returns it works")
  void refusedUserAddNotApplied() throws Exception {
    Path state = dir.resolve("state");
    Path aside = dir.resolve("state-aside");
    Files.move(state, aside);
    Files.writeString(state, "not a directory: every write below it fails");
    JsonObject add =
        new JsonObject()
            .put("username", "carol")
            .put("password", "carols-password-long")
            .put("roles", new io.vertx.core.json.JsonArray().add("viewer"));
    Throwable refused =
        catchThrowable(() -> vertx.eventBus().request(Addresses.SECURITY_USERS_ADD, add).await());
    assertThat(((ReplyException) refused).failureCode() + " " + refused.getMessage())
        .isEqualTo("503 storage unavailable: the change to carol was not applied");
    Files.delete(state);
    Files.move(aside, state);

    JsonObject dave = add.copy().put("username", "dave");
    vertx.eventBus().request(Addresses.SECURITY_USERS_ADD, dave).await();
    JsonObject onDisk = new JsonObject(Files.readString(state.resolve("users.json")));
    assertThat(
            onDisk.getJsonArray("users").stream().map(u -> ((JsonObject) u).getString("username")))
        .as("the unrelated save did not persist the refused user")
        .containsExactlyInAnyOrder("admin", "dave");
    Throwable login =
        catchThrowable(
            () ->
                vertx
                    .eventBus()
                    .request(
                        Addresses.SECURITY_LOGIN,
                        new JsonObject()
                            .put("username", "carol")
                            .put("password", "carols-password-long")
                            .put("source_ip", "127.0.0.1"))
                    .await());
    assertThat(((ReplyException) login).failureCode()).isEqualTo(401);
    vertx.eventBus().request(Addresses.SECURITY_USERS_ADD, add).await();
  }

  @Test
  @DisplayName(
      "a full disk: logins go on with an alert, a revocation is a 503, and once space returns all is saved")
  void fullDiskAndRecovery() throws Exception {
    Path state = dir.resolve("state");
    Path aside = dir.resolve("state-aside");
    Files.move(state, aside);
    Files.writeString(state, "not a directory: every write below it fails");

    String during = login().getString("refresh_token");
    Eventually.eventually(vertx, () -> Future.succeededFuture(alerts.size() == 1)).await();
    assertThat(alerts.get(0).getString("state")).isEqualTo("firing");
    assertThat(alerts.get(0).getString("severity")).isEqualTo("critical");
    String revokedDuring = login().getString("refresh_token");
    Throwable refused = catchThrowable(() -> revoke(revokedDuring));
    assertThat(refused).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) refused).failureCode() + " " + refused.getMessage())
        .isEqualTo("503 storage unavailable: the revocation is in force but could not be saved");
    Throwable stillRefused =
        catchThrowable(
            () ->
                vertx
                    .eventBus()
                    .request(
                        Addresses.SECURITY_TOKEN_REFRESH,
                        new JsonObject().put("refresh_token", revokedDuring))
                    .await());
    assertThat(((ReplyException) stillRefused).failureCode())
        .as("in force in memory")
        .isEqualTo(401);

    Files.delete(state);
    Files.move(aside, state);
    // No further request: the saves are retried by themselves.
    Eventually.eventually(vertx, () -> Future.succeededFuture(alerts.size() == 2)).await();
    assertThat(alerts.get(1).getString("state")).isEqualTo("resolved");
    assertThat(onDisk(during, false).await()).isTrue();
    assertThat(onDisk(revokedDuring, true).await()).isTrue();
    JsonObject refreshed =
        vertx
            .eventBus()
            .<JsonObject>request(
                Addresses.SECURITY_TOKEN_REFRESH, new JsonObject().put("refresh_token", during))
            .await()
            .body();
    assertThat(refreshed.getString("access_token")).isNotBlank();
  }
}
