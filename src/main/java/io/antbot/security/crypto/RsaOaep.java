package io.antbot.security.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;

/**
 * RSA-OAEP with SHA-256 and MGF1-SHA-256 (RFC 8017 §7.1), by Bouncy Castle's lightweight API with a
 * blinded RSA engine. Checked against Wycheproof's {@code rsa_oaep_2048_sha256_mgf1sha256} vectors.
 *
 * <p>Every decryption failure — wrong key, altered ciphertext, bad padding, wrong label — is the
 * same {@link CryptoException} with the same text, so the caller cannot tell the causes apart (no
 * padding oracle).
 */
public final class RsaOaep {

  private static final SecureRandom RANDOM = new SecureRandom();

  private RsaOaep() {}

  /**
   * Encrypts {@code message} (at most {@code k - 66} bytes for a {@code k}-byte modulus) under
   * {@code publicKey}.
   */
  public static byte[] encrypt(RSAKeyParameters publicKey, byte[] message, byte[] label)
      throws CryptoException {
    AsymmetricBlockCipher oaep = cipher(label);
    oaep.init(true, new ParametersWithRandom(publicKey, RANDOM));
    try {
      return oaep.processBlock(message, 0, message.length);
    } catch (InvalidCipherTextException | RuntimeException e) {
      throw new CryptoException("RSA-OAEP: the message is too long for the key");
    }
  }

  /**
   * Decrypts {@code ciphertext} with {@code privateKey}; {@code label} must be the one used to
   * encrypt (usually empty).
   */
  public static byte[] decrypt(RSAKeyParameters privateKey, byte[] ciphertext, byte[] label)
      throws CryptoException {
    AsymmetricBlockCipher oaep = cipher(label);
    oaep.init(false, new ParametersWithRandom(privateKey, RANDOM));
    int modulusBytes = (privateKey.getModulus().bitLength() + 7) / 8;
    if (ciphertext.length != modulusBytes) {
      throw new CryptoException("RSA-OAEP: decryption failed");
    }
    try {
      return oaep.processBlock(ciphertext, 0, ciphertext.length);
    } catch (InvalidCipherTextException | RuntimeException e) {
      throw new CryptoException("RSA-OAEP: decryption failed");
    }
  }

  private static AsymmetricBlockCipher cipher(byte[] label) {
    return new OAEPEncoding(new RSABlindedEngine(), new SHA256Digest(), new SHA256Digest(), label);
  }
}
