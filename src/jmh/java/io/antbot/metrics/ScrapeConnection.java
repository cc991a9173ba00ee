package io.antbot.metrics;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 keep-alive client for the scrape benchmark: the calling thread writes the
 * request and reads the response itself, so the measure holds the server's work and no client-side
 * thread hand-off (as a scraper sees it).
 */
public final class ScrapeConnection implements Closeable {

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final String host;

  public ScrapeConnection(String host, int port) throws IOException {
    this.host = host + ":" + port;
    socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16);
  }

  /**
   * GETs {@code path} and returns the body; fails unless the status is 200 and a Content-Length is
   * given.
   */
  public byte[] get(String path) throws IOException {
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/plain\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = line();
    if (!status.startsWith("HTTP/1.1 200")) {
      throw new IOException("unexpected status: " + status);
    }
    int length = -1;
    for (String header = line(); !header.isEmpty(); header = line()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring("content-length:".length()).trim());
      }
    }
    if (length < 0) {
      throw new IOException("no Content-Length");
    }
    return in.readNBytes(length);
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
