package io.antbot.demo;

import io.antbot.bus.BusException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs the demo's steps one after the other and reports one line per step: {@code PASS <step>:
 * <detail>} or {@code FAIL <step>: <reason>}.
 *
 * <p>Each step runs on a thread of its own and is given a time limit: a step that has not finished
 * by then is reported as failed and interrupted, and the next one starts, so no step can hold the
 * demo up for longer than its limit. A step's reason is the text of what it threw: a {@link
 * StepFailure}'s message, a {@link BusException}'s code and text, or the exception's class and
 * message.
 */
final class StepReport implements AutoCloseable {

  /** One step: returns the line's detail, or throws to fail. */
  @FunctionalInterface
  interface Step {
    String run() throws Exception;
  }

  /** A step's own verdict that something the runtime answered is not what the demo shows. */
  static final class StepFailure extends RuntimeException {
    StepFailure(String reason) {
      super(reason, null, false, false);
    }
  }

  private final Consumer<String> out;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "antbot-demo-step");
            thread.setDaemon(true);
            return thread;
          });
  private final List<String> passed = new ArrayList<>();
  private final List<String> failed = new ArrayList<>();

  /**
   * @param out receives each line of the report, without its line break
   */
  StepReport(Consumer<String> out) {
    this.out = out;
  }

  /** Fails the current step with {@code reason} unless {@code condition} holds. */
  static void check(boolean condition, String reason) {
    if (!condition) {
      throw new StepFailure(reason);
    }
  }

  /** Runs {@code step} within {@code limit}; returns whether it passed. */
  boolean run(String name, Duration limit, Step step) {
    Future<String> running = threads.submit(step::run);
    try {
      String detail = running.get(limit.toMillis(), TimeUnit.MILLISECONDS);
      passed.add(name);
      out.accept("PASS " + name + ": " + oneLine(detail));
      return true;
    } catch (TimeoutException e) {
      running.cancel(true);
      return fail(name, "no result within " + describe(limit));
    } catch (ExecutionException e) {
      return fail(name, reason(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.cancel(true);
      return fail(name, "interrupted");
    }
  }

  /** Records a step that could not run at all, e.g. because the runtime never started. */
  boolean fail(String name, String reason) {
    failed.add(name);
    out.accept("FAIL " + name + ": " + oneLine(reason));
    return false;
  }

  /** A line of information between the pass/fail lines, indented. */
  void info(String line) {
    out.accept("  " + oneLine(line));
  }

  List<String> passed() {
    return List.copyOf(passed);
  }

  List<String> failed() {
    return List.copyOf(failed);
  }

  /** The last line: {@code SUMMARY: n passed, m failed[ (names)]}. */
  String summary() {
    String line = "SUMMARY: " + passed.size() + " passed, " + failed.size() + " failed";
    return failed.isEmpty() ? line : line + " (" + String.join(", ", failed) + ")";
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }

  static String reason(Throwable failure) {
    if (failure instanceof StepFailure) {
      return failure.getMessage();
    }
    if (failure instanceof BusException bus) {
      return "bus failure " + bus.code().code() + ": " + bus.getMessage();
    }
    if (failure instanceof io.vertx.core.eventbus.ReplyException reply) {
      BusException bus = BusException.from(reply);
      return "bus failure " + bus.code().code() + ": " + bus.getMessage();
    }
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String describe(Duration limit) {
    long ms = limit.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
