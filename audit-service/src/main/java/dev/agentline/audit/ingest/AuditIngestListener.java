package dev.agentline.audit.ingest;

import dev.agentline.audit.store.AuditStore;
import java.time.Instant;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.RecordBatch;
import org.springframework.kafka.listener.MessageListener;

/**
 * Stores each consumed record. A storage failure is thrown to the container's error handler,
 * which retries the same record with backoff until it is stored (see {@link IngestConfiguration}).
 */
final class AuditIngestListener implements MessageListener<String, byte[]> {
  private final AuditStore store;

  AuditIngestListener(AuditStore store) {
    this.store = store;
  }

  @Override
  public void onMessage(ConsumerRecord<String, byte[]> record) {
    store.insert(AuditRows.from(incoming(record)));
  }

  static IncomingRecord incoming(ConsumerRecord<String, byte[]> record) {
    List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
    for (Header header : record.headers()) headers.add(new SimpleImmutableEntry<>(header.key(), header.value()));
    Instant timestamp = record.timestamp() == RecordBatch.NO_TIMESTAMP ? null : Instant.ofEpochMilli(record.timestamp());
    return new IncomingRecord(record.topic(), record.partition(), record.offset(), record.key(), record.value(), timestamp, headers);
  }
}
