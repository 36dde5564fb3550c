package dev.agentline.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentline.platform.Actuator;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.KafkaAdmin;
import dev.agentline.platform.LocalKafka;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.Role;
import dev.agentline.worker.StepRequests;
import dev.agentline.worker.WorkerApplication;
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
 * The worker as deployed: its own web server on a random port, a real broker, one plan step
 * answered from a cassette (priced 3 / 15 USD per million tokens) and one record dead-lettered,
 * then the actuator read over HTTP.
 */
class WorkerMetricsTest {
  private static final Map<String, String> MANAGER = Map.of("role", "manager", "model", "cassette:worker-test.yaml");

  @TempDir static Path tmp;
  private static LocalKafka kafka;
  private static ConfigurableApplicationContext worker;
  private static Actuator actuator;

  @BeforeAll
  static void start() {
    kafka = LocalKafka.start(tmp.resolve("kafka"));
    KafkaAdmin.createTopics(kafka.bootstrapServers(), 1);
    worker = new SpringApplicationBuilder(WorkerApplication.class).run(
        "--server.port=0",
        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
        "--agentline.models.config-file=classpath:cassettes/worker-test.yaml",
        "--agentline.models.roles.manager.price.input=3",
        "--agentline.models.roles.manager.price.output=15");
    actuator = new Actuator("http://localhost:" + worker.getEnvironment().getProperty("local.server.port"));
  }

  @AfterAll
  static void stop() {
    if (worker != null) worker.close();
    if (kafka != null) kafka.close();
  }

  @Test
  void anAnsweredStepShowsItsModelLatencyTokensAndCostAndADeadLetterIsCounted() {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.steps(Role.MANAGER), "task-m", AvroCodec.get().encode(StepRequests.planRequest("task-m").build())));
      producer.send(new ProducerRecord<>(Topics.steps(Role.REVIEW), "task-m", "not avro".getBytes(StandardCharsets.UTF_8)));
    }

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      List<Actuator.Sample> samples = actuator.scrape();
      assertThat(Actuator.value(samples, "agentline_model_latency_seconds_count", with(MANAGER, "provider", "replay", "outcome", "ok"))).hasValue(1.0);
      assertThat(Actuator.value(samples, "agentline_dead_letters_total",
          Map.of("topic", "agentline.steps.review.dlt", "consumer", "agentline-worker-review"))).hasValue(1.0);
    });
    List<Actuator.Sample> samples = actuator.scrape();
    assertThat(Actuator.value(samples, "agentline_model_tokens_total", with(MANAGER, "direction", "input"))).hasValue(1200.0);
    assertThat(Actuator.value(samples, "agentline_model_tokens_total", with(MANAGER, "direction", "output"))).hasValue(300.0);
    assertThat(Actuator.value(samples, "agentline_model_cost_usd_total", MANAGER).orElseThrow()).isCloseTo(0.0081, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(Actuator.value(samples, "agentline_model_latency_seconds_count", Map.of("role", "code-edit"))).isEmpty();
    // the worker's producer reports Kafka client metrics
    assertThat(samples).anySatisfy(s -> assertThat(s.name()).startsWith("kafka_producer_"));
  }

  @Test
  void livenessAndReadinessProbesAreUp() {
    assertThat(actuator.probe("liveness")).isEqualTo("200 UP");
    assertThat(actuator.probe("readiness")).isEqualTo("200 UP");
  }

  private static Map<String, String> with(Map<String, String> labels, String... more) {
    Map<String, String> all = new java.util.HashMap<>(labels);
    for (int i = 0; i < more.length; i += 2) all.put(more[i], more[i + 1]);
    return all;
  }
}
