package io.antbot.security.crypto;

import io.antbot.bus.BusException;
import io.antbot.bus.FailureCode;
import io.antbot.security.audit.AuditTrail;
import io.antbot.security.storage.FileWorker;
import io.antbot.security.storage.KeyFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Base64;

/**
 * Encryption for callers: Fernet tokens with the key ring, and RSA hybrid envelopes.
 *
 * <p>Fernet work of up to {@value #INLINE_LIMIT} bytes runs inline (microseconds); larger payloads
 * and every RSA operation run on worker threads. Failures are {@code 400}s naming what was wrong
 * with the input, never the key.
 */
public final class CryptoService {

  /** Payloads up to this size are encrypted or decrypted on the calling (event-loop) thread. */
  public static final int INLINE_LIMIT = 64 * 1024;

  private final Vertx vertx;
  private final FileWorker files;
  private final KeyFiles keyFiles;
  private final AuditTrail audit;
  private FernetKeyRing fernet;
  private final RsaKeyPair rsa;

  public CryptoService(
      Vertx vertx,
      FileWorker files,
      KeyFiles keyFiles,
      AuditTrail audit,
      FernetKeyRing fernet,
      RsaKeyPair rsa) {
    this.vertx = vertx;
    this.files = files;
    this.keyFiles = keyFiles;
    this.audit = audit;
    this.fernet = fernet;
    this.rsa = rsa;
  }

  public FernetKeyRing fernet() {
    return fernet;
  }

  public RsaKeyPair rsa() {
    return rsa;
  }

  public Future<String> encrypt(byte[] data) {
    return run(data.length, () -> fernet.encrypt(data));
  }

  /**
   * @param ttlS the largest accepted token age, or {@code null} for none
   */
  public Future<byte[]> decrypt(String token, Long ttlS) {
    Duration ttl = ttlS == null ? null : Duration.ofSeconds(ttlS);
    return run(token.length() * 3 / 4, () -> fernet.decrypt(token, ttl))
        .recover(CryptoService::namingToken);
  }

  public Future<String> reencrypt(String token) {
    return run(token.length() * 3 / 4, () -> fernet.reencrypt(token))
        .recover(CryptoService::namingToken);
  }

  /** Seals {@code data} for this service's RSA key; the envelope as unpadded base64url. */
  public Future<String> rsaEncrypt(byte[] data) {
    return vertx
        .executeBlocking(() -> StrictBase64.encodeUrlUnpadded(RsaEnvelope.seal(rsa, data)), false)
        .recover(CryptoService::badRequest);
  }

  public Future<byte[]> rsaDecrypt(String envelope) {
    byte[] bytes = StrictBase64.decodeUrlUnpadded(envelope);
    if (bytes == null) {
      return Future.failedFuture(BusException.badRequest("envelope: not unpadded url-safe base64"));
    }
    return vertx
        .executeBlocking(() -> RsaEnvelope.open(rsa, bytes), false)
        .recover(CryptoService::badRequest);
  }

  /** Puts a new Fernet key in front of the ring and saves it; returns the new key's id. */
  public Future<String> rotateFernet(String actor) {
    FernetKey fresh = FernetKey.generate();
    FernetKeyRing next = fernet.rotate(fresh);
    String previous = fernet.newest().id();
    return files
        .run(
            () -> {
              keyFiles.saveFernet(next.keys());
              return null;
            })
        .compose(
            v -> {
              fernet = next;
              return audit.record(
                  "key_rotated",
                  new JsonObject()
                      .put("kind", "fernet")
                      .put("key_id", fresh.id())
                      .put("previous_key_id", previous)
                      .put("keys", next.keys().size())
                      .put("actor", actor == null ? "bus" : actor));
            })
        .map(fresh.id());
  }

  private interface CryptoTask<T> {
    T run() throws CryptoException;
  }

  private <T> Future<T> run(int size, CryptoTask<T> task) {
    if (size <= INLINE_LIMIT) {
      try {
        return Future.succeededFuture(task.run());
      } catch (CryptoException e) {
        return Future.failedFuture(BusException.badRequest(e.getMessage()));
      }
    }
    return vertx.executeBlocking(task::run, false).recover(CryptoService::badRequest);
  }

  /** A refused token's 400 names the field it came in: {@code token: Fernet: ...}. */
  private static <T> Future<T> namingToken(Throwable failure) {
    return Future.failedFuture(
        failure instanceof BusException bus && bus.code() == FailureCode.BAD_REQUEST
            ? BusException.badRequest("token: " + bus.getMessage())
            : failure);
  }

  private static <T> Future<T> badRequest(Throwable failure) {
    return Future.failedFuture(
        failure instanceof CryptoException
            ? BusException.badRequest(failure.getMessage())
            : failure);
  }

  /** Standard base64 of {@code data}, for replies. */
  public static String base64(byte[] data) {
    return Base64.getEncoder().encodeToString(data);
  }
}
