package dev.agentline.audit.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Kafka record as the audit sees it, free of client types.
 *
 * @param key the record key (the task id), may be null
 * @param value the raw value, null for a tombstone
 * @param timestamp the Kafka timestamp, null when the record has none
 * @param headers the headers in order; a name may repeat
 */
record IncomingRecord(
    String topic, int partition, long offset, String key, byte[] value, Instant timestamp, List<Map.Entry<String, byte[]>> headers) {

  IncomingRecord {
    Objects.requireNonNull(topic, "topic");
    headers = List.copyOf(headers);
  }

  /**
   * A tombstone on a Kafka Streams state-store changelog ({@code <application-id>-<store>-changelog}, such as
   * the planner's {@code agentline-planner-task-state-changelog}): the store deleted the key. It carries nothing
   * to record (the states before it are stored, the task's events say how it ended), so the audit skips it rather
   * than store it as an undecodable value.
   */
  boolean isChangelogTombstone() {
    return value == null && topic.endsWith("-changelog");
  }

  /** The last header of that name as UTF-8 text, or null. */
  String header(String name) {
    String found = null;
    for (Map.Entry<String, byte[]> header : headers) {
      if (header.getKey().equals(name) && header.getValue() != null) {
        found = new String(header.getValue(), StandardCharsets.UTF_8);
      }
    }
    return found;
  }
}
