package dev.agentline.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The {@value #NAME} counter every dead-lettering service exports, tagged {@code topic} (the
 * {@code <topic>.dlt} written to) and {@code consumer} (who refused the record, the
 * {@link Headers#DLT_CONSUMER} header). Count a record once it is sent.
 */
public final class DeadLetterMeter {
  public static final String NAME = "agentline.dead.letters";

  private final MeterRegistry registry;

  public DeadLetterMeter(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts one dead letter written to {@code topic} by {@code consumer}. */
  public void sent(String topic, String consumer) {
    Counter.builder(NAME)
        .description("Records written to a dead-letter topic")
        .tag("topic", topic)
        .tag("consumer", consumer == null ? "unknown" : consumer)
        .register(registry)
        .increment();
  }

  /** Counts the record if it is a dead letter (its topic ends in {@code .dlt}); any other record is ignored. */
  public void sentRecord(ProducerRecord<?, ?> record) {
    if (record.topic().endsWith(Topics.DLT_SUFFIX)) sent(record.topic(), Headers.text(record.headers(), Headers.DLT_CONSUMER));
  }
}
