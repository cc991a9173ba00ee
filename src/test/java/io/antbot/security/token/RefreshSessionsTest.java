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
}
