package dev.agentline.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Option;

/** Where the Kafka cluster is, for the operator commands that read and write topics directly (dead letters). */
final class KafkaOptions {
  @Option(names = "--bootstrap-servers", defaultValue = "${env:SPRING_KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}", paramLabel = "HOST:PORT,...",
      description = "The Kafka cluster (default: env SPRING_KAFKA_BOOTSTRAP_SERVERS, the services' own key, else localhost:9092; here ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(names = "--kafka-timeout", defaultValue = "15s", paramLabel = "DURATION", converter = Durations.class,
      description = "How long to wait for the cluster before giving up with exit code 3 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  /** Admin settings: the servers and bounded waits. */
  Map<String, Object> admin() {
    if (bootstrapServers == null || bootstrapServers.isBlank()) throw CliFailure.badInput("--bootstrap-servers must name at least one HOST:PORT");
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.strip(),
        CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
        CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Math.min(millis, 30_000));
  }

  /** A consumer that reads without joining a group, committed records only, and never creates a topic. */
  Map<String, Object> consumer() {
    Map<String, Object> config = new HashMap<>(admin());
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return config;
  }

  /** An idempotent producer that waits for every replica. */
  Map<String, Object> producer() {
    Map<String, Object> config = new HashMap<>();
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, admin().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
    int request = (int) Math.min(timeout.toMillis(), 30_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // the producer refuses a delivery timeout shorter than linger + request timeout
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, request + (int) Math.min(timeout.toMillis(), 60_000));
    return config;
  }

  CliFailure unreachable(Exception cause) {
    return new CliFailure(ExitCodes.UNREACHABLE, "Kafka at " + bootstrapServers + " could not be reached in " + timeout.toSeconds() + " s (" + cause.getMessage()
        + "); check --bootstrap-servers or SPRING_KAFKA_BOOTSTRAP_SERVERS");
  }
}
