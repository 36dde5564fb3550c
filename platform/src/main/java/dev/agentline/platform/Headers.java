package dev.agentline.platform;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;

/** Record header names shared by every service. */
public final class Headers {
  private Headers() {}

  public static final String CORRELATION_ID = "agentline-correlation-id";
  /** Fingerprint (hex) of the Avro schema that wrote the value, for routing before decoding. */
  public static final String SCHEMA_FINGERPRINT = "agentline-schema-fingerprint";

  /** Dead-letter headers: why the record was refused, and where it came from. */
  public static final String DLT_REASON = "agentline-dlt-reason";
  public static final String DLT_EXCEPTION = "agentline-dlt-exception";
  public static final String DLT_ORIGINAL_TOPIC = "agentline-dlt-original-topic";
  public static final String DLT_ORIGINAL_PARTITION = "agentline-dlt-original-partition";
  public static final String DLT_ORIGINAL_OFFSET = "agentline-dlt-original-offset";
  public static final String DLT_CONSUMER = "agentline-dlt-consumer";

  /** On a dead letter put back on its topic: where it was ({@code topic/partition@offset}) and who replayed it. */
  public static final String REPLAYED_FROM = "agentline-replayed-from";
  public static final String REPLAYED_BY = "agentline-replayed-by";

  public static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** The header's value as text, or null when the header is absent. */
  public static String text(org.apache.kafka.common.header.Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
