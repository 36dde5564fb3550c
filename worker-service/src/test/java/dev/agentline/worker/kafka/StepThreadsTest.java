package dev.agentline.worker.kafka;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The steps of one poll start together, and the consumer's thread (here a thread of its own, as in the container)
 * waits for them only once all have started, for at most the hand-over time.
 */
class StepThreadsTest {
  private final ExecutorService consumerThread = Executors.newSingleThreadExecutor();
  private final CountDownLatch lastStarted = new CountDownLatch(1);
  private final AtomicInteger finished = new AtomicInteger();

  @AfterEach
  void stop() {
    consumerThread.shutdownNow();
  }

  /** A step that cannot finish before the poll's last step has started, as a slow model's step cannot finish soon. */
  private final Runnable waitsForTheLast = () -> {
    try {
      lastStarted.await();
      finished.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  };

  private final Runnable last = () -> {
    lastStarted.countDown();
    finished.incrementAndGet();
  };

  @Test
  void theStepsOfOnePollAllStartBeforeTheConsumerWaitsForThem() throws Exception {
    StepThreads threads = new StepThreads(Duration.ofSeconds(30));

    consumerThread.submit(() -> {
      StepThreads.polled(3);
      threads.run(waitsForTheLast);
      threads.run(waitsForTheLast);
      threads.run(last);
    }).get(10, SECONDS); // waiting for the first before starting the next would hold the consumer for the 30 s hand-over

    // it then waited for them: all three were done when it went back to its container
    assertThat(finished).hasValue(3);
  }

  @Test
  void stepsThatOutlastTheHandOverGoOnWhileTheirConsumerReturns() throws Exception {
    StepThreads threads = new StepThreads(Duration.ofMillis(50));

    consumerThread.submit(() -> {
      StepThreads.polled(2);
      threads.run(waitsForTheLast);
      threads.run(waitsForTheLast);
    }).get(10, SECONDS);

    assertThat(finished).hasValue(0);
    lastStarted.countDown();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (finished.get() < 2 && System.nanoTime() < deadline) Thread.sleep(5);
    assertThat(finished).hasValue(2);
  }

  @Test
  void aConsumerWrappedForStepsTellsHowManyRecordsItsPollReturned() throws Exception {
    MockShareConsumer<String, String> mock = new MockShareConsumer<>();
    mock.subscribe(List.of("steps"));
    mock.addRecord(new ConsumerRecord<>("steps", 0, 0, "task-1", "request"));
    mock.addRecord(new ConsumerRecord<>("steps", 0, 1, "task-2", "request"));
    ShareConsumer<String, String> consumer = StepThreads.forSteps(mock);
    StepThreads threads = new StepThreads(Duration.ofSeconds(30));

    consumerThread.submit(() -> {
      ConsumerRecords<String, String> records = consumer.poll(Duration.ZERO);
      assertThat(records.count()).isEqualTo(2);
      threads.run(waitsForTheLast);
      threads.run(last);
    }).get(10, SECONDS);

    assertThat(finished).hasValue(2);
    assertThat(consumer.subscription()).containsExactly("steps");
  }

  @Test
  void aConsumerWrappedForStepsWaitsFiveSecondsInAPoll() {
    List<Duration> timeouts = new ArrayList<>();
    MockShareConsumer<String, String> mock = new MockShareConsumer<>() {
      @Override
      public synchronized ConsumerRecords<String, String> poll(Duration timeout) {
        timeouts.add(timeout);
        return super.poll(timeout);
      }
    };
    mock.subscribe(List.of("steps"));

    StepThreads.forSteps(mock).poll(Duration.ofSeconds(1)); // as Spring's share container polls

    assertThat(timeouts).containsExactly(Duration.ofSeconds(5));
  }
}
