package dev.agentline.planner.kafka;

import dev.agentline.planner.metrics.OutstandingSteps;
import dev.agentline.planner.metrics.PlannerMetrics;
import dev.agentline.planner.workflow.AnalysisCache;
import dev.agentline.planner.workflow.Decision;
import dev.agentline.planner.workflow.TaskInput;
import dev.agentline.planner.workflow.TaskWorkflow;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Headers;
import dev.agentline.platform.Topics;
import dev.agentline.platform.TraceContext;
import dev.agentline.schemas.AnalysisCached;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.TaskCommand;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskState;
import dev.agentline.schemas.TaskSubmitted;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates between Kafka and {@link TaskWorkflow}: decodes an input record, loads the task's
 * state, applies the decision (state and published records commit in one transaction under
 * exactly_once_v2) and dead-letters what cannot be processed, with the reason in headers.
 *
 * <p>Tracing: one task is one trace. Each input is handled in a span whose parent is the record's
 * traceparent; when the record carries none, or one of another trace than the task's (e.g. a
 * resubmitted ticket), the parent is the task's stored context and the record's is linked. Every
 * record it forwards carries that span. A timer (tick) has no record: its span's parent is the
 * stored context of the task ({@link PlannerTopology#TRACE_STORE}, the span that last changed the
 * task), or a new trace for a task stored before tracing existed.
 */
final class PlannerProcessor implements Processor<String, byte[], String, byte[]> {
  private static final Logger log = LoggerFactory.getLogger(PlannerProcessor.class);
  private final TaskWorkflow workflow;
  private final boolean commitOnHandOut;
  private final Duration tickInterval;
  private final TraceContext tracing;
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> store;
  private KeyValueStore<String, String> traces;
  private AnalysisCache analyses;
  private final PlannerMetrics metrics;
  private OutstandingSteps outstanding;
  /**
   * When each task of this partition that is not over next falls due ({@link TaskWorkflow#nextDue}): the tick reads only
   * the tasks due, not every task the store has ever held. Built from the store when the processor starts, kept up to
   * date by every state the processor writes.
   */
  private final Map<String, Instant> dueAt = new HashMap<>();

  PlannerProcessor(TaskWorkflow workflow, Duration tickInterval, TraceContext tracing, PlannerMetrics metrics, boolean commitOnHandOut) {
    this.workflow = workflow;
    this.commitOnHandOut = commitOnHandOut;
    this.tickInterval = tickInterval;
    this.tracing = tracing;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.store = context.getStateStore(PlannerTopology.STORE);
    this.traces = context.getStateStore(PlannerTopology.TRACE_STORE);
    KeyValueStore<String, byte[]> cached = context.getStateStore(PlannerTopology.ANALYSIS_STORE);
    this.analyses = (repository, commit) -> AnalysisCacheLoader.find(cached, repository, commit);
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      all.forEachRemaining(entry -> track(entry.key, AvroCodec.get().decode(entry.value, TaskState.class)));
    }
    context.schedule(tickInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
    this.outstanding = metrics.outstandingSteps();
  }

  @Override
  public void close() {
    if (outstanding != null) outstanding.close();
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("unknown");
    Context carried = TraceContext.extract(record.headers());
    Context stored = stored(record.key());
    boolean sameTrace = !valid(stored) || traceId(carried).equals(traceId(stored));
    try (TraceContext.Hop hop = tracing.open("planner process " + topic, SpanKind.CONSUMER, sameTrace ? carried : stored, record.key(),
        sameTrace ? Context.root() : carried)) {
      TaskInput input;
      try {
        input = toInput(topic, record);
      } catch (RuntimeException e) {
        hop.failed(e);
        deadLetter(topic, record, e.getMessage(), e);
        return;
      }
      try {
        TaskState state = load(record.key());
        Decision decision = workflow.on(state, input, now(), analyses);
        apply(record.key(), decision, record.timestamp(), hop);
        measure(record.key(), state, input, decision);
      } catch (RuntimeException e) {
        hop.failed(e);
        log.error("planner could not process {} from {} for task {}", input.getClass().getSimpleName(), topic, record.key(), e);
        deadLetter(topic, record, "planner could not process the record: " + e, e);
      }
    }
  }

  /** The context of the span that last changed the task; root when none is stored. */
  private Context stored(String taskId) {
    return taskId == null ? Context.root() : TraceContext.parse(traces.get(taskId));
  }

  private static boolean valid(Context context) {
    return Span.fromContext(context).getSpanContext().isValid();
  }

  private static String traceId(Context context) {
    SpanContext span = Span.fromContext(context).getSpanContext();
    return span.isValid() ? span.getTraceId() : "";
  }

  private void tick(long wallClockMs) {
    List<KeyValue<String, TaskState>> due = new ArrayList<>();
    Instant now = Instant.ofEpochMilli(wallClockMs);
    List<String> candidates = dueAt.entrySet().stream().filter(e -> !now.isBefore(e.getValue())).map(Map.Entry::getKey).sorted().toList();
    for (String taskId : candidates) {
      TaskState state = load(taskId);
      if (state == null) {
        dueAt.remove(taskId);
      } else if (TaskWorkflow.isDue(state, now)) {
        due.add(KeyValue.pair(taskId, state));
      }
    }
    for (KeyValue<String, TaskState> entry : due) {
      try (TraceContext.Hop hop = tracing.open("planner tick", SpanKind.INTERNAL, stored(entry.key), entry.key)) {
        Decision decision = workflow.on(entry.value, new TaskInput.Tick(), now, analyses);
        apply(entry.key, decision, wallClockMs, hop);
        measure(entry.key, entry.value, new TaskInput.Tick(), decision);
      }
    }
  }

  private TaskInput toInput(String topic, Record<String, byte[]> record) {
    SpecificRecordBase value = AvroCodec.get().decode(record.value());
    TaskInput input = switch (topic) {
      case Topics.TASKS -> new TaskInput.Submitted(expect(value, TaskSubmitted.class, topic));
      case Topics.COMMANDS -> new TaskInput.Command(expect(value, TaskCommand.class, topic));
      case Topics.STEP_RESULTS -> new TaskInput.StepAnswered(expect(value, StepResult.class, topic));
      case Topics.TOOL_RESULTS -> new TaskInput.ToolAnswered(expect(value, ToolResult.class, topic));
      case Topics.PR_EVENTS -> new TaskInput.PullRequestActivity(expect(value, PullRequestEvent.class, topic));
      default -> throw new IllegalArgumentException("the planner does not consume " + topic);
    };
    String taskId = ((dev.agentline.schemas.Metadata) value.get("meta")).getTaskId();
    if (record.key() == null || !record.key().equals(taskId)) {
      throw new IllegalArgumentException("record key " + record.key() + " is not the task id " + taskId + " of its metadata");
    }
    return input;
  }

  private static <T extends SpecificRecordBase> T expect(SpecificRecordBase value, Class<T> type, String topic) {
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(topic + " carries " + type.getSimpleName() + " records, not " + value.getClass().getSimpleName());
    }
    return type.cast(value);
  }

  private TaskState load(String taskId) {
    byte[] bytes = store.get(taskId);
    return bytes == null ? null : AvroCodec.get().decode(bytes, TaskState.class);
  }

  private void apply(String taskId, Decision decision, long timestamp, TraceContext.Hop hop) {
    if (decision.next() != null) {
      store.put(taskId, AvroCodec.get().encode(decision.next()));
      track(taskId, decision.next());
      String traceparent = hop.traceparent();
      if (traceparent != null) traces.put(taskId, traceparent);
    }
    for (SpecificRecordBase command : decision.commands()) {
      RecordHeaders headers = new RecordHeaders();
      headers.add(Headers.CORRELATION_ID, Headers.utf8(taskId));
      headers.add(Headers.SCHEMA_FINGERPRINT, Headers.utf8(AvroCodec.fingerprintHex(command)));
      hop.inject(headers);
      String key = command instanceof AnalysisCached cached ? AnalysisCache.key(cached.getRepository(), cached.getCommit()) : taskId;
      context.forward(new Record<>(key, AvroCodec.get().encode(command), timestamp, headers), topicOf(command));
    }
    // Work handed to a worker or the tool runner is invisible to it until the transaction commits: with commitOnHandOut,
    // commit right after this record instead of at the next commit interval (agentline.planner.commit-on-hand-out).
    if (commitOnHandOut && decision.commands().stream().anyMatch(c -> c instanceof StepRequest || c instanceof ToolRequest)) context.commit();
  }

  private void track(String taskId, TaskState state) {
    Instant due = TaskWorkflow.nextDue(state);
    if (due == null) {
      dueAt.remove(taskId);
    } else {
      dueAt.put(taskId, due);
    }
  }

  /** Step requests sent and answered, for the outstanding-steps gauge and the step-duration timer. */
  private void measure(String taskId, TaskState before, TaskInput input, Decision decision) {
    TaskState after = decision.next() != null ? decision.next() : before;
    String answered = input instanceof TaskInput.StepAnswered step ? step.record().getRequestId() : null;
    List<StepRequest> sent = decision.commands().stream().filter(StepRequest.class::isInstance).map(StepRequest.class::cast).toList();
    outstanding.update(taskId, answered, after == null ? null : after.getPendingRequestId(), sent, context.currentSystemTimeMs());
  }

  static String topicOf(SpecificRecordBase command) {
    if (command instanceof StepRequest request) return Topics.steps(request.getRole());
    if (command instanceof ToolRequest) return Topics.TOOL_REQUESTS;
    if (command instanceof TaskEvent) return Topics.TASK_EVENTS;
    if (command instanceof AnalysisCached) return Topics.ANALYSIS_CACHE;
    throw new IllegalArgumentException("the planner does not publish " + command.getClass().getSimpleName());
  }

  private void deadLetter(String topic, Record<String, byte[]> record, String reason, Throwable error) {
    log.warn("dead-lettering a record from {} (key {}): {}", topic, record.key(), reason);
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    headers.add(Headers.DLT_REASON, Headers.utf8(reason == null ? error.getClass().getSimpleName() : reason));
    headers.add(Headers.DLT_EXCEPTION, Headers.utf8(error.getClass().getName()));
    headers.add(Headers.DLT_ORIGINAL_TOPIC, Headers.utf8(topic));
    context.recordMetadata().ifPresent(m -> {
      headers.add(Headers.DLT_ORIGINAL_PARTITION, Headers.utf8(Integer.toString(m.partition())));
      headers.add(Headers.DLT_ORIGINAL_OFFSET, Headers.utf8(Long.toString(m.offset())));
    });
    headers.add(Headers.DLT_CONSUMER, Headers.utf8("planner"));
    context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers), Topics.dlt(topic));
    metrics.deadLetter(Topics.dlt(topic), "planner");
  }

  private Instant now() {
    return Instant.ofEpochMilli(context.currentSystemTimeMs());
  }
}
