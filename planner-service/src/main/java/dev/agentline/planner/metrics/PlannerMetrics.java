package dev.agentline.planner.metrics;

import dev.agentline.platform.DeadLetterMeter;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.TaskStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.kafka.streams.KafkaStreamsMicrometerListener;

/**
 * The planner's meters:
 * <ul>
 *   <li>{@value #OUTSTANDING} gauge by {@code role}: step requests sent to the role's topic and not answered
 *       yet, summed over this instance's processors (the workers' autoscaling metric);
 *   <li>{@value #STEP_DURATION} timer by {@code role}, {@code kind}: request → result as the planner sees it;
 *   <li>{@value #TASKS} gauge by {@code state}: tasks in each state in this instance's store, recounted at most
 *       every {@link #TASK_COUNT_REFRESH};
 *   <li>{@value DeadLetterMeter#NAME} counter by {@code topic}, {@code consumer} ({@code planner}, {@code jira-writeback});
 *   <li>the Kafka Streams client metrics ({@code kafka_stream_*}, {@code kafka_consumer_*} with the lag, …).
 * </ul>
 */
public final class PlannerMetrics {
  public static final String OUTSTANDING = "agentline.steps.outstanding";
  public static final String STEP_DURATION = "agentline.step.duration";
  public static final String TASKS = "agentline.tasks";
  public static final Duration TASK_COUNT_REFRESH = Duration.ofSeconds(5);

  private final MeterRegistry registry;
  private final DeadLetterMeter deadLetters;
  private final KafkaStreamsMicrometerListener streamsMetrics;
  private final Set<OutstandingSteps> trackers = ConcurrentHashMap.newKeySet();
  private volatile Supplier<Map<TaskStatus, Long>> taskCounter = Map::of;
  private Map<TaskStatus, Long> taskCounts = Map.of();
  private long countedAtNanos;
  private boolean counted;

  public PlannerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.deadLetters = new DeadLetterMeter(registry);
    this.streamsMetrics = new KafkaStreamsMicrometerListener(registry);
    for (Role role : Role.values()) {
      Gauge.builder(OUTSTANDING, trackers, all -> all.stream().mapToLong(t -> t.outstanding(role)).sum())
          .description("Step requests sent to the role's topic and not answered yet")
          .tag("role", slug(role))
          .register(registry);
    }
    for (TaskStatus status : TaskStatus.values()) {
      Gauge.builder(TASKS, this, m -> m.taskCounts().getOrDefault(status, 0L))
          .description("Tasks in each state in this planner's store")
          .tag("state", status.name())
          .register(registry);
    }
  }

  /** Meters that go nowhere, for a topology run without a registry (tests). */
  public static PlannerMetrics none() {
    return new PlannerMetrics(new SimpleMeterRegistry());
  }

  /** A tracker for one processor; its requests count until it is closed. */
  public OutstandingSteps outstandingSteps() {
    OutstandingSteps tracker = new OutstandingSteps(this::stepAnswered, trackers::remove);
    trackers.add(tracker);
    return tracker;
  }

  private void stepAnswered(Role role, StepKind kind, Duration requestToResult) {
    Timer.builder(STEP_DURATION).description("Step request to its result, as the planner sees it")
        .tag("role", slug(role)).tag("kind", kind.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .record(requestToResult);
  }

  /** Counts a record the planner wrote to {@code dltTopic}. */
  public void deadLetter(String dltTopic, String consumer) {
    deadLetters.sent(dltTopic, consumer);
  }

  /** Where the task counts come from: this instance's task-state store, by status. */
  public void countTasksWith(Supplier<Map<TaskStatus, Long>> counter) {
    this.taskCounter = counter;
  }

  public void streamsStarted(String id, KafkaStreams streams) {
    streamsMetrics.streamsAdded(id, streams);
  }

  public void streamsStopped(String id, KafkaStreams streams) {
    streamsMetrics.streamsRemoved(id, streams);
  }

  private synchronized Map<TaskStatus, Long> taskCounts() {
    long now = System.nanoTime();
    if (!counted || now - countedAtNanos >= TASK_COUNT_REFRESH.toNanos()) {
      Map<TaskStatus, Long> fresh = new EnumMap<>(TaskStatus.class);
      fresh.putAll(taskCounter.get());
      taskCounts = fresh;
      countedAtNanos = now;
      counted = true;
    }
    return taskCounts;
  }

  static String slug(Role role) {
    return role.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
