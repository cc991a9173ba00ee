package io.antbot.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.antbot.security.testing.Vectors;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof (C2SP/wycheproof, testvectors_v1): every valid case gives exactly the expected output,
 * every invalid case fails. "acceptable" cases may go either way and are only counted.
 */
class WycheproofPrimitivesTest {

  private static final HexFormat HEX = HexFormat.of();

  private interface Case {
    /**
     * Returns normally when the primitive accepts the case with the expected output, throws or
     * fails otherwise.
     */
    void run(JsonObject group, JsonObject test) throws Exception;
  }

  private static int[] runAll(String file, Case body) {
    JsonObject vectors = Vectors.object("wycheproof/" + file);
    List<String> wrong = new ArrayList<>();
    int valid = 0;
    int invalid = 0;
    for (Object g : vectors.getJsonArray("testGroups")) {
      JsonObject group = (JsonObject) g;
      for (Object t : group.getJsonArray("tests")) {
        JsonObject test = (JsonObject) t;
        String result = test.getString("result");
        boolean accepted;
        String detail = "";
        try {
          body.run(group, test);
          accepted = true;
        } catch (CryptoException e) {
          accepted = false;
          detail = e.getMessage();
        } catch (AssertionError e) {
          accepted = false;
          detail = "wrong output: " + e.getMessage();
        } catch (Exception e) {
          accepted = false;
          detail = "unexpected " + e;
        }
        if ("valid".equals(result)) {
          valid++;
          if (!accepted) {
            wrong.add("tcId " + test.getInteger("tcId") + " (valid) rejected: " + detail);
          }
        } else if ("invalid".equals(result)) {
          invalid++;
          if (accepted) {
            wrong.add(
                "tcId "
                    + test.getInteger("tcId")
                    + " (invalid) accepted: "
                    + test.getString("comment"));
          }
        }
      }
    }
    if (!wrong.isEmpty()) {
      fail(file + ": " + wrong.size() + " cases wrong:\n" + String.join("\n", wrong));
    }
    assertThat(valid + invalid).isEqualTo(vectors.getInteger("numberOfTests"));
    return new int[] {valid, invalid};
  }

  private static byte[] hex(JsonObject test, String field) {
    return HEX.parseHex(test.getString(field));
  }

  @Test
  @DisplayName("AES-CBC-PKCS5: valid cases decrypt and encrypt exactly, bad paddings fail")
  void aesCbcPkcs5() {
    int[] counts =
        runAll(
            "aes_cbc_pkcs5_test.json",
            (group, test) -> {
              byte[] key = hex(test, "key");
              byte[] iv = hex(test, "iv");
              byte[] ct = hex(test, "ct");
              byte[] plain = SymmetricCiphers.aesCbcDecrypt(key, iv, ct, 0, ct.length);
              assertThat(HEX.formatHex(plain)).isEqualTo(test.getString("msg"));
              assertThat(HEX.formatHex(SymmetricCiphers.aesCbcEncrypt(key, iv, plain)))
                  .isEqualTo(test.getString("ct"));
            });
    assertThat(counts).containsExactly(72, 144);
  }

  @Test
  @DisplayName(
      "AES-GCM: valid cases give the exact ciphertext and tag and decrypt back; modified tags fail")
  void aesGcm() {
    int[] counts =
        runAll(
            "aes_gcm_test.json",
            (group, test) -> {
              byte[] key = hex(test, "key");
              byte[] iv = hex(test, "iv");
              byte[] aad = hex(test, "aad");
              int tagBits = group.getInteger("tagSize");
              byte[] sealed = HEX.parseHex(test.getString("ct") + test.getString("tag"));
              byte[] plain = SymmetricCiphers.aesGcmDecrypt(key, iv, aad, sealed, tagBits);
              assertThat(HEX.formatHex(plain)).isEqualTo(test.getString("msg"));
              assertThat(
                      HEX.formatHex(SymmetricCiphers.aesGcmEncrypt(key, iv, aad, plain, tagBits)))
                  .isEqualTo(test.getString("ct") + test.getString("tag"));
            });
    assertThat(counts[0] + counts[1]).isEqualTo(316);
  }

  @Test
  @DisplayName(
      "HMAC-SHA256: valid tags (full and truncated) verify and are reproduced; modified tags fail")
  void hmacSha256() {
    int[] counts =
        runAll(
            "hmac_sha256_test.json",
            (group, test) -> {
              byte[] key = hex(test, "key");
              byte[] msg = hex(test, "msg");
              byte[] tag = hex(test, "tag");
              assertThat(tag.length * 8).isEqualTo(group.getInteger("tagSize"));
              if (!SymmetricCiphers.hmacSha256Verify(key, msg, 0, msg.length, tag)) {
                throw new CryptoException("tag mismatch");
              }
              assertThat(HEX.formatHex(SymmetricCiphers.hmacSha256(key, msg, 0, msg.length)))
                  .startsWith(test.getString("tag"));
            });
    assertThat(counts).containsExactly(66, 108);
  }

  @Test
  @DisplayName(
      "RSA-OAEP-2048 SHA-256/MGF1-SHA-256: valid cases decrypt exactly (labels included), invalid ones fail")
  void rsaOaep() {
    int[] counts =
        runAll(
            "rsa_oaep_2048_sha256_mgf1sha256_test.json",
            (group, test) -> {
              RsaKeyPair keys = RsaKeyPair.fromPem(group.getString("privateKeyPem"));
              assertThat(
                      RsaKeyPair.fromPkcs8(HEX.parseHex(group.getString("privateKeyPkcs8")))
                          .fingerprint())
                  .isEqualTo(keys.fingerprint());
              byte[] label = hex(test, "label");
              byte[] plain = RsaOaep.decrypt(keys.privateKey(), hex(test, "ct"), label);
              assertThat(HEX.formatHex(plain)).isEqualTo(test.getString("msg"));
              byte[] again = RsaOaep.encrypt(keys.publicKey(), plain, label);
              assertThat(RsaOaep.decrypt(keys.privateKey(), again, label)).isEqualTo(plain);
            });
    assertThat(counts).containsExactly(18, 19);
  }
}
