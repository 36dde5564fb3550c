package dev.agentline.cli;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Where a step's time goes, by role (a diagnostic of the benchmark, {@code -Dbench.legs=true}): an observer
 * (a classic read_committed consumer) notes when each StepRequest becomes visible and when its StepResult does.
 * Legs: the planner's decision (the request's metadata time) → the request visible (the planner's commit);
 * visible → the worker's answer (the result's metadata time: share fetch + model + answer); the answer → the result
 * visible to the observer; the result visible → the planner's processing of it (the metadata time of the first
 * MODEL_STEP_COMPLETED event of the step at or after the answer).
 */
final class StepLegs implements AutoCloseable {
  private final Map<String, StepRequest> requests = new ConcurrentHashMap<>();
  private final Map<String, Long> requestSeen = new ConcurrentHashMap<>();
  private final Map<String, StepResult> results = new ConcurrentHashMap<>();
  private final Map<String, Long> resultSeen = new ConcurrentHashMap<>();
  /** When the planner processed a model step's result, by task and step id. */
  private final Map<String, List<Long>> processed = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread observer;

  StepLegs(String bootstrap) {
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : TopicContents.stepTopics()) consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    for (String topic : List.of(Topics.STEP_RESULTS, Topics.TASK_EVENTS)) {
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    observer = new Thread(() -> {
      try (consumer) {
        while (running.get()) {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
            long now = System.currentTimeMillis();
            if (r.topic().equals(Topics.TASK_EVENTS)) {
              TaskEvent event = AvroCodec.get().decode(r.value(), TaskEvent.class);
              if (event.getType() == TaskEventType.MODEL_STEP_COMPLETED) {
                processed.computeIfAbsent(event.getMeta().getTaskId() + "/" + event.getStepId(), k -> new CopyOnWriteArrayList<>())
                    .add(event.getMeta().getOccurredAt().toEpochMilli());
              }
            } else if (r.topic().equals(Topics.STEP_RESULTS)) {
              StepResult result = AvroCodec.get().decode(r.value(), StepResult.class);
              results.put(result.getRequestId(), result);
              resultSeen.put(result.getRequestId(), now);
            } else {
              StepRequest request = AvroCodec.get().decode(r.value(), StepRequest.class);
              requests.put(request.getRequestId(), request);
              requestSeen.put(request.getRequestId(), now);
            }
          }
        }
      }
    }, "step-legs");
    observer.setDaemon(true);
    observer.start();
  }

  String format(Set<String> taskIds) {
    Map<String, List<double[]>> byRole = new TreeMap<>();
    List<Map.Entry<String, double[]>> slowest = new ArrayList<>();
    requests.forEach((id, request) -> {
      StepResult result = results.get(id);
      if (result == null || !taskIds.contains(request.getMeta().getTaskId())) return;
      long decided = request.getMeta().getOccurredAt().toEpochMilli();
      long answered = result.getMeta().getOccurredAt().toEpochMilli();
      long done = processed.getOrDefault(request.getMeta().getTaskId() + "/" + request.getStepId(), List.of()).stream()
          .filter(t -> t >= answered).min(Long::compare).orElse(Long.MAX_VALUE);
      if (done == Long.MAX_VALUE) return;
      double[] legs = {requestSeen.get(id) - decided, answered - requestSeen.get(id), resultSeen.get(id) - answered,
          done - resultSeen.get(id)};
      byRole.computeIfAbsent(request.getRole() + "/" + request.getKind(), k -> new ArrayList<>()).add(legs);
      slowest.add(Map.entry(String.format(Locale.ROOT, "%s %s/%s decided at %tT.%<tL", request.getMeta().getTaskId(), request.getRole(),
          request.getKind(), decided), legs));
    });
    slowest.sort((a, b) -> Double.compare(Arrays.stream(b.getValue()).sum(), Arrays.stream(a.getValue()).sum()));
    StringBuilder out = new StringBuilder("  legs p50/p99 ms: decision→request visible | visible→worker answer | answer→result visible"
        + " | visible→planner processed\n");
    byRole.forEach((role, legs) -> {
      out.append(String.format(Locale.ROOT, "    %-22s", role));
      for (int leg = 0; leg < 4; leg++) {
        int l = leg;
        double[] values = legs.stream().mapToDouble(v -> v[l]).toArray();
        out.append(String.format(Locale.ROOT, " | %6.0f %6.0f", RawRoundTrip.percentile(values, 50), RawRoundTrip.percentile(values, 99)));
      }
      out.append(String.format(Locale.ROOT, "  (%d)%n", legs.size()));
    });
    out.append("  the five slowest steps, the same legs:\n");
    slowest.stream().limit(5).forEach(step -> out.append(String.format(Locale.ROOT, "    %-50s | %6.0f | %6.0f | %6.0f | %6.0f%n",
        step.getKey(), step.getValue()[0], step.getValue()[1], step.getValue()[2], step.getValue()[3])));
    return out.toString();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    observer.join();
  }
}
