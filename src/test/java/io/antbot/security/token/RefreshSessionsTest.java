package io.antbot.security.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RefreshSessionsTest {

  private static final long DAY = 86_400;
  private static final long TTL = 7 * DAY;

  @Test
  @DisplayName("a family refreshed every day still ends at its absolute lifetime, with a reason that says so")
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
    assertThat(now).isEqualTo(RefreshSessions.ABSOLUTE_LIFETIME_S);
    assertThat(sessions.prune(now)).isEqualTo(1);
  }

  @Test
  @DisplayName("a user holds at most MAX_FAMILIES_PER_USER live families: a further login ends the oldest")
  void familiesPerUserCapped() {
    RefreshSessions sessions = new RefreshSessions();
    String first = sessions.start("bob", 0, TTL).refreshToken();
    String second = sessions.start("bob", 1, TTL).refreshToken();
    for (int i = 2; i < RefreshSessions.MAX_FAMILIES_PER_USER; i++) {
      sessions.start("bob", i, TTL);
    }
    sessions.start("carol", 5, TTL);
    assertThat(sessions.use(second, 100, TTL)).isInstanceOf(RefreshSessions.Rotated.class);
    sessions.start("bob", 200, TTL);
    assertThat(sessions.use(first, 300, TTL)).isInstanceOf(RefreshSessions.Refused.class);
    assertThat(((RefreshSessions.Refused) sessions.use(first, 300, TTL)).reason())
      .isEqualTo("the session of this refresh token was revoked");
  }
}
