package dev.agentline.planner.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.planner.metrics.PlannerMetrics;
import dev.agentline.planner.workflow.Guardrails;
import dev.agentline.planner.workflow.TaskWorkflow;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Topics;
import dev.agentline.platform.TraceContext;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A record that hands work to a worker or the tool runner asks Streams to commit at once: under exactly-once the request
 * is invisible to its consumer until the transaction commits, so waiting for the commit interval would add up to that
 * interval to every step. A record that only changes the task's history waits for the interval like any other.
 */
class PlannerCommitTest {
  private final MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
  private final PlannerProcessor processor =
      new PlannerProcessor(new TaskWorkflow(new Guardrails(10, 2, Duration.ofMinutes(5), 60)), Duration.ofSeconds(1), TraceContext.noop("planner"), PlannerMetrics.none());

  @BeforeEach
  void init() {
    store(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PlannerTopology.STORE), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build());
    store(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PlannerTopology.TRACE_STORE), Serdes.String(), Serdes.String()).withLoggingDisabled().build());
    store(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PlannerTopology.ANALYSIS_STORE), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build());
    context.setCurrentSystemTimeMs(java.time.Instant.parse("2026-11-25T10:00:00Z").toEpochMilli());
    processor.init(context);
  }

  private void store(KeyValueStore<?, ?> store) {
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
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

  private void process(String topic, String key, byte[] value) {
    context.setRecordMetadata(topic, 0, 0);
    processor.process(new Record<>(key, value, 0L));
  }
}
