package io.antbot.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.security.crypto.FernetKey;
import io.antbot.security.token.JwtKey;
import io.antbot.security.token.JwtKeyRing;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cluster key check: the fingerprint core nodes compare")
class ClusterKeyCheckTest {

  private final JwtKeyRing jwt =
      new JwtKeyRing(
          List.of(JwtKey.generate("HS256", 2048, Instant.parse("2026-01-01T00:00:00Z"))));
  private final FernetKey fernet = FernetKey.generate();

  @Test
  @DisplayName("the same keys give the same fingerprint; any other key gives another")
  void sameKeysSameFingerprint() {
    String fingerprint = ClusterKeyCheck.fingerprint(jwt, List.of(fernet), null);
    assertThat(ClusterKeyCheck.fingerprint(jwt, List.of(fernet), null)).isEqualTo(fingerprint);
    assertThat(ClusterKeyCheck.fingerprint(jwt, List.of(FernetKey.generate()), null))
        .isNotEqualTo(fingerprint);
    assertThat(
            ClusterKeyCheck.fingerprint(
                new JwtKeyRing(List.of(JwtKey.generate("HS256", 2048, Instant.now()))),
                List.of(fernet),
                null))
        .isNotEqualTo(fingerprint);
    assertThat(ClusterKeyCheck.fingerprint(jwt, List.of(fernet, FernetKey.generate()), null))
        .isNotEqualTo(fingerprint);
  }

  @Test
  @DisplayName("the fingerprint holds no part of a secret key")
  void revealsNoSecret() {
    String fingerprint = ClusterKeyCheck.fingerprint(jwt, List.of(fernet), null);
    assertThat(fingerprint).matches("[0-9a-f]{32}");
    String secret = jwt.signingKey().jwk().getString("k");
    assertThat(fingerprint).doesNotContain(secret.substring(0, 8));
    assertThat(fingerprint).doesNotContain(fernet.encoded().substring(0, 8));
  }
}
