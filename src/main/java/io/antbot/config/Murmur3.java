package io.antbot.config;

/**
 * MurmurHash3, the 32-bit x86 variant ({@code MurmurHash3_x86_32}) of Austin Appleby's
 * public-domain SMHasher reference, written from its description: 4-byte little-endian blocks mixed
 * with c1 = 0xcc9e2d51, c2 = 0x1b873593, then the tail bytes, the length and the {@code fmix32}
 * finalizer.
 *
 * <p>Used for sticky percentage rollouts, where the same input must give the same bucket on every
 * JVM and in every language the operators may check it with (the tests hold it to the reference
 * vectors).
 */
public final class Murmur3 {

  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private Murmur3() {}

  /** The hash of {@code data[offset, offset + length)} with {@code seed}. */
  public static int hash32(byte[] data, int offset, int length, int seed) {
    int h = seed;
    int blocks = length / 4;
    for (int i = 0; i < blocks; i++) {
      int at = offset + i * 4;
      int k =
          (data[at] & 0xff)
              | (data[at + 1] & 0xff) << 8
              | (data[at + 2] & 0xff) << 16
              | (data[at + 3] & 0xff) << 24;
      h ^= mixKey(k);
      h = Integer.rotateLeft(h, 13);
      h = h * 5 + 0xe6546b64;
    }
    int tail = offset + blocks * 4;
    int remaining = length & 3;
    if (remaining > 0) {
      int k = 0;
      if (remaining == 3) {
        k ^= (data[tail + 2] & 0xff) << 16;
      }
      if (remaining >= 2) {
        k ^= (data[tail + 1] & 0xff) << 8;
      }
      k ^= data[tail] & 0xff;
      h ^= mixKey(k);
    }
    h ^= length;
    return fmix32(h);
  }

  /** The hash of all of {@code data}. */
  public static int hash32(byte[] data, int seed) {
    return hash32(data, 0, data.length, seed);
  }

  private static int mixKey(int k) {
    k *= C1;
    k = Integer.rotateLeft(k, 15);
    return k * C2;
  }

  private static int fmix32(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
