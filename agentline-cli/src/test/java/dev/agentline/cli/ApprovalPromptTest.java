package dev.agentline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.KafkaAdmin;
import dev.agentline.platform.LocalKafka;
import dev.agentline.platform.Meta;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While a run waits at a gate, the terminal shows how to decide it from another one. */
class ApprovalPromptTest {
  @TempDir static Path dir;
  static LocalKafka kafka;

  @BeforeAll
  static void startKafka() {
    AvroCodec.trustAgentlineRecords();
    kafka = LocalKafka.start(dir.resolve("kafka"));
    KafkaAdmin.createTopics(kafka.bootstrapServers(), 1);
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void printsTheCommandsForEachGateTheTaskOpensAndSkipsWhatItCannotRead() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ApprovalPrompt prompt = ApprovalPrompt.start(kafka.bootstrapServers(), "http://localhost:8123", "bob",
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
        var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, "t-1", "not avro".getBytes(StandardCharsets.UTF_8)));
      producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, "t-1", event("t-1", TaskEventType.STEP_STARTED, "s1")));
      producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, "t-1", event("t-1", TaskEventType.APPROVAL_REQUESTED, null)));
      producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, "t-1", event("t-1", TaskEventType.APPROVAL_REQUESTED, "s2")));
      producer.flush();

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(bytes.toString(StandardCharsets.UTF_8)).contains(
          "the plan of task t-1 waits for a person; decide from another terminal (as someone other than the requester, bob):",
          "    agentline approve t-1 --actor <approver> --planner-url http://localhost:8123",
          "    agentline reject t-1 --actor <approver> --comment \"why\" --planner-url http://localhost:8123",
          "step s2 of task t-1 waits for a person",
          "    agentline accept-step t-1 s2 --actor <approver> --planner-url http://localhost:8123"));
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("step s1");
  }

  private static byte[] event(String taskId, TaskEventType type, String stepId) {
    return AvroCodec.get().encode(TaskEvent.newBuilder().setMeta(Meta.of(taskId, null, "test")).setType(type)
        .setStatus(TaskStatus.AWAITING_APPROVAL).setMessage(type.name()).setStepId(stepId).build());
  }
}
