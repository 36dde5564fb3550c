package dev.agentline.audit.ingest;

import dev.agentline.audit.store.IngestRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The record → rows mapping for callers outside the consumer (benchmarks, tools): redacted raw and normalised rows. */
public final class RecordIngest {
  private RecordIngest() {}

  public static IngestRecord of(String topic, int partition, long offset, String key, byte[] value, Instant timestamp,
      List<Map.Entry<String, byte[]>> headers) {
    return AuditRows.ingest(new IncomingRecord(topic, partition, offset, key, value, timestamp, headers));
  }
}
