package dev.agentline.worker.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the steps a share consumer took are worked on. A consumer takes up to {@code max.poll.records} step
 * records at a time and its container hands them to the listener one after the other, so with a model that takes
 * seconds a step waited for the whole of the call of each one before it, however many workers were idle. Each step
 * now runs on a thread of its own: the consumer's thread waits for the first for {@code handOver} (so an instant
 * step is done before the consumer polls again, as before) and then starts the other records it holds; the steps'
 * acknowledgements are applied by the consumer's thread (Spring's share container queues them), and the consumer
 * polls again once all are acknowledged.
 */
final class StepThreads {
  private static final Logger log = LoggerFactory.getLogger(StepThreads.class);

  private final Duration handOver;
  private final AtomicInteger count = new AtomicInteger();
  private final ExecutorService threads = Executors.newCachedThreadPool(step -> {
    Thread thread = new Thread(step, "agentline-step-" + count.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  });
  /** Per consumer thread: its steps that were still running when it last looked. */
  private final ThreadLocal<List<Future<?>>> consumersSteps = ThreadLocal.withInitial(ArrayList::new);

  /** @param handOver how long a consumer's thread waits for a step before it takes the next record it holds */
  StepThreads(Duration handOver) {
    this.handOver = handOver;
  }

  /**
   * Runs {@code step}, which acknowledges its record itself and throws nothing; returns when it has finished or
   * after the hand-over time, whichever is first, or at once if a step the calling consumer took before is still
   * running (the records of one poll all start without waiting for one another). Once {@link #drain()} has begun,
   * the step runs on the caller.
   */
  void run(Runnable step) {
    Future<?> running;
    try {
      running = threads.submit(step);
    } catch (RejectedExecutionException draining) {
      step.run();
      return;
    }
    List<Future<?>> earlier = consumersSteps.get();
    earlier.removeIf(Future::isDone);
    earlier.add(running);
    if (earlier.size() > 1) return;
    try {
      running.get(handOver.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException stillRunning) {
      // it goes on; the consumer takes its next record
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.error("a step ended with an error it did not handle", e.getCause());
    }
  }

  /**
   * Waits for the steps already running to finish and to acknowledge their records (their consumers are still
   * running, so the acknowledgements reach the broker); steps taken meanwhile run on their consumer's thread.
   */
  void drain() {
    threads.shutdown();
    try {
      while (!threads.awaitTermination(10, TimeUnit.SECONDS)) log.info("waiting for the steps in progress to finish");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      threads.shutdownNow();
    }
  }
}
