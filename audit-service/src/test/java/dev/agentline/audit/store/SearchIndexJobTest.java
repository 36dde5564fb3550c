package dev.agentline.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SearchIndexJobTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void whileIngestIsBusyTheIndexerWaitsUntilItIsIdleButRunsABatchASecondAtLeast() {
    long now = 10_000 * MS;
    // ingest idle: index now
    assertThat(SearchIndexJob.yieldNanos(now, now - MS, now - 5 * MS)).isZero();
    // ingest busy for 300 ms more, last batch 100 ms ago: wait the 300 ms
    assertThat(SearchIndexJob.yieldNanos(now, now + 300 * MS, now - 100 * MS)).isEqualTo(300 * MS);
    // busy, but the last batch was 900 ms ago: wait only until a second has passed
    assertThat(SearchIndexJob.yieldNanos(now, now + 300 * MS, now - 900 * MS)).isEqualTo(100 * MS);
    // busy, and no batch for over a second: index now
    assertThat(SearchIndexJob.yieldNanos(now, now + 300 * MS, now - 1_500 * MS)).isZero();
  }

  @Test
  void whileIngestIsBusyTheIndexerTakesItsSmallerBatch() {
    long now = 10_000 * MS;
    assertThat(SearchIndexJob.batchSize(now, now + 300 * MS, 500, 100)).isEqualTo(100);
    assertThat(SearchIndexJob.batchSize(now, now - MS, 500, 100)).isEqualTo(500);
    // a busy batch configured bigger than the idle one is not bigger
    assertThat(SearchIndexJob.batchSize(now, now + 300 * MS, 50, 100)).isEqualTo(50);
  }
}
