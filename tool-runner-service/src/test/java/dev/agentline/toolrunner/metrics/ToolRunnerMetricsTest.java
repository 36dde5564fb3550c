package dev.agentline.toolrunner.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentline.platform.Actuator;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.KafkaAdmin;
import dev.agentline.platform.LocalKafka;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.ToolName;
import dev.agentline.toolrunner.TestRepos;
import dev.agentline.toolrunner.ToolRunnerApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The tool runner as deployed: its own web server on a random port, a real broker and a real git
 * repository; one workspace prepared, one tool failing and one record dead-lettered, then the
 * actuator read over HTTP.
 */
class ToolRunnerMetricsTest {
  @TempDir static Path temp;
  private static LocalKafka kafka;
  private static ConfigurableApplicationContext context;
  private static Actuator actuator;
  private static Path origin;

  @BeforeAll
  static void start() throws Exception {
    kafka = LocalKafka.start(temp.resolve("kafka"));
    KafkaAdmin.createTopics(kafka.bootstrapServers(), 1);
    origin = TestRepos.origin(temp.resolve("repo"), TestRepos.sampleFiles());
    context = new SpringApplicationBuilder(ToolRunnerApplication.class).run(
        "--server.port=0",
        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
        "--agentline.workspace.root=" + temp.resolve("workspaces"));
    actuator = new Actuator("http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
  }

  @AfterAll
  static void stop() {
    if (context != null) context.close();
    if (kafka != null) kafka.close();
  }

  @Test
  void eachToolRunIsTimedByToolAndOutcomeAndADeadLetterIsCounted() throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      send(producer, "m1", AvroCodec.get().encode(TestRepos.request("m1", ToolName.PREPARE_WORKSPACE, origin).build()));
      send(producer, "m2", AvroCodec.get().encode(TestRepos.request("m2", ToolName.PREPARE_WORKSPACE, temp.resolve("no-such-repo")).build()));
      send(producer, "m3", "not avro".getBytes(StandardCharsets.UTF_8));
    }

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      List<Actuator.Sample> samples = actuator.scrape();
      assertThat(Actuator.value(samples, "agentline_tool_duration_seconds_count", Map.of("tool", "prepare-workspace", "outcome", "ok")))
          .hasValue(1.0);
      assertThat(Actuator.value(samples, "agentline_tool_duration_seconds_count", Map.of("tool", "prepare-workspace", "outcome", "error")))
          .hasValue(1.0);
      assertThat(Actuator.value(samples, "agentline_dead_letters_total", Map.of("topic", "agentline.tool-requests.dlt", "consumer", "tool-runner")))
          .hasValue(1.0);
    });
    List<Actuator.Sample> samples = actuator.scrape();
    assertThat(Actuator.value(samples, "agentline_tool_duration_seconds_sum", Map.of("tool", "prepare-workspace", "outcome", "ok")).orElseThrow())
        .isPositive().isLessThan(60.0);
    // the request consumer's Kafka client metrics, its lag among them
    assertThat(samples).anySatisfy(s -> assertThat(s.name()).isEqualTo("kafka_consumer_fetch_manager_records_lag_max"));
  }

  @Test
  void livenessAndReadinessProbesAreUp() {
    assertThat(actuator.probe("liveness")).isEqualTo("200 UP");
    assertThat(actuator.probe("readiness")).isEqualTo("200 UP");
  }

  private static void send(KafkaProducer<String, byte[]> producer, String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(Topics.TOOL_REQUESTS, key, value)).get();
  }
}
