package io.antbot.logging.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CorrelatingAsyncAppenderTest {

  /** An output stuck until released, to overload the queue in front of it. */
  private static final class StuckAppender extends AppenderBase<ILoggingEvent> {
    final CountDownLatch release = new CountDownLatch(1);
    final List<ILoggingEvent> written = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      written.add(event);
    }
  }

  @Test
  @DisplayName(
      "under overload INFO events are dropped and counted, while every ERROR waits for room and is written")
  void overload() throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    StuckAppender output = new StuckAppender();
    output.setContext(context);
    output.start();
    CorrelatingAsyncAppender async = new CorrelatingAsyncAppender();
    async.setContext(context);
    async.setQueueSize(10);
    async.setMaxFlushTime(5_000);
    async.addAppender(output);
    async.start();
    Logger logger = context.getLogger("Overloaded");
    logger.setLevel(Level.INFO);
    logger.addAppender(async);

    for (int i = 0; i < 50; i++) {
      logger.info("info {}", i);
    }
    long dropped = async.droppedCount();
    assertThat(dropped).isGreaterThan(0);
    Thread errors =
        new Thread(
            () -> {
              for (int i = 0; i < 20; i++) {
                logger.error("error {}", i);
              }
            });
    errors.start();
    output.release.countDown();
    errors.join(10_000);
    async.stop();

    assertThat(output.written.stream().filter(e -> e.getLevel() == Level.ERROR)).hasSize(20);
    assertThat(output.written.stream().filter(e -> e.getLevel() == Level.INFO).count())
        .isEqualTo(50 - dropped);
    assertThat(async.droppedCount()).isEqualTo(dropped);
    context.stop();
  }
}
