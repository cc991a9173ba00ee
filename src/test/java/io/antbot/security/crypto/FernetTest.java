package io.antbot.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.antbot.security.testing.Vectors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FernetTest {

  private static long epoch(String iso) {
    return OffsetDateTime.parse(iso).toEpochSecond();
  }

  private static byte[] iv(JsonArray bytes) {
    byte[] iv = new byte[bytes.size()];
    for (int i = 0; i < iv.length; i++) {
      iv[i] = (byte) bytes.getInteger(i).intValue();
    }
    return iv;
  }

  @Test
  @DisplayName("every generate vector gives the exact token from secret, source, IV and time")
  void generateVectors() throws Exception {
    JsonArray cases = Vectors.array("fernet/generate.json");
    assertThat(cases).isNotEmpty();
    for (Object item : cases) {
      JsonObject vector = (JsonObject) item;
      byte[] iv = iv(vector.getJsonArray("iv"));
      Fernet fernet =
          new Fernet(
              FernetKey.parse(vector.getString("secret")),
              () -> epoch(vector.getString("now")),
              target -> System.arraycopy(iv, 0, target, 0, 16));
      assertThat(fernet.encrypt(vector.getString("src").getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(vector.getString("token"));
    }
  }

  @Test
  @DisplayName("every verify vector decrypts to its source within its TTL")
  void verifyVectors() throws Exception {
    JsonArray cases = Vectors.array("fernet/verify.json");
    assertThat(cases).isNotEmpty();
    for (Object item : cases) {
      JsonObject vector = (JsonObject) item;
      Fernet fernet =
          new Fernet(
              FernetKey.parse(vector.getString("secret")),
              () -> epoch(vector.getString("now")),
              target -> {});
      byte[] data =
          fernet.decrypt(vector.getString("token"), Duration.ofSeconds(vector.getLong("ttl_sec")));
      assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo(vector.getString("src"));
    }
  }

  @Test
  @DisplayName("every invalid vector is rejected, each for its own reason")
  void invalidVectors() throws Exception {
    JsonArray cases = Vectors.array("fernet/invalid.json");
    assertThat(cases).hasSize(8);
    for (Object item : cases) {
      JsonObject vector = (JsonObject) item;
      Fernet fernet =
          new Fernet(
              FernetKey.parse(vector.getString("secret")),
              () -> epoch(vector.getString("now")),
              target -> {});
      assertThatThrownBy(
              () ->
                  fernet.decrypt(
                      vector.getString("token"), Duration.ofSeconds(vector.getLong("ttl_sec"))))
          .as(vector.getString("desc"))
          .isInstanceOf(CryptoException.class);
    }
  }

  @Test
  @DisplayName("an expired token names the TTL; the same token without TTL still decrypts")
  void ttlIsOptional() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000);
    Fernet fernet = new Fernet(FernetKey.generate(), now::get, target -> {});
    String token = fernet.encrypt("x".getBytes(StandardCharsets.UTF_8));
    now.addAndGet(61);
    assertThatThrownBy(() -> fernet.decrypt(token, Duration.ofSeconds(60)))
        .hasMessage("Fernet: the token has expired (older than 60 s)");
    assertThat(fernet.decrypt(token, null)).containsExactly('x');
    assertThat(fernet.decrypt(token, Duration.ofSeconds(61))).containsExactly('x');
  }

  @Test
  @DisplayName("a flipped byte anywhere in a token is rejected")
  void tamperingIsDetected() throws Exception {
    Fernet fernet = new Fernet(FernetKey.generate());
    byte[] token = Fernet.decode(fernet.encrypt(new byte[40]));
    for (int i = 0; i < token.length; i++) {
      byte[] altered = token.clone();
      altered[i] ^= 0x01;
      String text = StrictBase64.encodeUrlPadded(altered);
      assertThatThrownBy(() -> fernet.decrypt(text, null))
          .as("byte %d", i)
          .isInstanceOf(CryptoException.class);
    }
  }

  @Test
  @DisplayName(
      "a key ring encrypts with the newest key, decrypts with any, and re-encrypts keeping the timestamp")
  void keyRing() throws Exception {
    AtomicLong now = new AtomicLong(5_000);
    FernetKey old = FernetKey.generate();
    FernetKeyRing ring =
        FernetKeyRing.of(List.of(old), now::get, new java.security.SecureRandom()::nextBytes);
    String oldToken = ring.encrypt("secret data".getBytes(StandardCharsets.UTF_8));

    FernetKey fresh = FernetKey.generate();
    FernetKeyRing rotated = ring.rotate(fresh);
    now.addAndGet(100);
    assertThat(rotated.newest()).isSameAs(fresh);
    assertThat(rotated.decrypt(oldToken, null))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("secret data");

    String moved = rotated.reencrypt(oldToken);
    assertThat(new Fernet(fresh).decrypt(moved, null))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("secret data");
    assertThatThrownBy(() -> new Fernet(old).decrypt(moved, null))
        .isInstanceOf(CryptoException.class);
    assertThat(Fernet.timestampOf(Fernet.decode(moved))).isEqualTo(5_000);

    FernetKeyRing stranger = FernetKeyRing.of(List.of(FernetKey.generate()));
    assertThatThrownBy(() -> stranger.decrypt(oldToken, null))
        .hasMessage("Fernet: the token was not made with any key of the ring or was altered");
  }

  @Test
  @DisplayName(
      "the key file form round-trips, skips comments and names a bad line without showing it")
  void keyFileForm() throws Exception {
    List<FernetKey> keys = List.of(FernetKey.generate(), FernetKey.generate());
    List<FernetKey> read = FernetKeyRing.parse(FernetKeyRing.format(keys));
    assertThat(read)
        .extracting(FernetKey::encoded)
        .containsExactly(keys.get(0).encoded(), keys.get(1).encoded());
    assertThatThrownBy(
            () -> FernetKeyRing.parse("# comment\n" + keys.get(0).encoded() + "\nnot-a-key\n"))
        .hasMessage("line 3: Fernet key: expected 32 bytes of url-safe base64 (44 characters)");
    assertThat(keys.get(0).toString())
        .doesNotContain(keys.get(0).encoded())
        .startsWith("FernetKey[");
  }
}
