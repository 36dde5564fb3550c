package dev.agentline.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.audit.AuditProperties;
import dev.agentline.audit.AuditProperties.EmbeddedMode;
import dev.agentline.platform.ConsumerGroups;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * The audit consumer's fetch cap (responses under half a 4 MiB G1 region and no smaller than a batch's minimum) and its
 * session timeout; both overridable.
 */
class IngestConsumerConfigTest {
  private static final AuditProperties AUDIT = new AuditProperties(EmbeddedMode.AUTO, 0, null, "agentline-audit",
      AuditProperties.DEFAULT_TOPIC_PATTERN, 50, 500, 1000, Duration.ofMillis(500), Duration.ofSeconds(30), 1000, 1, null,
      Duration.ofHours(1), 500, 100, Duration.ofSeconds(1), 0);

  @Test
  void fetchResponsesStayUnderTwoMebibytesUnlessConfiguredOtherwise() {
    Map<String, Object> defaults = config(new KafkaProperties());
    assertThat(defaults.get(ConsumerConfig.FETCH_MAX_BYTES_CONFIG)).isEqualTo(1_572_864);
    assertThat((Integer) defaults.get(ConsumerConfig.FETCH_MAX_BYTES_CONFIG)).isLessThan(2 * 1024 * 1024)
        .isGreaterThanOrEqualTo((Integer) defaults.get(ConsumerConfig.FETCH_MIN_BYTES_CONFIG));

    KafkaProperties kafka = new KafkaProperties();
    kafka.getConsumer().getProperties().put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "4194304");
    assertThat(config(kafka).get(ConsumerConfig.FETCH_MAX_BYTES_CONFIG)).isEqualTo("4194304");
  }

  @Test
  void aCrashedConsumersRecordsWaitTenSecondsForAnotherUnlessConfiguredOtherwise() {
    assertThat(config(new KafkaProperties())).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerGroups.SESSION_TIMEOUT_MS);

    KafkaProperties kafka = new KafkaProperties();
    kafka.getConsumer().getProperties().put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000");
    assertThat(config(kafka)).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000");
  }

  private static Map<String, Object> config(KafkaProperties kafka) {
    return new IngestConfiguration().auditConsumerFactory(kafka, AUDIT, new SimpleMeterRegistry()).getConfigurationProperties();
  }
}
