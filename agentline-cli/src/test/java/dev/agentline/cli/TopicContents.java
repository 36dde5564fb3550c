package dev.agentline.cli;

import dev.agentline.planner.workflow.TaskWorkflow;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What is on a topic, for assertions: the committed records (read_committed, as every agentline consumer
 * reads) or everything written, records of aborted transactions included (read_uncommitted).
 */
final class TopicContents {
  private TopicContents() {}

  /** Every step topic: agentline.steps.manager, .code-edit, ... */
  static List<String> stepTopics() {
    return java.util.Arrays.stream(Role.values()).map(Topics::steps).toList();
  }

  /** Every record on {@code topic} up to its current end (the last stable offset when {@code committedOnly}). */
  static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic, boolean committedOnly) {
    try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      Instant deadline = Instant.now().plusSeconds(20);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (Instant.now().isAfter(deadline)) throw new AssertionError("cannot read " + topic + " to its end " + end);
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  /** The task's records of {@code type} on {@code topics}, decoded, in the order of each partition. */
  static <T extends SpecificRecordBase> List<T> values(String bootstrap, Collection<String> topics, boolean committedOnly, String taskId,
      Class<T> type) {
    List<T> values = new ArrayList<>();
    for (String topic : topics) {
      for (ConsumerRecord<String, byte[]> record : read(bootstrap, topic, committedOnly)) {
        if (taskId.equals(record.key())) values.add(AvroCodec.get().decode(record.value(), type));
      }
    }
    return values;
  }

  /** How often each key occurs. */
  static <T> Map<String, Long> countBy(List<T> values, Function<T, String> key) {
    return values.stream().collect(Collectors.groupingBy(key, HashMap::new, Collectors.counting()));
  }

  /** The keys that occur more than once, with their counts. */
  static <T> Map<String, Long> repeated(List<T> values, Function<T, String> key) {
    Map<String, Long> counts = countBy(values, key);
    counts.values().removeIf(count -> count < 2);
    return counts;
  }

  /** The StepRequest's role, kind and step, e.g. "code-edit execute s1". */
  static String describe(StepRequest request) {
    return Topics.steps(request.getRole()).substring("agentline.steps.".length()) + " " + request.getKind().name().toLowerCase(Locale.ROOT)
        + " " + request.getStepId();
  }

  /**
   * Follows agentline.task-events (committed) until every task in {@code taskIds} has ended; returns the event
   * that ended each one. Fails when {@code timeout} passes first, naming the tasks still running.
   */
  static Map<String, TaskEvent> awaitEnd(String bootstrap, Collection<String> taskIds, Duration timeout) {
    Map<String, TaskEvent> ended = new HashMap<>();
    try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.TASK_EVENTS).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Instant deadline = Instant.now().plus(timeout);
      while (!ended.keySet().containsAll(taskIds)) {
        if (Instant.now().isAfter(deadline)) {
          List<String> running = taskIds.stream().filter(id -> !ended.containsKey(id)).toList();
          throw new AssertionError(running.size() + " task(s) still running after " + timeout + ": " + running);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (!taskIds.contains(record.key())) continue;
          TaskEvent event = AvroCodec.get().decode(record.value(), TaskEvent.class);
          if (event.getType() == TaskEventType.STATE_CHANGED && TaskWorkflow.isTerminal(event.getStatus())) ended.put(record.key(), event);
        }
      }
    }
    return ended;
  }
}
