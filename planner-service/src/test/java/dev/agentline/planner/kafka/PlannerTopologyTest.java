package dev.agentline.planner.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.planner.workflow.Guardrails;
import dev.agentline.planner.workflow.TaskWorkflow;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Headers;
import dev.agentline.platform.Meta;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.StepResult;
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
    var workflow = new TaskWorkflow(new Guardrails(10, 2, Duration.ofMinutes(5), 60));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "planner-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(PlannerTopology.build(workflow, Duration.ofSeconds(1)), props, Instant.parse("2026-11-25T10:00:00Z"));
    tasks = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    stepResults = driver.createInputTopic(Topics.STEP_RESULTS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    toolRequests = driver.createOutputTopic(Topics.TOOL_REQUESTS, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    events = driver.createOutputTopic(Topics.TASK_EVENTS, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
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
    assertThat(request.getBranch()).isEqualTo("agentline/t-1");
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
  void theWallClockPunctuatorFailsTasksPastTheirDeadline() {
    tasks.pipeInput("t-3", AvroCodec.get().encode(ticket("t-3")));
    events.readRecordsToList();

    driver.advanceWallClockTime(Duration.ofMinutes(6));

    TaskEvent failed = AvroCodec.get().decode(events.readValue(), TaskEvent.class);
    assertThat(failed.getStatus()).isEqualTo(TaskStatus.FAILED);
    assertThat(failed.getType()).isEqualTo(TaskEventType.STATE_CHANGED);
    assertThat(failed.getMessage()).contains("deadline exceeded");
    assertThat(events.isEmpty()).isTrue();
  }
}
