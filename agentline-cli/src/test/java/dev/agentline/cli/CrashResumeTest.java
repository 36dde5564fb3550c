package dev.agentline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planner dies in the middle of a task, while an exactly-once transaction of its is open, and a new
 * planner (same state directory, same application id, same port) finishes the task. How the death is
 * simulated in one JVM, and what that leaves out: {@link EmbeddedSystem#restartPlanner(boolean)}.
 *
 * <p>The planner commits every 1.5 s here (instead of every 20 ms, and not as soon as it hands work out), so each
 * request it writes sits in an open
 * transaction long enough to be seen, uncommitted, by a read_uncommitted consumer, and the planner is killed
 * right then. The proof that the kill hit an open transaction: that request is on the topic twice when aborted
 * records are counted (the aborted copy, and the one the new planner wrote after processing the same input
 * again) and once when only committed records are.
 */
class CrashResumeTest {
  @TempDir static Path dir;
  static EmbeddedSystem system;

  @BeforeAll
  static void start() throws Exception {
    Path cassette = SampleRepository.copyResource("demo/cassette.yaml", dir);
    system = EmbeddedSystem.start(new EmbeddedSystem.Settings(dir.resolve("system"), cassette, 2, 0, 0, false,
        Map.of("planner", List.of("--agentline.planner.commit-interval-ms=1500", "--agentline.planner.commit-on-hand-out=false"))), m -> {});
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
  }

  @Test
  void aPlannerKilledMidTransactionResumesTheTaskAndEveryRequestIsPublishedOnce() throws Exception {
    Path origin = SampleRepository.create(Files.createDirectories(dir.resolve("repo")));
    TicketFile ticket = TicketFile.read(SampleRepository.copyResource("demo/ticket.yaml", dir));
    TaskClient client = new TaskClient(system.plannerUrl());
    String taskId = client.submit(origin.toUri().toString(), ticket, ticket.testCommand());

    String killedAt = awaitUncommittedEditRequest(taskId, Duration.ofMinutes(2));
    system.restartPlanner(true);

    TaskEvent end = TopicContents.awaitEnd(system.bootstrapServers(), List.of(taskId), Duration.ofMinutes(3)).get(taskId);
    assertThat(end.getStatus().name()).as(end.getMessage()).isEqualTo("DONE");
    // the new planner serves the task from the store it restored
    assertThat(client.task(taskId).path("status").asText()).isEqualTo("DONE");

    String bootstrap = system.bootstrapServers();
    List<ToolRequest> toolRequests = TopicContents.values(bootstrap, List.of(Topics.TOOL_REQUESTS), true, taskId, ToolRequest.class);
    List<StepRequest> stepRequests = TopicContents.values(bootstrap, TopicContents.stepTopics(), true, taskId, StepRequest.class);
    assertThat(TopicContents.repeated(toolRequests, r -> r.getRequestId().toString())).as("tool requests published twice").isEmpty();
    assertThat(TopicContents.repeated(stepRequests, r -> r.getRequestId().toString())).as("step requests published twice").isEmpty();
    assertThat(stepRequests).extracting(TopicContents::describe)
        .contains("code-edit execute s1", "test-writer execute s2", "manager summarize summary");
    assertThat(toolRequests).extracting(ToolRequest::getTool).contains(ToolName.APPLY_EDITS, ToolName.OPEN_PR);

    // the kill hit an open transaction: its copy of the request was aborted, the new planner wrote it again
    List<ToolRequest> written = TopicContents.values(bootstrap, List.of(Topics.TOOL_REQUESTS), false, taskId, ToolRequest.class);
    assertThat(TopicContents.countBy(written, r -> r.getRequestId().toString())).containsEntry(killedAt, 2L);
    assertThat(TopicContents.countBy(toolRequests, r -> r.getRequestId().toString())).containsEntry(killedAt, 1L);

    // ...and nothing acted on the aborted copy: each request was answered once, each event recorded once
    List<ToolResult> toolResults = TopicContents.values(bootstrap, List.of(Topics.TOOL_RESULTS), true, taskId, ToolResult.class);
    List<StepResult> stepResults = TopicContents.values(bootstrap, List.of(Topics.STEP_RESULTS), true, taskId, StepResult.class);
    assertThat(TopicContents.repeated(toolResults, r -> r.getRequestId().toString())).as("tool requests answered twice").isEmpty();
    assertThat(TopicContents.repeated(stepResults, r -> r.getRequestId().toString())).as("step requests answered twice").isEmpty();
    assertThat(toolResults).hasSameSizeAs(toolRequests);
    List<TaskEvent> events = TopicContents.values(bootstrap, List.of(Topics.TASK_EVENTS), true, taskId, TaskEvent.class);
    assertThat(TopicContents.repeated(events, e -> e.getMeta().getEventId().toString())).as("task events recorded twice").isEmpty();
    assertThat(events).filteredOn(e -> e.getType() == TaskEventType.PR_OPENED).hasSize(1);
    NothingLost.assertNothingLost(system, List.of(taskId), Duration.ofMinutes(1));
  }

  /**
   * Waits until the planner has written an APPLY_EDITS request of the task that is not committed yet (the
   * topic's last stable offset is not past it) and returns its request id.
   */
  private static String awaitUncommittedEditRequest(String taskId, Duration timeout) {
    String bootstrap = system.bootstrapServers();
    try (var written = consumer(bootstrap, "read_uncommitted"); var committed = consumer(bootstrap, "read_committed")) {
      List<TopicPartition> partitions = written.partitionsFor(Topics.TOOL_REQUESTS).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      written.assign(partitions);
      written.seekToBeginning(partitions);
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, byte[]> record : written.poll(Duration.ofMillis(10))) {
          if (!taskId.equals(record.key())) continue;
          ToolRequest request = AvroCodec.get().decode(record.value(), ToolRequest.class);
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          if (request.getTool() == ToolName.APPLY_EDITS && committed.endOffsets(List.of(partition)).get(partition) <= record.offset()) {
            return request.getRequestId().toString();
          }
        }
      }
    }
    throw new AssertionError("the planner wrote no APPLY_EDITS request that was still uncommitted within " + timeout);
  }

  private static KafkaConsumer<String, byte[]> consumer(String bootstrap, String isolation) {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
        new StringDeserializer(), new ByteArrayDeserializer());
  }
}
