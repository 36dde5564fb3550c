package dev.agentline.cli;

import dev.agentline.planner.workflow.TaskWorkflow;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a task's history from {@link Topics#TASK_EVENTS} as it happens, until the task ends. */
final class TaskFollower implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;

  TaskFollower(String bootstrapServers) {
    consumer = taskEvents(bootstrapServers, "agentline-cli-follower");
  }

  /** A consumer of every partition of {@link Topics#TASK_EVENTS} from the beginning, committed records only, no group. */
  static KafkaConsumer<String, byte[]> taskEvents(String bootstrapServers, String clientId) {
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.CLIENT_ID_CONFIG, clientId), new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(Topics.TASK_EVENTS).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  /** Prints each event of the task; returns the event that ended it, or empty when {@code timeout} passed first. */
  Optional<TaskEvent> follow(String taskId, Duration timeout, Consumer<TaskEvent> onEvent) {
    Instant until = Instant.now().plus(timeout);
    while (Instant.now().isBefore(until)) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (!taskId.equals(record.key())) continue;
        TaskEvent event = AvroCodec.get().decode(record.value(), TaskEvent.class);
        onEvent.accept(event);
        if (event.getType() == TaskEventType.STATE_CHANGED && TaskWorkflow.isTerminal(event.getStatus())) return Optional.of(event);
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
