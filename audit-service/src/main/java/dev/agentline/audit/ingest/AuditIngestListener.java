package dev.agentline.audit.ingest;

import dev.agentline.audit.store.AuditStore;
import dev.agentline.audit.store.IngestRecord;
import dev.agentline.platform.Topics;
import dev.agentline.platform.TraceContext;
import java.time.Instant;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.listener.BatchMessageListener;

/**
 * Stores each polled batch in one transaction (changelog tombstones skipped: {@link
 * IncomingRecord#isChangelogTombstone}). A storage failure is thrown to the container's error handler, which retries the same batch with backoff until it is stored (see
 * {@link IngestConfiguration}); the store skips records already stored, so a retry is safe.
 * Log lines written while a record is turned into its row carry its task id and trace ids (MDC); the
 * batch's insert, which spans many tasks, carries none.
 */
final class AuditIngestListener implements BatchMessageListener<String, byte[]> {
  private final AuditStore store;
  private final IntConsumer stored;

  /** @param stored called with the number of records stored, after each batch (tells the search indexer) */
  AuditIngestListener(AuditStore store, IntConsumer stored) {
    this.store = store;
    this.stored = stored;
  }

  @Override
  public void onMessage(List<ConsumerRecord<String, byte[]>> records) {
    List<IngestRecord> batch = new ArrayList<>(records.size());
    for (ConsumerRecord<String, byte[]> record : records) {
      String taskId = Topics.ANALYSIS_CACHE.equals(record.topic()) ? null : record.key();
      try (TraceContext.LogContext ignored = TraceContext.logContext(taskId, record.headers())) {
        IncomingRecord incoming = incoming(record);
        if (!incoming.isChangelogTombstone()) batch.add(AuditRows.ingest(incoming));
      }
    }
    int n = store.insertAll(batch);
    if (n > 0) stored.accept(n);
  }

  static IncomingRecord incoming(ConsumerRecord<String, byte[]> record) {
    List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
    for (Header header : record.headers()) headers.add(new SimpleImmutableEntry<>(header.key(), header.value()));
    Instant timestamp = record.timestamp() == ConsumerRecord.NO_TIMESTAMP ? null : Instant.ofEpochMilli(record.timestamp());
    return new IncomingRecord(record.topic(), record.partition(), record.offset(), record.key(), record.value(), timestamp, headers);
  }
}
