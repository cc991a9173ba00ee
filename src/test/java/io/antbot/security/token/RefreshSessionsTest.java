package io.antbot.security.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RefreshSessionsTest {

  private static final long DAY = 86_400;
  private static final long TTL = 7 * DAY;

  @Test
  @DisplayName(
      "a family refreshed every day still ends at its absolute lifetime, with a reason that says so")
  void absoluteLifetime() {
    RefreshSessions sessions = new RefreshSessions();
    String token = sessions.start("alice", 0, TTL).refreshToken();
    long now = 0;
    while (true) {
      now += DAY;
      RefreshSessions.Outcome outcome = sessions.use(token, now, TTL);
      if (outcome instanceof RefreshSessions.Refused refused) {
        assertThat(refused.reason()).isEqualTo("session older than 30 days; log in again");
        break;
      }
      token = ((RefreshSessions.Rotated) outcome).refreshToken();
    }
    assertThat(now)
        .isEqualTo(
            ((Number) io.antbot.settings.Settings.defaultOf("security.jwt.session_lifetime_s"))
                .longValue());
    assertThat(sessions.prune(now)).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a user holds at most security.jwt.max_sessions_per_user live families: a further login ends the oldest")
  void familiesPerUserCapped() {
    RefreshSessions sessions = new RefreshSessions();
    String first = sessions.start("bob", 0, TTL).refreshToken();
    String second = sessions.start("bob", 1, TTL).refreshToken();
    for (int i = 2;
        i
            < ((Number) io.antbot.settings.Settings.defaultOf("security.jwt.max_sessions_per_user"))
                .intValue();
        i++) {
      sessions.start("bob", i, TTL);
    }
    sessions.start("carol", 5, TTL);
    assertThat(sessions.use(second, 100, TTL)).isInstanceOf(RefreshSessions.Rotated.class);
    sessions.start("bob", 200, TTL);
    assertThat(sessions.use(first, 300, TTL)).isInstanceOf(RefreshSessions.Refused.class);
    assertThat(((RefreshSessions.Refused) sessions.use(first, 300, TTL)).reason())
        .isEqualTo("the session of this refresh token was revoked");
  }

  @Test
  @DisplayName(
      "configured limits apply: a shorter lifetime ends running families, a lower cap the oldest")
  void configuredLimits() {
    RefreshSessions sessions = new RefreshSessions();
    String running = sessions.start("dave", 0, TTL).refreshToken();
    sessions.limit(2 * 3600, 2);
    RefreshSessions.Outcome late = sessions.use(running, 2 * 3600, TTL);
    assertThat(late)
        .isEqualTo(
            new RefreshSessions.Refused(
                RefreshSessions.Refusal.SESSION_TOO_OLD,
                "session older than 2 hours; log in again",
                "dave",
                Map.of()));
    assertThat(sessions.prune(2 * 3600)).as("outlived, so forgotten").isEqualTo(1);

    String first = sessions.start("dave", 10_000, TTL).refreshToken();
    String second = sessions.start("dave", 10_001, TTL).refreshToken();
    String third = sessions.start("dave", 10_002, TTL).refreshToken();
    assertThat(((RefreshSessions.Refused) sessions.use(first, 10_003, TTL)).reason())
        .isEqualTo("the session of this refresh token was revoked");
    assertThat(sessions.use(second, 10_003, TTL)).isInstanceOf(RefreshSessions.Rotated.class);
    assertThat(sessions.use(third, 10_003, TTL)).isInstanceOf(RefreshSessions.Rotated.class);
  }

  @Test
  @DisplayName(
      "a family refreshed for weeks keeps only its live access tokens and a bounded list of spent tokens")
  void familyContentsBounded() {
    RefreshSessions sessions = new RefreshSessions();
    RefreshSessions.Rotated rotated = sessions.start("erin", 0, TTL);
    String token = rotated.refreshToken();
    long now = 0;
    for (int i = 0; i < RefreshSessions.MAX_SPENT_REMEMBERED + 200; i++) {
      now += 900;
      sessions.recordAccessToken(rotated.familyId(), "jti-" + i, now + 900, now);
      token = ((RefreshSessions.Rotated) sessions.use(token, now, TTL)).refreshToken();
    }
    io.vertx.core.json.JsonObject family =
        sessions.toJson().getJsonArray("families").getJsonObject(0);
    assertThat(family.getJsonObject("access_jtis").fieldNames())
        .as("expired ones forgotten")
        .hasSize(1);
    assertThat(family.getJsonArray("spent")).hasSize(RefreshSessions.MAX_SPENT_REMEMBERED);
    assertThat(sessions.use(rotated.refreshToken(), now, TTL))
        .as("the oldest spent token is no longer known")
        .isEqualTo(
            new RefreshSessions.Refused(
                RefreshSessions.Refusal.UNKNOWN, "unknown refresh token", null, Map.of()));
    assertThat(sessions.use(token, now, TTL))
        .as("the family lives on")
        .isInstanceOf(RefreshSessions.Rotated.class);
  }

  @Test
  @DisplayName(
      "a cluster's copy of a family: a working copy decides a rotation, its snapshot is one write"
          + " newer, and a node's copy takes only a newer one")
  void clusterCopies() {
    RefreshSessions node = new RefreshSessions();
    RefreshSessions.Rotated started = node.start("alice", 0, TTL);
    String family = started.familyId();
    RefreshSessions.Snapshot first = node.snapshot(family);
    assertThat(RefreshSessions.revision(first.text())).isEqualTo(1);
    assertThat(first.keepUntilS()).isEqualTo(TTL);

    RefreshSessions working = node.detached(family, first.text());
    RefreshSessions.Outcome rotated = working.use(started.refreshToken(), 10, TTL);
    assertThat(rotated).isInstanceOf(RefreshSessions.Rotated.class);
    RefreshSessions.Snapshot second = working.snapshot(family);
    assertThat(RefreshSessions.revision(second.text())).isEqualTo(2);

    RefreshSessions other = new RefreshSessions();
    assertThat(other.adopt(second.text())).isTrue();
    assertThat(other.adopt(first.text())).as("an older copy").isFalse();
    RefreshSessions.Refused reuse =
        (RefreshSessions.Refused) other.use(started.refreshToken(), 20, TTL);
    assertThat(reuse.why()).isEqualTo(RefreshSessions.Refusal.REUSE);
    assertThat(other.familiesOf("alice")).isEmpty();
    assertThat(other.use(((RefreshSessions.Rotated) rotated).refreshToken(), 30, TTL).getClass())
        .isEqualTo(RefreshSessions.Refused.class);
  }

  @Test
  @DisplayName(
      "a value that is not a family is refused with the field at fault, never its content, and"
          + " changes nothing")
  void malformedFamilies() {
    RefreshSessions node = new RefreshSessions();
    String family = node.start("alice", 0, TTL).familyId();
    String good = node.snapshot(family).text();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> node.adopt("not json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a JSON object");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                node.adopt(
                    new io.vertx.core.json.JsonObject(good)
                        .put("spent", "secret-looking-value")
                        .put("rev", 9)
                        .encode()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spent: expected an array");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> node.adopt(new io.vertx.core.json.JsonObject(good).put("user", 7).encode()))
        .hasMessage("user: expected a string");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                node.adopt(
                    new io.vertx.core.json.JsonObject(good)
                        .put("access_jtis", new io.vertx.core.json.JsonObject().put("j", "x"))
                        .encode()))
        .hasMessage("access_jtis: expected numbers");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> node.detached("another", good))
        .hasMessage("id: not the family's key");
    assertThat(RefreshSessions.revision("[]")).isEqualTo(-1);
    assertThat(node.familiesOf("alice")).containsExactly(family);
  }

  @Test
  @DisplayName("outside a cluster, sessions.json is written as before: no write counts")
  void noRevisionOutsideACluster() {
    RefreshSessions sessions = new RefreshSessions();
    sessions.start("alice", 0, TTL);
    assertThat(sessions.toJson().getJsonArray("families").getJsonObject(0).containsKey("rev"))
        .isFalse();
  }
}
