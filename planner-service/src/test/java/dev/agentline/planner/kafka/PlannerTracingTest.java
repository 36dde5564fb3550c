package dev.agentline.planner.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Headers;
import dev.agentline.platform.Meta;
import dev.agentline.platform.Topics;
import dev.agentline.platform.TraceContext;
import dev.agentline.schemas.CommandType;
import dev.agentline.schemas.TaskCommand;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner continues each task's trace: from the record it handles, from the task's stored context when the record has none, and on its timer. */
class PlannerTracingTest {
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SUBMITTED = "00-" + TRACE + "-00f067aa0ba902b7-01";

  @TempDir Path stateDir;
  OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder().build()).build();
  TopologyTestDriver driver;
  TestInputTopic<String, byte[]> tasks;
  TestInputTopic<String, byte[]> toolResults;
  TestInputTopic<String, byte[]> commands;
  TestOutputTopic<String, byte[]> toolRequests;
  TestOutputTopic<String, byte[]> events;

  @BeforeEach
  void start() {
    driver = PlannerTopologyTest.driver(stateDir, new TraceContext(sdk, "planner"));
    tasks = driver.createInputTopic(Topics.TASKS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    toolResults = driver.createInputTopic(Topics.TOOL_RESULTS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    commands = driver.createInputTopic(Topics.COMMANDS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    toolRequests = driver.createOutputTopic(Topics.TOOL_REQUESTS, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    events = driver.createOutputTopic(Topics.TASK_EVENTS, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
    sdk.close();
  }

  static RecordHeaders traced(String traceparent) {
    RecordHeaders headers = new RecordHeaders();
    if (traceparent != null) headers.add(TraceContext.TRACEPARENT, Headers.utf8(traceparent));
    return headers;
  }

  void submit(String taskId) {
    tasks.pipeInput(new TestRecord<>(taskId, AvroCodec.get().encode(PlannerTopologyTest.ticket(taskId)), traced(SUBMITTED)));
  }

  List<String> traceparents(List<TestRecord<String, byte[]>> records) {
    List<String> values = new ArrayList<>();
    for (TestRecord<String, byte[]> record : records) values.add(Headers.text(record.headers(), TraceContext.TRACEPARENT));
    return values;
  }

  @Test
  void everyRecordForwardedForATicketCarriesANewSpanOfTheTicketsTrace() {
    submit("t-1");

    List<String> out = traceparents(toolRequests.readRecordsToList());
    out.addAll(traceparents(events.readRecordsToList()));
    assertThat(out).hasSize(2).allSatisfy(tp -> assertThat(tp).startsWith("00-" + TRACE + "-").doesNotContain("00f067aa0ba902b7"));
    assertThat(driver.<String, String>getKeyValueStore(PlannerTopology.TRACE_STORE).get("t-1")).isEqualTo(out.get(0));
  }

  @Test
  void aRecordWithoutTraceContextAndACommandOnAnotherTraceStayOnTheTasksTrace() {
    submit("t-2");
    ToolRequest prepare = AvroCodec.get().decode(toolRequests.readValue(), ToolRequest.class);
    events.readRecordsToList();

    toolResults.pipeInput("t-2", AvroCodec.get().encode(ToolResult.newBuilder().setMeta(Meta.of("t-2", null, "test"))
        .setRequestId(prepare.getRequestId()).setTool(prepare.getTool()).setOk(true).setCommit("base1").build()));
    assertThat(traceparents(toolRequests.readRecordsToList())).isNotEmpty().allSatisfy(tp -> assertThat(tp).startsWith("00-" + TRACE + "-"));

    TaskCommand cancel = TaskCommand.newBuilder().setMeta(Meta.of("t-2", null, "test")).setType(CommandType.CANCEL).setActor("sam").build();
    commands.pipeInput(new TestRecord<>("t-2", AvroCodec.get().encode(cancel), traced("00-11111111111111111111111111111111-2222222222222222-01")));
    assertThat(traceparents(events.readRecordsToList())).isNotEmpty().allSatisfy(tp -> assertThat(tp).startsWith("00-" + TRACE + "-"));
  }

  @Test
  void whatTheTimerSendsForATaskContinuesTheTasksStoredTrace() {
    submit("t-3");
    events.readRecordsToList();

    driver.advanceWallClockTime(Duration.ofMinutes(6));

    List<String> afterDeadline = traceparents(events.readRecordsToList());
    assertThat(afterDeadline).hasSize(2).allSatisfy(tp -> assertThat(tp).startsWith("00-" + TRACE + "-"));
  }
}
