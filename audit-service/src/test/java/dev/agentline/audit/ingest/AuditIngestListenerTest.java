package dev.agentline.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class AuditIngestListenerTest {
  private static ConsumerRecord<String, byte[]> record(long timestamp) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
    return new ConsumerRecord<>("agentline.task-events", 1, 42L, timestamp, timestamp < 0 ? TimestampType.NO_TIMESTAMP_TYPE
        : TimestampType.CREATE_TIME, 5, 3, "t-1", new byte[] {1, 2, 3}, headers, Optional.empty());
  }

  @Test
  void aRecordKeepsItsPositionKeyHeadersAndKafkaTimestamp() {
    IncomingRecord incoming = AuditIngestListener.incoming(record(1_764_200_000_123L));

    assertThat(incoming.topic()).isEqualTo("agentline.task-events");
    assertThat(incoming.partition()).isEqualTo(1);
    assertThat(incoming.offset()).isEqualTo(42L);
    assertThat(incoming.key()).isEqualTo("t-1");
    assertThat(incoming.timestamp()).isEqualTo(Instant.ofEpochMilli(1_764_200_000_123L));
    assertThat(incoming.headers()).singleElement().satisfies(h -> assertThat(h.getKey()).isEqualTo("traceparent"));
  }

  @Test
  void aRecordWithoutATimestampHasNoneRatherThanOneMillisecondBefore1970() {
    assertThat(AuditIngestListener.incoming(record(ConsumerRecord.NO_TIMESTAMP)).timestamp()).isNull();
  }
}
