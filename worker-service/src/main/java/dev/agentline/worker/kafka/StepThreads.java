package dev.agentline.worker.kafka;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
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
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the steps a share consumer took are worked on. A consumer takes up to {@code max.poll.records} step
 * records at a time and its container hands them to the listener one after the other, so with a model that takes
 * seconds a step waited for the whole of the call of each one before it, however many workers were idle. Each step
 * runs on a thread of its own: the consumer's thread starts every record one poll returned ({@link #forSteps} tells
 * it how many), then waits for them for {@code handOver} (so instant steps are done and acknowledged before the
 * consumer polls again) and goes on; the steps' acknowledgements are applied by the consumer's thread (Spring's share
 * container queues them), and the consumer polls again once all are acknowledged.
 */
final class StepThreads {
  private static final Logger log = LoggerFactory.getLogger(StepThreads.class);

  /** How long a step consumer's poll waits for records (see {@link #forSteps}). */
  static final Duration POLL = Duration.ofSeconds(5);

  private final Duration handOver;
  private final AtomicInteger count = new AtomicInteger();
  private final ExecutorService threads = Executors.newCachedThreadPool(step -> {
    Thread thread = new Thread(step, "agentline-step-" + count.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  });
  /** Per consumer thread: its last poll. */
  private static final ThreadLocal<Poll> polls = ThreadLocal.withInitial(Poll::new);

  /** A consumer's last poll: its records not run yet (0 or less: unknown), the steps of those that were. */
  private static final class Poll {
    int notStarted;
    final List<Future<?>> steps = new ArrayList<>();
  }

  /** @param handOver how long a consumer's thread waits for the steps of a poll once it has started them all */
  StepThreads(Duration handOver) {
    this.handOver = handOver;
  }

  /**
   * {@code consumer}, telling the steps run on the thread that polls how many records each poll returned, and waiting
   * {@link #POLL} in each poll.
   *
   * <p>Without the first, every record counts as the last of its poll: the consumer waits for each one's step, up to
   * the hand-over time, before it starts the next, and with slow models a poll's second step starts that much later.
   *
   * <p>The second: Spring's share container polls for 1 s at a time, and an idle Kafka 4.2.1 share consumer that
   * starts a poll just as its fetch brings records fetches once more after handing them over. The records that fetch
   * takes then wait in the client for every step of the consumer to end: a whole model call. In the overhead
   * benchmark's paced phases (20 consumers a role, 2 s models) that was ~1 % of the steps, 0.7–1.8 s late; with polls
   * of 5 s, 1 poll in ~800 (agentline-cli/README.md, session 14). The price: a consumer whose fetch took a commit marker
   * alone waits out its poll before it fetches again (ShareHandOverTest: rare with eight records a poll), and a
   * consumer stops only when its poll ends ({@link StepConsumers#stop} stops them all at once).
   */
  @SuppressWarnings("unchecked")
  static <K, V> ShareConsumer<K, V> forSteps(ShareConsumer<K, V> consumer) {
    return (ShareConsumer<K, V>) Proxy.newProxyInstance(StepThreads.class.getClassLoader(), new Class<?>[] {ShareConsumer.class},
        (proxy, method, args) -> {
          if (method.getName().equals("poll") && args != null && args.length == 1 && args[0] instanceof Duration) args = new Object[] {POLL};
          Object result;
          try {
            result = method.invoke(consumer, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (result instanceof ConsumerRecords<?, ?> records) polled(records.count());
          return result;
        });
  }

  /** On a consumer's thread: its poll returned {@code records} records, which are run next. */
  static void polled(int records) {
    Poll poll = polls.get();
    poll.notStarted = records;
    // a consumer polls only once every record of its poll before is acknowledged: those steps are over
    poll.steps.clear();
  }

  /**
   * Runs {@code step}, which acknowledges its record itself and throws nothing. Returns at once while records of the
   * calling consumer's last poll are still to be started; after the last one, when the poll's steps have finished or
   * after the hand-over time, whichever is first. Once {@link #drain()} has begun, the step runs on the caller.
   */
  void run(Runnable step) {
    Poll poll = polls.get();
    poll.steps.removeIf(Future::isDone);
    try {
      poll.steps.add(threads.submit(step));
    } catch (RejectedExecutionException draining) {
      step.run();
    }
    if (--poll.notStarted > 0) return;
    long deadline = System.nanoTime() + handOver.toNanos();
    for (Future<?> running : poll.steps) {
      try {
        running.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException stillRunning) {
        return; // they go on; the consumer's container polls again once they are all acknowledged
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        log.error("a step ended with an error it did not handle", e.getCause());
      }
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
