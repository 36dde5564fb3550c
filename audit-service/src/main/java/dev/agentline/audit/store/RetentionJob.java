package dev.agentline.audit.store;

import dev.agentline.audit.AuditProperties;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs {@link AuditRetention} every {@code agentline.audit.retention-interval} (the first run soon
 * after start) when {@code agentline.audit.retention} is set; does nothing otherwise. A failed run
 * is logged and tried again at the next interval.
 */
@Component
class RetentionJob implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

  private final AuditRetention retention;
  private final AuditProperties properties;
  private final Clock clock = Clock.systemUTC();
  private ScheduledExecutorService scheduler;

  RetentionJob(AuditRetention retention, AuditProperties properties) {
    this.retention = retention;
    this.properties = properties;
  }

  @Override
  public synchronized void start() {
    if (properties.retention() == null || scheduler != null) return;
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "audit-retention");
      thread.setDaemon(true);
      return thread;
    });
    long every = properties.retentionInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::runOnce, Math.min(every, 10_000), every, TimeUnit.MILLISECONDS);
  }

  private void runOnce() {
    try {
      AuditRetention.Deleted deleted = retention.deleteOlderThan(clock.instant().minus(properties.retention()));
      if (deleted.rawRows() + deleted.normalisedRows() > 0) {
        log.info("Retention ({}) deleted {} raw and {} normalised row(s); {} task chain(s) checkpointed",
            properties.retention(), deleted.rawRows(), deleted.normalisedRows(), deleted.tasksCheckpointed());
      }
    } catch (RuntimeException e) {
      log.warn("Retention run failed, next try in {}: {}", properties.retentionInterval(), e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    if (scheduler == null) return;
    scheduler.shutdownNow();
    scheduler = null;
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }
}
