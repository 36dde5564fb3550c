package dev.agentline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Meta;
import dev.agentline.schemas.TaskState;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.TaskSubmitted;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The planner's task-state changelog, as Kafka Streams writes it (a compacted topic, TaskState values keyed by task
 * id, a tombstone when a key is deleted), read by the service with its default topic pattern: the states are stored
 * and make the task's status, the tombstone is skipped, a repartition-style internal topic is not read at all.
 */
@SpringBootTest(classes = AuditApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "agentline.security.mode=off")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
@Import(TestBroker.Shutdown.class)
class PlannerStateChangelogTest {
  private static final String CHANGELOG = "agentline-planner-task-state-changelog";
  private static final String REPARTITION = "agentline-planner-KSTREAM-REPARTITION-0000000003-repartition";
  private static final String TASK = "t-state-1";
  private static final Instant T0 = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static TestBroker kafka;

  @Autowired JdbcClient jdbc;
  @Autowired MessageListenerContainer auditIngestContainer;
  @LocalServerPort int port;

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) throws Exception {
    kafka = TestBroker.start("audit-changelog-test", true, registry);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(
          new NewTopic(CHANGELOG, 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
          new NewTopic(REPARTITION, 1, (short) 1))).all().get();
    }
  }

  @BeforeAll
  void planTheTask() throws Exception {
    try (var producer = new KafkaProducer<String, byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(REPARTITION, TASK, AvroCodec.get().encode(state(TaskStatus.FAILED, T0.plusSeconds(1))))).get();
      producer.send(new ProducerRecord<>(CHANGELOG, TASK, AvroCodec.get().encode(state(TaskStatus.PLANNING, T0.plusSeconds(2))))).get();
      producer.send(new ProducerRecord<String, byte[]>(CHANGELOG, TASK, null)).get();
      producer.send(new ProducerRecord<>(CHANGELOG, TASK, AvroCodec.get().encode(state(TaskStatus.EXECUTING, T0.plusSeconds(3))))).get();
    }
    // the last state is stored only after the tombstone before it on the same partition was dealt with
    await().atMost(Duration.ofSeconds(60)).until(() ->
        jdbc.sql("SELECT count(*) FROM audit_record WHERE topic = :t AND kafka_offset = 2").param("t", CHANGELOG).query(Long.class).single() == 1);
  }

  @Test
  void eachTaskStateIsStoredAsATaskStateRowWithItsStatus() {
    List<String> rows = jdbc.sql("SELECT kafka_offset, record_type, event_type, task_id FROM audit_record WHERE topic = :t ORDER BY kafka_offset")
        .param("t", CHANGELOG)
        .query((rs, n) -> rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4))
        .list();

    assertThat(rows).containsExactly("0 TaskState PLANNING " + TASK, "2 TaskState EXECUTING " + TASK);
  }

  @Test
  void theTombstoneIsSkippedNeitherUndecodableNorADeadLetter() {
    assertThat(jdbc.sql("SELECT count(*) FROM audit_record WHERE record_type IN ('Undecodable', 'DeadLetter')").query(Long.class).single())
        .isZero();
  }

  @Test
  void otherStreamsInternalTopicsAreNotRead() {
    assertThat(auditIngestContainer.getAssignedPartitions()).contains(new TopicPartition(CHANGELOG, 0))
        .doesNotContain(new TopicPartition(REPARTITION, 0));
    assertThat(jdbc.sql("SELECT count(*) FROM audit_record WHERE topic = :t").param("t", REPARTITION).query(Long.class).single()).isZero();
  }

  @Test
  void theTaskStateMakesTheTasksRowAndTheConsoleListShowsIt() throws Exception {
    assertThat(jdbc.sql("SELECT status || ' ' || branch || ' ' || title FROM tasks WHERE task_id = :t").param("t", TASK).query(String.class).single())
        .isEqualTo("EXECUTING agentline/" + TASK + " Frobnicate the widgets");

    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/console/tasks?status=executing")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode tasks = JSON.readTree(response.body());
    assertThat(tasks.valueStream().map(t -> t.get("taskId").asString() + " " + t.get("title").asString() + " " + t.get("requester").asString()).toList())
        .containsExactly(TASK + " Frobnicate the widgets rita");
  }

  private static TaskState state(TaskStatus status, Instant at) {
    TaskSubmitted submitted = TaskSubmitted.newBuilder().setMeta(Meta.of(TASK, null, "planner-intake", T0)).setRepository("file:///repos/widgets.git")
        .setTitle("Frobnicate the widgets").setDescription("They need frobnicating.").setTestCommand("sh run-tests.sh").setRequester("rita")
        .build();
    return TaskState.newBuilder().setTaskId(TASK).setStatus(status).setSubmitted(submitted).setDeadline(T0.plus(1, ChronoUnit.HOURS))
        .setBranch("agentline/" + TASK).setUpdatedAt(at).build();
  }
}
