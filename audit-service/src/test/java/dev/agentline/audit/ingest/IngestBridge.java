package dev.agentline.audit.ingest;

import dev.agentline.audit.store.AuditRow;
import dev.agentline.platform.AvroCodec;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;

/** The audit row the ingest makes of a record, for tests and benchmarks outside this package. */
public final class IngestBridge {
  private IngestBridge() {}

  public static AuditRow row(String topic, int partition, long offset, String key, SpecificRecordBase record, Instant kafkaTime) {
    return AuditRows.from(new IncomingRecord(topic, partition, offset, key, AvroCodec.get().encode(record), kafkaTime, List.of()));
  }
}
