package dev.agentline.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Headers;
import dev.agentline.platform.KafkaAdmin;
import dev.agentline.platform.LocalKafka;
import dev.agentline.platform.Topics;
import dev.agentline.platform.TraceContext;
import dev.agentline.schemas.Role;
import dev.agentline.worker.StepRequests;
import dev.agentline.worker.WorkerApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** With logging.structured.format.console=ecs the worker logs JSON lines, and a line about a handled record names its task and trace. */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsTest {
  @TempDir Path tmp;

  @Test
  void theLineAboutAnAnsweredStepIsJsonWithTheTaskAndTraceIds(CapturedOutput output) {
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    try (LocalKafka kafka = LocalKafka.start(tmp.resolve("kafka"))) {
      KafkaAdmin.createTopics(kafka.bootstrapServers(), 1);
      try (ConfigurableApplicationContext worker = new SpringApplicationBuilder(WorkerApplication.class).run(
              "--spring.main.web-application-type=none",
              "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
              "--agentline.models.config-file=classpath:cassettes/worker-test.yaml",
              "--logging.config=classpath:structured-console.xml",
              "--logging.structured.format.console=ecs");
          var producer = new KafkaProducer<String, byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
              new StringSerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>(Topics.steps(Role.MANAGER), null, "task-json",
            AvroCodec.get().encode(StepRequests.planRequest("task-json").build()),
            List.of(new RecordHeader(TraceContext.TRACEPARENT, Headers.utf8(traceparent)))));

        ObjectMapper json = new ObjectMapper();
        await().atMost(Duration.ofSeconds(60)).until(() -> output.getOut().contains("answered task-json/plan/1"));
        JsonNode line = output.getOut().lines().filter(l -> l.contains("answered task-json/plan/1")).map(json::readTree).findFirst().orElseThrow();
        assertThat(line.path("message").asString()).startsWith("answered task-json/plan/1");
        assertThat(line.path("log").path("level").asString()).isEqualTo("INFO");
        assertThat(line.path("taskId").asString()).isEqualTo("task-json");
        assertThat(line.path("traceId").asString()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(line.path("spanId").asString()).matches("[0-9a-f]{16}").isNotEqualTo("b7ad6b7169203331");
        // a line not about a record carries no task id
        assertThat(output.getOut().lines().filter(l -> l.contains("consumer(s) of")).map(json::readTree).findFirst().orElseThrow()
            .has("taskId")).isFalse();
      }
    }
  }
}
