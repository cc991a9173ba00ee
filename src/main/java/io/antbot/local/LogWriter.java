package io.antbot.local;

import io.antbot.bus.LogWriteRequest;
import io.vertx.core.shareddata.Shareable;

/**
 * The logging service's {@code antbot.log.write} as a local call, published under {@link
 * LocalServices#LOG_WRITER}: a {@code LogClient} logger in the service's JVM writes its events on
 * its own thread, through the same Logback path (levels, filter rules, masking, the query buffer,
 * the outputs) as a bus write, under the correlation id of the calling context.
 *
 * <p>Safe to call from any thread; nothing here blocks (the file is written by the asynchronous
 * appender).
 */
public interface LogWriter extends Shareable {

  /**
   * Writes {@code write}, checked as the bus checks an {@code antbot.log.write} body; returns
   * {@code false} when the component's level or a filter rule dropped it.
   *
   * @throws io.antbot.bus.BusException 400 or 413 for an event the bus would refuse
   */
  boolean write(LogWriteRequest write);
}
