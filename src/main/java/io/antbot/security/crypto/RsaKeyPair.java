package io.antbot.security.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.RSAKeyGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * An RSA key pair read from or written to PEM: the private key as PKCS#8 ({@code PRIVATE KEY}; the
 * older {@code RSA PRIVATE KEY} is read too), the public key as {@code PUBLIC KEY}
 * (SubjectPublicKeyInfo).
 *
 * <p>{@link #toString()} shows the fingerprint only.
 */
public final class RsaKeyPair {

  /** The smallest modulus accepted, in bits. */
  public static final int MIN_BITS = 2048;

  private final RSAPrivateCrtKeyParameters privateKey;
  private final RSAKeyParameters publicKey;
  private final byte[] publicKeyInfo;
  private final String fingerprint;

  private RsaKeyPair(RSAPrivateCrtKeyParameters privateKey) throws CryptoException {
    this.privateKey = privateKey;
    this.publicKey =
        new RSAKeyParameters(false, privateKey.getModulus(), privateKey.getPublicExponent());
    try {
      this.publicKeyInfo =
          SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded();
    } catch (IOException e) {
      throw new CryptoException("RSA: cannot encode the public key");
    }
    this.fingerprint = KeyIds.fingerprint("rsa", publicKeyInfo);
  }

  /** A new key pair of {@code bits} (at least {@value #MIN_BITS}) with public exponent 65537. */
  public static RsaKeyPair generate(int bits) throws CryptoException {
    if (bits < MIN_BITS) {
      throw new CryptoException(
          "RSA: keys shorter than " + MIN_BITS + " bits are refused, got " + bits);
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4));
      KeyPair pair = generator.generateKeyPair();
      return fromPkcs8(pair.getPrivate().getEncoded());
    } catch (GeneralSecurityException e) {
      throw new CryptoException("RSA: key generation failed");
    }
  }

  /** Reads a private key in DER PKCS#8. */
  public static RsaKeyPair fromPkcs8(byte[] der) throws CryptoException {
    AsymmetricKeyParameter key;
    try {
      key = PrivateKeyFactory.createKey(der);
    } catch (IOException | RuntimeException e) {
      throw new CryptoException("RSA: not a PKCS#8 private key");
    }
    return fromParameter(key);
  }

  /** Reads a PEM private key ({@code PRIVATE KEY} or {@code RSA PRIVATE KEY}). */
  public static RsaKeyPair fromPem(String pem) throws CryptoException {
    Object object;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      object = parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new CryptoException("RSA: the private key PEM cannot be read");
    }
    try {
      if (object instanceof PrivateKeyInfo info) {
        return fromParameter(PrivateKeyFactory.createKey(info));
      }
      if (object instanceof PEMKeyPair pair) {
        return fromParameter(PrivateKeyFactory.createKey(pair.getPrivateKeyInfo()));
      }
    } catch (IOException e) {
      throw new CryptoException("RSA: the private key PEM cannot be read");
    }
    throw new CryptoException("RSA: expected a PEM private key (PRIVATE KEY or RSA PRIVATE KEY)");
  }

  /** Reads a PEM public key ({@code PUBLIC KEY}). */
  public static RSAKeyParameters publicKeyFromPem(String pem) throws CryptoException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      if (object instanceof SubjectPublicKeyInfo info
          && PublicKeyFactory.createKey(info) instanceof RSAKeyParameters rsa) {
        return rsa;
      }
    } catch (IOException | RuntimeException e) {
      throw new CryptoException("RSA: the public key PEM cannot be read");
    }
    throw new CryptoException("RSA: expected a PEM RSA public key (PUBLIC KEY)");
  }

  private static RsaKeyPair fromParameter(AsymmetricKeyParameter key) throws CryptoException {
    if (!(key instanceof RSAPrivateCrtKeyParameters rsa)) {
      throw new CryptoException("RSA: the key is not an RSA private key");
    }
    if (rsa.getModulus().bitLength() < MIN_BITS) {
      throw new CryptoException(
          "RSA: keys shorter than "
              + MIN_BITS
              + " bits are refused, got "
              + rsa.getModulus().bitLength());
    }
    if (!rsa.getPublicExponent().testBit(0)
        || rsa.getPublicExponent().compareTo(BigInteger.valueOf(3)) < 0) {
      throw new CryptoException("RSA: the public exponent is not usable");
    }
    return new RsaKeyPair(rsa);
  }

  public RSAPrivateCrtKeyParameters privateKey() {
    return privateKey;
  }

  public RSAKeyParameters publicKey() {
    return publicKey;
  }

  /** Modulus size in bits. */
  public int bits() {
    return privateKey.getModulus().bitLength();
  }

  /** 16 hex digits identifying the public key. */
  public String fingerprint() {
    return fingerprint;
  }

  /** The private key as a PKCS#8 PEM: a secret. */
  public String privateKeyPem() throws CryptoException {
    try {
      return pem(
          "PRIVATE KEY",
          org.bouncycastle.crypto.util.PrivateKeyInfoFactory.createPrivateKeyInfo(privateKey)
              .getEncoded());
    } catch (IOException e) {
      throw new CryptoException("RSA: cannot encode the private key");
    }
  }

  public String publicKeyPem() {
    return pem("PUBLIC KEY", publicKeyInfo);
  }

  private static String pem(String type, byte[] der) {
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      writer.writeObject(new PemObject(type, der));
    } catch (IOException e) {
      throw new IllegalStateException("writing PEM to memory failed", e);
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return "RsaKeyPair[" + bits() + " bits, " + fingerprint + "]";
  }
}
