package dev.agentline.platform;

import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the dead-letter copy of a refused record (the original key and value, the reason in
 * headers), reads one back, and builds its replay: the same key, value and headers on the original
 * topic once the cause is fixed.
 */
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

  /** A dead letter as an operator sees it: where it is, where it came from, who refused it and why. */
  public record Letter(String topic, int partition, long offset, Instant timestamp, String key, int valueBytes,
      String originalTopic, String originalPosition, String consumer, String reason, String exception) {

    /** {@code topic/partition@offset}, the form {@code agentline dlt replay} takes. */
    public String position() {
      return topic + "/" + partition + "@" + offset;
    }
  }

  public static Letter read(ConsumerRecord<String, byte[]> deadLetter) {
    org.apache.kafka.common.header.Headers headers = deadLetter.headers();
    String partition = Headers.text(headers, Headers.DLT_ORIGINAL_PARTITION);
    String offset = Headers.text(headers, Headers.DLT_ORIGINAL_OFFSET);
    return new Letter(deadLetter.topic(), deadLetter.partition(), deadLetter.offset(),
        deadLetter.timestamp() < 0 ? null : Instant.ofEpochMilli(deadLetter.timestamp()), deadLetter.key(),
        deadLetter.value() == null ? 0 : deadLetter.value().length, originalTopic(deadLetter),
        partition == null || offset == null ? null : partition + "@" + offset, Headers.text(headers, Headers.DLT_CONSUMER),
        Headers.text(headers, Headers.DLT_REASON), Headers.text(headers, Headers.DLT_EXCEPTION));
  }

  /**
   * The dead letter put back on its original topic: key, value and the original headers as they
   * were, the dead-letter headers dropped, and {@link Headers#REPLAYED_FROM} / {@link Headers#REPLAYED_BY}
   * added so the audit log shows the replay. The consumer then handles it like any new record.
   */
  public static ProducerRecord<String, byte[]> replay(ConsumerRecord<String, byte[]> deadLetter, String by) {
    if (!deadLetter.topic().endsWith(Topics.DLT_SUFFIX)) {
      throw new IllegalArgumentException(deadLetter.topic() + " is not a dead-letter topic (its name does not end in " + Topics.DLT_SUFFIX + ")");
    }
    RecordHeaders headers = new RecordHeaders();
    for (Header header : deadLetter.headers()) {
      if (!header.key().startsWith("agentline-dlt-") && !header.key().startsWith("agentline-replayed-")) {
        headers.add(header.key(), header.value());
      }
    }
    headers.add(Headers.REPLAYED_FROM, Headers.utf8(deadLetter.topic() + "/" + deadLetter.partition() + "@" + deadLetter.offset()));
    headers.add(Headers.REPLAYED_BY, Headers.utf8(by));
    return new ProducerRecord<>(originalTopic(deadLetter), null, deadLetter.key(), deadLetter.value(), headers);
  }

  private static String originalTopic(ConsumerRecord<String, byte[]> deadLetter) {
    return originalTopic(deadLetter.topic(), Headers.text(deadLetter.headers(), Headers.DLT_ORIGINAL_TOPIC));
  }

  /**
   * The topic a dead letter on {@code deadLetterTopic} came from: its {@link Headers#DLT_ORIGINAL_TOPIC} header
   * ({@code header}), or, when that is missing or blank, the topic the dead-letter topic's name is derived from.
   */
  public static String originalTopic(String deadLetterTopic, String header) {
    if (header != null && !header.isBlank()) return header;
    return deadLetterTopic.endsWith(Topics.DLT_SUFFIX)
        ? deadLetterTopic.substring(0, deadLetterTopic.length() - Topics.DLT_SUFFIX.length())
        : deadLetterTopic;
  }
}
