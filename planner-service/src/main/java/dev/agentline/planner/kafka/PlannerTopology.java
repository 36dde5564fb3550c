package dev.agentline.planner.kafka;

import dev.agentline.planner.metrics.PlannerMetrics;
import dev.agentline.planner.workflow.TaskWorkflow;
import dev.agentline.platform.TraceContext;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.Role;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The planner's topology: the four co-partitioned input topics feed one processor that owns the
 * {@value #STORE} store; it writes step requests, tool requests, task events and dead letters.
 * Values stay bytes at the edges so a bad record reaches the processor and is dead-lettered
 * inside the same transaction instead of stopping the stream.
 */
public final class PlannerTopology {
  public static final String STORE = "task-state";
  /** Global: every analysis by {@code repository@commit}, shared by all tasks on all instances. */
  public static final String ANALYSIS_STORE = "analysis-cache";
  /** Task id → traceparent of the span that last handled the task: the parent of what a timer sends for it. */
  public static final String TRACE_STORE = "task-trace";
  private static final String PROCESSOR = "planner";

  private PlannerTopology() {}

  /** The topology without tracing: contexts arriving on records travel on, no spans are recorded. */
  public static Topology build(TaskWorkflow workflow, Duration tickInterval) {
    return build(workflow, tickInterval, TraceContext.noop("planner"));
  }

  /** The topology with tracing only (tests of the trace context). */
  public static Topology build(TaskWorkflow workflow, Duration tickInterval, TraceContext tracing) {
    return build(workflow, tickInterval, tracing, PlannerMetrics.none(), true);
  }

  /**
   * {@code tracing}: the spans of each handled record and the context forwarded records carry; {@code metrics}: where
   * the processors report outstanding steps, step durations and dead letters; {@code commitOnHandOut}: commit as soon as a
   * record hands work out (agentline.planner.commit-on-hand-out).
   */
  public static Topology build(TaskWorkflow workflow, Duration tickInterval, TraceContext tracing, PlannerMetrics metrics, boolean commitOnHandOut) {
    Topology topology = new Topology();
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ANALYSIS_STORE), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
        "source-" + Topics.ANALYSIS_CACHE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.ANALYSIS_CACHE,
        "analysis-cache-loader", AnalysisCacheLoader::new);
    String[] sources = Topics.plannerInputs().stream().map(t -> "source-" + t).toArray(String[]::new);
    for (String topic : Topics.plannerInputs()) {
      topology.addSource("source-" + topic, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topic);
    }
    topology.addProcessor(PROCESSOR, () -> new PlannerProcessor(workflow, tickInterval, tracing, metrics, commitOnHandOut), sources);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray()), PROCESSOR);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRACE_STORE), Serdes.String(), Serdes.String()), PROCESSOR);
    for (Role role : Role.values()) sink(topology, Topics.steps(role));
    sink(topology, Topics.TOOL_REQUESTS);
    sink(topology, Topics.TASK_EVENTS);
    sink(topology, Topics.ANALYSIS_CACHE);
    for (String topic : Topics.plannerInputs()) sink(topology, Topics.dlt(topic));
    return topology;
  }

  /** Each sink node is named after its topic, so the processor forwards by topic name. */
  private static void sink(Topology topology, String topic) {
    topology.addSink(topic, topic, Serdes.String().serializer(), Serdes.ByteArray().serializer(), PROCESSOR);
  }
}
