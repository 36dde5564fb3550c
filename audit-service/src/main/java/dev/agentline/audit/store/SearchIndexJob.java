package dev.agentline.audit.store;

import dev.agentline.audit.AuditProperties;
import dev.agentline.platform.CpuPriority;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the search index up with ingest: one thread runs {@link SearchIndexer} batch after batch
 * while records are queued, then waits {@code agentline.audit.search-index-idle} or until ingest
 * reports a stored batch. A failed batch (the database away) is logged and tried again after the
 * idle wait; nothing leaves the queue unindexed.
 *
 * <p>Storing comes first: while ingest is working through a backlog (it stores batches of at least
 * half {@code agentline.audit.batch-size}), the indexer runs one batch a second only, of at most
 * {@code agentline.audit.search-index-busy-batch} records, and catches up when the backlog is gone. A search meanwhile
 * finds what was indexed so far.
 */
@Component
public class SearchIndexJob implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SearchIndexJob.class);

  private final SearchIndexer indexer;
  private final int batch;
  private final long idleNanos;
  /**
   * Ingest counts as busy this long after it stored a big batch. Longer than a batch takes to store under load (~300 ms for
   * 1,000 records on 2 cores): with 300 ms the window lapsed between batches, and the indexer took as much of the database
   * as each consumer did ({@code bench/ingest.sh kafka}).
   */
  private static final long BUSY_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long YIELD_AT_MOST_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** The indexer's batch while ingest is busy. */
  private final int busyBatch;
  /** A stored batch at least this big means ingest is busy. */
  private final int bigIngestBatch;
  private volatile long busyUntil = System.nanoTime();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private boolean woken;
  private volatile Thread thread;
  private final CpuPriority priority;

  public SearchIndexJob(SearchIndexer indexer, AuditProperties properties, MeterRegistry registry) {
    this.indexer = indexer;
    Gauge.builder("agentline.audit.search.pending", indexer, SearchIndexer::pending)
        .description("Records stored but not yet searchable (the search index queue)").register(registry);
    this.batch = properties.searchIndexBatch();
    this.idleNanos = properties.searchIndexIdle().toNanos();
    this.busyBatch = properties.searchIndexBusyBatch();
    this.bigIngestBatch = Math.max(1, properties.batchSize() / 2);
    this.priority = new CpuPriority(properties.nice(), "the audit's search indexer");
  }

  /** Ingest stored {@code records} records, so they are queued: index them soon, or later if ingest is busy. */
  public void stored(int records) {
    if (records >= bigIngestBatch) busyUntil = System.nanoTime() + BUSY_WINDOW_NANOS;
    wake();
  }

  /** New records are queued: index them now rather than after the idle wait. */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    priority.lowerThisThread();
    long lastBatch = System.nanoTime();
    while (!Thread.currentThread().isInterrupted()) {
      long yieldFor = yieldNanos(System.nanoTime(), busyUntil, lastBatch);
      if (yieldFor > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(yieldFor);
        } catch (InterruptedException e) {
          return;
        }
        continue;
      }
      lastBatch = System.nanoTime();
      int size = batchSize(lastBatch, busyUntil, batch, busyBatch);
      int taken;
      try {
        taken = indexer.indexBatch(size);
      } catch (RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) return;
        log.warn("Search indexing failed, next try in {} ms: {}", TimeUnit.NANOSECONDS.toMillis(idleNanos), e.toString());
        taken = 0;
      }
      if (taken < size && !awaitWork()) return;
    }
  }

  /** How long to leave the database to ingest before the next batch: until ingest is idle, but a batch a second at least. */
  static long yieldNanos(long now, long busyUntil, long lastBatch) {
    return Math.max(0, Math.min(busyUntil - now, lastBatch + YIELD_AT_MOST_NANOS - now));
  }

  /**
   * The next batch's size: smaller while ingest is busy. A batch of 500 took ~130 ms of the database's CPU on a quiet
   * machine and 0.5 s or more beside a busy ingest, so "a batch a second" had the indexer working more than half the
   * time ({@code bench/ingest.sh kafka}: its statement was active in 60 % of samples of {@code pg_stat_activity}).
   */
  static int batchSize(long now, long busyUntil, int idleBatch, int busyBatch) {
    return now - busyUntil < 0 ? Math.min(idleBatch, busyBatch) : idleBatch;
  }

  // false when interrupted (stopping)
  private boolean awaitWork() {
    lock.lock();
    try {
      long left = idleNanos;
      while (!woken && left > 0) left = work.awaitNanos(left);
      woken = false;
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public synchronized void start() {
    if (thread != null) return;
    thread = new Thread(this::run, "audit-search-indexer");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void stop() {
    Thread running = thread;
    if (running == null) return;
    thread = null;
    running.interrupt();
    try {
      running.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }
}
