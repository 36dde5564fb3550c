package dev.agentline.planner.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentline.planner.PlannerApplication;
import dev.agentline.planner.kafka.PlannerStreams;
import dev.agentline.platform.Actuator;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.LocalKafka;
import dev.agentline.platform.Meta;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.TaskSubmitted;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.schemas.Usage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The planner as deployed, on a real broker, with the test playing tool runner and analysis worker:
 * the outstanding-steps gauge rises when the analysis step is requested and falls when its result
 * arrives, while the actuator is read over HTTP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlannerMetricsTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir static Path dir;
  private static LocalKafka kafka;
  private static ConfigurableApplicationContext planner;
  private static Actuator actuator;
  private static KafkaProducer<String, byte[]> producer;
  private static KafkaConsumer<String, byte[]> requests;
  private static final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

  @BeforeAll
  static void start() {
    kafka = LocalKafka.start(dir.resolve("kafka"));
    planner = new SpringApplicationBuilder(PlannerApplication.class).run(
        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
        "--server.port=0",
        "--agentline.planner.state-dir=" + dir.resolve("state"),
        "--agentline.planner.partitions=1");
    actuator = new Actuator("http://localhost:" + planner.getEnvironment().getProperty("local.server.port"));
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
    requests = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "planner-metrics-test",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
    requests.subscribe(List.of(Topics.TOOL_REQUESTS, Topics.steps(Role.ANALYSIS), Topics.steps(Role.MANAGER)));
  }

  @AfterAll
  static void stop() {
    if (requests != null) requests.close();
    if (producer != null) producer.close();
    if (planner != null) planner.close();
    if (kafka != null) kafka.close();
  }

  @Test
  void theOutstandingGaugeRisesWithAStepRequestAndFallsWithItsResult() {
    await().atMost(PATIENCE).until(() -> actuator.probe("readiness").equals("200 UP"));
    send(Topics.TASKS, TaskSubmitted.newBuilder().setMeta(Meta.of("t-m", null, "test")).setRepository("/repos/calc").setTitle("Fix add")
        .setDescription("add subtracts").setTestCommand("sh run-tests.sh").build());
    for (String phase : List.of("prepare", "map")) {
      ToolRequest tool = AvroCodec.get().decode(next(Topics.TOOL_REQUESTS).value(), ToolRequest.class);
      assertThat(tool.getRequestId()).isEqualTo("t-m/workspace/1/" + phase);
      send(Topics.TOOL_RESULTS, ToolResult.newBuilder().setMeta(Meta.of("t-m", null, "test")).setRequestId(tool.getRequestId())
          .setTool(tool.getTool()).setOk(true).setCommit("base1").setRepositoryMap("Calc.java").build());
    }
    StepRequest analyze = AvroCodec.get().decode(next(Topics.steps(Role.ANALYSIS)).value(), StepRequest.class);

    await().atMost(PATIENCE).untilAsserted(() -> {
      List<Actuator.Sample> samples = actuator.scrape();
      assertThat(outstanding(samples, "analysis")).isEqualTo(1.0);
      assertThat(Actuator.value(samples, "agentline_tasks", Map.of("state", "PLANNING"))).hasValue(1.0);
    });
    assertThat(outstanding(actuator.scrape(), "manager")).isZero();

    send(Topics.STEP_RESULTS, StepResult.newBuilder().setMeta(Meta.of("t-m", null, "test")).setRequestId(analyze.getRequestId())
        .setRole(Role.ANALYSIS).setKind(analyze.getKind()).setStepId(analyze.getStepId()).setOk(true).setText("{\"summary\":\"calc\"}")
        .setUsage(new Usage(1, 1, 0.0)).build());
    next(Topics.steps(Role.MANAGER));

    List<Actuator.Sample> samples = actuator.scrape();
    assertThat(outstanding(samples, "analysis")).isZero();
    assertThat(outstanding(samples, "manager")).isEqualTo(1.0);
    Map<String, String> analysisStep = Map.of("role", "analysis", "kind", "analyze");
    assertThat(Actuator.value(samples, "agentline_step_duration_seconds_count", analysisStep)).hasValue(1.0);
    assertThat(Actuator.value(samples, "agentline_step_duration_seconds_sum", analysisStep).orElseThrow()).isPositive().isLessThan(60.0);
    // the Kafka Streams client metrics, the lag of its consumer among them
    assertThat(samples).anySatisfy(s -> assertThat(s.name()).startsWith("kafka_stream_"));
    assertThat(samples).anySatisfy(s -> assertThat(s.name()).isEqualTo("kafka_consumer_fetch_manager_records_lag_max"));
  }

  @Test
  void aDeadLetteredRecordIsCountedByTopicAndConsumer() {
    producer.send(new ProducerRecord<>(Topics.COMMANDS, "t-x", "not avro".getBytes(StandardCharsets.UTF_8)));

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(Actuator.value(actuator.scrape(), "agentline_dead_letters_total",
        Map.of("topic", "agentline.commands.dlt", "consumer", "planner"))).hasValue(1.0));
  }

  @Test
  @Order(1)
  void livenessAndReadinessAreUpOnceTheStreamsRun() {
    await().atMost(PATIENCE).until(() -> actuator.probe("readiness").equals("200 UP"));
    assertThat(actuator.probe("liveness")).isEqualTo("200 UP");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void anInstanceWhoseStreamsStoppedIsAliveButNotReady() {
    planner.getBean(PlannerStreams.class).stop();

    assertThat(actuator.probe("readiness")).isEqualTo("503 OUT_OF_SERVICE");
    assertThat(actuator.probe("liveness")).isEqualTo("200 UP");
  }

  private static double outstanding(List<Actuator.Sample> samples, String role) {
    return Actuator.value(samples, "agentline_steps_outstanding", Map.of("role", role)).orElseThrow();
  }

  private static void send(String topic, SpecificRecordBase value) {
    try {
      producer.send(new ProducerRecord<>(topic, "t-m", AvroCodec.get().encode(value))).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next record the planner published to {@code topic} (records of other topics are kept for later). */
  private static ConsumerRecord<String, byte[]> next(String topic) {
    await().atMost(PATIENCE).until(() -> {
      requests.poll(Duration.ofMillis(100)).forEach(seen::add);
      return seen.stream().anyMatch(r -> r.topic().equals(topic));
    });
    ConsumerRecord<String, byte[]> record = seen.stream().filter(r -> r.topic().equals(topic)).findFirst().orElseThrow();
    seen.remove(record);
    return record;
  }
}
