package dev.agentline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterMeterTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DeadLetterMeter meter = new DeadLetterMeter(registry);

  @Test
  void countsDeadLettersByTopicAndTheConsumerNamedInTheirHeaders() {
    ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.dlt(Topics.TOOL_REQUESTS), "t-1", new byte[] {1});
    dead.headers().add(Headers.DLT_CONSUMER, Headers.utf8("tool-runner"));

    meter.sentRecord(dead);
    meter.sentRecord(dead);

    assertThat(registry.get(DeadLetterMeter.NAME).tag("topic", "agentline.tool-requests.dlt").tag("consumer", "tool-runner").counter().count())
        .isEqualTo(2.0);
  }

  @Test
  void ignoresRecordsThatAreNotDeadLetters() {
    meter.sentRecord(new ProducerRecord<>(Topics.TOOL_RESULTS, "t-1", new byte[] {1}));

    assertThat(registry.find(DeadLetterMeter.NAME).counters()).isEmpty();
  }
}
