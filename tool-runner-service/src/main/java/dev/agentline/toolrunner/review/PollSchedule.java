package dev.agentline.toolrunner.review;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Drives the poller every {@code agentline.code-hosts.poll.interval} when {@code poll.enabled}; does nothing otherwise. */
final class PollSchedule implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(PollSchedule.class);

  private final PullRequestPoller poller;
  private final boolean enabled;
  private final Duration interval;
  private ScheduledExecutorService executor;

  PollSchedule(PullRequestPoller poller, boolean enabled, Duration interval) {
    this.poller = poller;
    this.enabled = enabled;
    this.interval = interval;
  }

  @Override
  public synchronized void start() {
    if (!enabled || executor != null) return;
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pr-poller");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    log.info("polling the code hosts for pull request activity every {}", interval);
  }

  private void tick() {
    try {
      int written = poller.tick();
      if (written > 0) log.info("polling wrote {} pull request events", written);
    } catch (RuntimeException e) {
      log.warn("a poll tick failed: {}", e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    if (executor == null) return;
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor = null;
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}
