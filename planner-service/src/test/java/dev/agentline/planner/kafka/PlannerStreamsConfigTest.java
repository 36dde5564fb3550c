package dev.agentline.planner.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.planner.PlannerProperties;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The planner's Kafka Streams settings: exactly-once and the latency settings by default, an operator's overrides last. */
class PlannerStreamsConfigTest {
  static PlannerProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("agentline.planner", PlannerProperties.class);
  }

  @Test
  void theDefaultsSuitOneBrokerWithExactlyOnce() {
    Properties config = PlannerStreams.streamsConfig(bind(Map.of()), "localhost:9092");

    assertThat(config).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1)
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "agentline-planner")
        .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED)
        .containsEntry(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0)
        .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 3)
        .containsEntry(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
    assertThat(PlannerStreams.streamsConfig(bind(Map.of("agentline.planner.partitions", "1")), "localhost:9092"))
        .as("no more threads than partitions").containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
  }

  @Test
  void anOperatorSetsReplicationAndStandbysForAProductionClusterFromTheEnvironment() {
    Map<String, Object> environment = Map.of("AGENTLINE_PLANNER_STREAMS_REPLICATION_FACTOR", "3", "AGENTLINE_PLANNER_STREAMS_NUM_STANDBY_REPLICAS", "1");
    PlannerProperties properties = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)))
        .bindOrCreate("agentline.planner", PlannerProperties.class);

    Properties config = PlannerStreams.streamsConfig(properties, "kafka:9092");

    assertThat(config).containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, "3")
        .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1")
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
  }
}
