package io.antbot.metrics;

import io.vertx.core.buffer.Buffer;
import java.io.OutputStream;

/**
 * An output stream into a growing Vert.x {@link Buffer}, so a scrape is written once, as the bytes
 * sent.
 */
final class BufferOutputStream extends OutputStream {

  private final Buffer buffer;

  BufferOutputStream(int initialSize) {
    buffer = Buffer.buffer(initialSize);
  }

  Buffer buffer() {
    return buffer;
  }

  @Override
  public void write(int b) {
    buffer.appendByte((byte) b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    buffer.appendBytes(bytes, offset, length);
  }
}
