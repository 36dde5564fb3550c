package dev.agentline.planner.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.planner.workflow.Guardrails;
import dev.agentline.planner.workflow.TaskWorkflow;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Headers;
import dev.agentline.platform.Meta;
import dev.agentline.platform.Topics;
import dev.agentline.platform.TraceContext;
import dev.agentline.schemas.FailureReason;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.ToolResult;
import dev.agentline.schemas.Usage;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskState;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.TaskSubmitted;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannerTopologyTest {
  @TempDir Path stateDir;
  TopologyTestDriver driver;
  TestInputTopic<String, byte[]> tasks;
  TestInputTopic<String, byte[]> stepResults;
  TestOutputTopic<String, byte[]> toolRequests;
  TestOutputTopic<String, byte[]> events;

  @BeforeEach
  void start() {
    driver = driver(stateDir, TraceContext.noop("planner"));
    tasks = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    stepResults = driver.createInputTopic(Topics.STEP_RESULTS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    toolRequests = driver.createOutputTopic(Topics.TOOL_REQUESTS, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    events = driver.createOutputTopic(Topics.TASK_EVENTS, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  /** The planner's topology (a 5-minute task deadline) in a test driver at 2026-11-25T10:00:00Z. */
  static TopologyTestDriver driver(Path stateDir, TraceContext tracing) {
    var workflow = new TaskWorkflow(new Guardrails(10, 2, Duration.ofMinutes(5), 60));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "planner-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return new TopologyTestDriver(PlannerTopology.build(workflow, Duration.ofSeconds(1), tracing), props, Instant.parse("2026-11-25T10:00:00Z"));
  }

  static TaskSubmitted ticket(String taskId) {
    return TaskSubmitted.newBuilder().setMeta(Meta.of(taskId, null, "test")).setRepository("/repos/calc").setTitle("Fix add")
        .setDescription("add subtracts").setTestCommand("sh run-tests.sh").build();
  }

  @Test
  void aTicketIsStoredAndTheWorkspaceRequested() {
    tasks.pipeInput("t-1", AvroCodec.get().encode(ticket("t-1")));

    ToolRequest request = AvroCodec.get().decode(toolRequests.readValue(), ToolRequest.class);
    assertThat(request.getTool()).isEqualTo(ToolName.PREPARE_WORKSPACE);
    assertThat(request.getBranch()).isEqualTo("agentline/t-1-fix-add");
    TaskEvent event = AvroCodec.get().decode(events.readValue(), TaskEvent.class);
    assertThat(event.getStatus()).isEqualTo(TaskStatus.RECEIVED);
    byte[] stored = driver.<String, byte[]>getKeyValueStore(PlannerTopology.STORE).get("t-1");
    assertThat(AvroCodec.get().decode(stored, TaskState.class).getPendingRequestId()).isEqualTo("t-1/workspace/1/prepare");
  }

  @Test
  void recordsThatAreNotValidGoToTheDeadLetterTopicAndProcessingGoesOn() {
    var dlt = driver.createOutputTopic(Topics.dlt(Topics.TASKS), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    var resultsDlt = driver.createOutputTopic(Topics.dlt(Topics.STEP_RESULTS), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());

    tasks.pipeInput("t-bad", "{\"title\": \"not avro\"}".getBytes(StandardCharsets.UTF_8));
    tasks.pipeInput("t-other", AvroCodec.get().encode(ticket("t-2")));
    stepResults.pipeInput("t-2", AvroCodec.get().encode(ticket("t-2")));
    tasks.pipeInput("t-2", AvroCodec.get().encode(ticket("t-2")));

    List<TestRecord<String, byte[]>> dead = dlt.readRecordsToList();
    assertThat(dead).hasSize(2);
    assertThat(new String(dead.get(0).getValue(), StandardCharsets.UTF_8)).isEqualTo("{\"title\": \"not avro\"}");
    assertThat(Headers.text(dead.get(0).headers(), Headers.DLT_REASON)).contains("not Avro single-object encoded");
    assertThat(Headers.text(dead.get(0).headers(), Headers.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.TASKS);
    assertThat(Headers.text(dead.get(1).headers(), Headers.DLT_REASON)).contains("record key t-other is not the task id t-2");
    assertThat(Headers.text(resultsDlt.readRecord().headers(), Headers.DLT_REASON))
        .isEqualTo(Topics.STEP_RESULTS + " carries " + StepResult.class.getSimpleName() + " records, not TaskSubmitted");
    assertThat(AvroCodec.get().decode(toolRequests.readValue(), ToolRequest.class).getMeta().getTaskId()).isEqualTo("t-2");
  }

  @Test
  void anAnalysisIsReusedByTheNextTaskOnTheSameCommit() {
    var toolResults = driver.createInputTopic(Topics.TOOL_RESULTS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    var analysisSteps = driver.createOutputTopic(Topics.steps(Role.ANALYSIS), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    var managerSteps = driver.createOutputTopic(Topics.steps(Role.MANAGER), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    var cache = driver.createOutputTopic(Topics.ANALYSIS_CACHE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());

    for (String task : List.of("t-a", "t-b")) {
      tasks.pipeInput(task, AvroCodec.get().encode(ticket(task)));
      answerWorkspace(toolResults, task);
    }
    StepRequest analyze = AvroCodec.get().decode(analysisSteps.readValue(), StepRequest.class);
    assertThat(analyze.getMeta().getTaskId()).isEqualTo("t-a");
    assertThat(analysisSteps.isEmpty()).as("t-b waits for nothing: no analysis is cached yet, so it asks too").isFalse();
    analysisSteps.readRecordsToList();
    stepResults.pipeInput("t-a", AvroCodec.get().encode(StepResult.newBuilder().setMeta(Meta.of("t-a", null, "test")).setRequestId(analyze.getRequestId())
        .setRole(Role.ANALYSIS).setKind(StepKind.ANALYZE).setStepId("analysis").setOk(true).setText("{\"summary\":\"calc\"}")
        .setUsage(new Usage(1, 1, 0.0)).build()));
    var cached = cache.readRecord();
    assertThat(cached.key()).isEqualTo("/repos/calc@base1");

    tasks.pipeInput("t-c", AvroCodec.get().encode(ticket("t-c")));
    answerWorkspace(toolResults, "t-c");

    assertThat(analysisSteps.isEmpty()).as("t-c reuses the cached analysis").isTrue();
    List<StepRequest> plans = managerSteps.readValuesToList().stream().map(v -> AvroCodec.get().decode(v, StepRequest.class)).toList();
    assertThat(plans).extracting(r -> r.getMeta().getTaskId()).containsExactly("t-a", "t-c");
    assertThat(plans.get(1).getAnalysis()).isEqualTo("{\"summary\":\"calc\"}");
  }

  /** Answers the task's workspace preparation and repository map, both at commit base1. */
  private void answerWorkspace(TestInputTopic<String, byte[]> toolResults, String task) {
    for (String phase : List.of("prepare", "map")) {
      ToolRequest request = AvroCodec.get().decode(toolRequests.readValue(), ToolRequest.class);
      assertThat(request.getRequestId()).isEqualTo(task + "/workspace/1/" + phase);
      toolResults.pipeInput(task, AvroCodec.get().encode(ToolResult.newBuilder().setMeta(Meta.of(task, null, "test")).setRequestId(request.getRequestId())
          .setTool(request.getTool()).setOk(true).setCommit("base1").setRepositoryMap("Calc.java").build()));
    }
  }

  @Test
  void theWallClockPunctuatorFailsTasksPastTheirDeadline() {
    tasks.pipeInput("t-3", AvroCodec.get().encode(ticket("t-3")));
    events.readRecordsToList();

    driver.advanceWallClockTime(Duration.ofMinutes(6));

    TaskEvent hit = AvroCodec.get().decode(events.readValue(), TaskEvent.class);
    assertThat(hit.getType()).isEqualTo(TaskEventType.GUARDRAIL_HIT);
    assertThat(hit.getReason()).isEqualTo(FailureReason.DEADLINE);
    TaskEvent failed = AvroCodec.get().decode(events.readValue(), TaskEvent.class);
    assertThat(failed.getStatus()).isEqualTo(TaskStatus.FAILED);
    assertThat(failed.getType()).isEqualTo(TaskEventType.STATE_CHANGED);
    assertThat(failed.getReason()).isEqualTo(FailureReason.DEADLINE);
    assertThat(failed.getMessage()).contains("deadline exceeded");
    assertThat(events.isEmpty()).isTrue();
  }
  @Test
  void aSecondSubmissionOfAKnownTaskIdNeitherRestartsNorDuplicatesTheTask() {
    var toolResults = driver.createInputTopic(Topics.TOOL_RESULTS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    TaskSubmitted fromJira = ticket("jira-CALC-7");
    fromJira.setSource("jira");
    fromJira.setTicketKey("CALC-7");
    tasks.pipeInput("jira-CALC-7", AvroCodec.get().encode(fromJira));
    ToolRequest prepare = AvroCodec.get().decode(toolRequests.readValue(), ToolRequest.class);
    toolResults.pipeInput("jira-CALC-7", AvroCodec.get().encode(ToolResult.newBuilder().setMeta(Meta.of("jira-CALC-7", null, "test"))
        .setRequestId(prepare.getRequestId()).setTool(prepare.getTool()).setOk(true).setCommit("base1").build()));
    assertThat(AvroCodec.get().decode(toolRequests.readValue(), ToolRequest.class).getRequestId()).isEqualTo("jira-CALC-7/workspace/1/map");
    events.readRecordsToList();
    TaskState before = AvroCodec.get().decode(driver.<String, byte[]>getKeyValueStore(PlannerTopology.STORE).get("jira-CALC-7"), TaskState.class);

    driver.advanceWallClockTime(Duration.ofSeconds(30));
    TaskSubmitted replayed = ticket("jira-CALC-7");
    replayed.setSource("jira");
    replayed.setTicketKey("CALC-7");
    tasks.pipeInput("jira-CALC-7", AvroCodec.get().encode(replayed));

    assertThat(toolRequests.isEmpty()).as("no second workspace, no restart").isTrue();
    List<TaskEvent> after = events.readValuesToList().stream().map(v -> AvroCodec.get().decode(v, TaskEvent.class)).toList();
    assertThat(after).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo(TaskEventType.INPUT_IGNORED);
      assertThat(e.getMessage()).isEqualTo("task jira-CALC-7 was already submitted; duplicate ignored");
    });
    TaskState now = AvroCodec.get().decode(driver.<String, byte[]>getKeyValueStore(PlannerTopology.STORE).get("jira-CALC-7"), TaskState.class);
    assertThat(now.getPendingRequestId()).isEqualTo("jira-CALC-7/workspace/1/map");
    assertThat(now.getStatus()).isEqualTo(before.getStatus());
    assertThat(now.getDeadline()).isEqualTo(before.getDeadline());
    assertThat(now.getSubmitted().getMeta().getEventId()).isEqualTo(fromJira.getMeta().getEventId());
  }
}
