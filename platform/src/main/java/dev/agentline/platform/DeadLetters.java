package dev.agentline.platform;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Builds the dead-letter copy of a refused record: the original key and value, the reason in headers. */
public final class DeadLetters {
  private DeadLetters() {}

  public static ProducerRecord<String, byte[]> of(ConsumerRecord<String, byte[]> original, String consumer, Throwable error) {
    RecordHeaders headers = new RecordHeaders(original.headers().toArray());
    headers.add(Headers.DLT_REASON, Headers.utf8(reason(error)));
    headers.add(Headers.DLT_EXCEPTION, Headers.utf8(error.getClass().getName()));
    headers.add(Headers.DLT_ORIGINAL_TOPIC, Headers.utf8(original.topic()));
    headers.add(Headers.DLT_ORIGINAL_PARTITION, Headers.utf8(Integer.toString(original.partition())));
    headers.add(Headers.DLT_ORIGINAL_OFFSET, Headers.utf8(Long.toString(original.offset())));
    headers.add(Headers.DLT_CONSUMER, Headers.utf8(consumer));
    return new ProducerRecord<>(Topics.dlt(original.topic()), null, original.key(), original.value(), headers);
  }

  /** The message of the error, or its class name when it has none. */
  public static String reason(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
  }
}
