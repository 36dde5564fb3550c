package dev.agentline.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.context.Lifecycle;

class StepConsumersTest {
  /** A container whose consumer stops only when its poll ends, a second from now. */
  private static final class InAPoll implements Lifecycle {
    private final AtomicBoolean running = new AtomicBoolean(true);

    @Override
    public void start() {
      running.set(true);
    }

    @Override
    public void stop() {
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      running.set(false);
    }

    @Override
    public boolean isRunning() {
      return running.get();
    }
  }

  @Test
  void theFiveRolesContainersStopAtOnceAndAllHaveStoppedWhenItReturns() {
    List<InAPoll> containers = IntStream.range(0, 5).mapToObj(i -> new InAPoll()).toList();

    long start = System.nanoTime();
    StepConsumers.stopAll(containers);
    Duration stopping = Duration.ofNanos(System.nanoTime() - start);

    assertThat(containers).noneMatch(InAPoll::isRunning);
    assertThat(stopping).as("one after the other: 5 s").isLessThan(Duration.ofMillis(2_500));
  }
}
