package dev.agentline.planner.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.planner.metrics.PlannerMetrics;
import dev.agentline.planner.workflow.Guardrails;
import dev.agentline.planner.workflow.TaskWorkflow;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Topics;
import dev.agentline.platform.TraceContext;
import dev.agentline.schemas.FailureReason;
import dev.agentline.schemas.TaskState;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The planner's processor on its own (stores in memory, a mock context).
 *
 * <p>Commits: a record that hands work to a worker or the tool runner asks Streams to commit at once: under exactly-once the request
 * is invisible to its consumer until the transaction commits, so waiting for the commit interval would add up to that
 * interval to every step. A record that only changes the task's history waits for the interval like any other.
 *
 * <p>The tick: it reads only the tasks that have fallen due, from an index of when each task not yet over falls due,
 * which a processor builds from its store when it starts.
 */
class PlannerProcessorTest {
  private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
  private final MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
  private final PlannerProcessor processor = processor();

  @BeforeEach
  void init() {
    start(processor, context);
  }

  /** The processor on {@code on}, with empty stores, at {@link #START}. */
  private static void start(PlannerProcessor processor, MockProcessorContext<String, byte[]> on) {
    store(on, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PlannerTopology.STORE), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build());
    store(on, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PlannerTopology.TRACE_STORE), Serdes.String(), Serdes.String()).withLoggingDisabled().build());
    store(on, Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PlannerTopology.ANALYSIS_STORE), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build());
    on.setCurrentSystemTimeMs(START.toEpochMilli());
    processor.init(on);
  }

  private static PlannerProcessor processor() {
    return processor(true);
  }

  private static PlannerProcessor processor(boolean commitOnHandOut) {
    // a 5-minute task deadline
    return new PlannerProcessor(new TaskWorkflow(new Guardrails(10, 2, Duration.ofMinutes(5), 60)), Duration.ofSeconds(1), TraceContext.noop("planner"),
        PlannerMetrics.none(), commitOnHandOut);
  }

  private static void store(MockProcessorContext<String, byte[]> on, KeyValueStore<?, ?> store) {
    store.init(on.getStateStoreContext(), store);
    on.addStateStore(store);
  }

  @Test
  void aTicketThatStartsWorkInTheToolRunnerIsCommittedRightAway() {
    process(Topics.TASKS, "t-1", AvroCodec.get().encode(PlannerTopologyTest.ticket("t-1")));

    assertThat(context.forwarded()).extracting(f -> f.childName().orElseThrow()).contains(Topics.TOOL_REQUESTS);
    assertThat(context.committed()).isTrue();
  }

  @Test
  void aRecordThatHandsOutNoWorkWaitsForTheCommitInterval() {
    process(Topics.TASKS, "t-1", AvroCodec.get().encode(PlannerTopologyTest.ticket("t-1")));
    assertThat(context.committed()).isTrue();
    context.resetForwards();
    context.resetCommit();

    // the same ticket again: recorded as a duplicate, nothing sent to anyone
    process(Topics.TASKS, "t-1", AvroCodec.get().encode(PlannerTopologyTest.ticket("t-1")));

    assertThat(context.forwarded()).extracting(f -> f.childName().orElseThrow()).doesNotContain(Topics.TOOL_REQUESTS);
    assertThat(context.committed()).isFalse();
  }

  @Test
  void withCommitOnHandOutOffEveryRecordWaitsForTheInterval() {
    MockProcessorContext<String, byte[]> other = new MockProcessorContext<>();
    PlannerProcessor batching = processor(false);
    start(batching, other);
    other.setRecordMetadata(Topics.TASKS, 0, 0);
    batching.process(new Record<>("t-1", AvroCodec.get().encode(PlannerTopologyTest.ticket("t-1")), 0L));

    assertThat(other.forwarded()).extracting(f -> f.childName().orElseThrow()).contains(Topics.TOOL_REQUESTS);
    assertThat(other.committed()).isFalse();
  }

  @Test
  void aTaskPastItsDeadlineFailsOnTheNextTickAndIsNotTickedAgain() {
    process(Topics.TASKS, "t-1", AvroCodec.get().encode(PlannerTopologyTest.ticket("t-1")));
    process(Topics.TASKS, "t-2", AvroCodec.get().encode(PlannerTopologyTest.ticket("t-2")));

    tick(context, START.plus(Duration.ofMinutes(4)));
    assertThat(state("t-1").getFailureCode()).as("not due yet").isNull();

    tick(context, START.plus(Duration.ofMinutes(6)));
    assertThat(state("t-1").getFailureCode()).isEqualTo(FailureReason.DEADLINE);
    assertThat(state("t-2").getFailureCode()).isEqualTo(FailureReason.DEADLINE);

    context.resetForwards();
    tick(context, START.plus(Duration.ofMinutes(7)));
    assertThat(context.forwarded()).as("a failed task is over: the tick leaves it alone").isEmpty();
  }

  @Test
  void aProcessorStartedOnAnExistingStoreStillTimesOutTheTasksInIt() {
    process(Topics.TASKS, "t-1", AvroCodec.get().encode(PlannerTopologyTest.ticket("t-1")));

    // another instance takes over the partition and its store (a restart or a rebalance)
    MockProcessorContext<String, byte[]> next = new MockProcessorContext<>();
    for (String name : new String[] {PlannerTopology.STORE, PlannerTopology.TRACE_STORE, PlannerTopology.ANALYSIS_STORE}) {
      next.addStateStore(context.getStateStore(name));
    }
    next.setCurrentSystemTimeMs(START.toEpochMilli());
    processor().init(next);
    tick(next, START.plus(Duration.ofMinutes(6)));

    assertThat(state("t-1").getFailureCode()).isEqualTo(FailureReason.DEADLINE);
  }

  private static void tick(MockProcessorContext<String, byte[]> on, Instant at) {
    on.setCurrentSystemTimeMs(at.toEpochMilli());
    on.scheduledPunctuators().get(0).getPunctuator().punctuate(at.toEpochMilli());
  }

  private TaskState state(String taskId) {
    KeyValueStore<String, byte[]> store = context.getStateStore(PlannerTopology.STORE);
    return AvroCodec.get().decode(store.get(taskId), TaskState.class);
  }

  private void process(String topic, String key, byte[] value) {
    context.setRecordMetadata(topic, 0, 0);
    processor.process(new Record<>(key, value, 0L));
  }
}
