package dev.agentline.audit;

import static dev.agentline.platform.CpuPriority.niceOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentline.audit.ingest.Records;
import dev.agentline.audit.store.AuditRow;
import dev.agentline.audit.store.AuditStore;
import dev.agentline.platform.Actuator;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.CpuPriority;
import dev.agentline.platform.Headers;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.CodeHostKind;
import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.schemas.PullRequestEventType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
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
 * The whole service against a real in-process Kafka broker and its own embedded PostgreSQL (the
 * production default: no spring.datasource.url is set).
 */
@SpringBootTest(classes = AuditApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"agentline.security.mode=off", "agentline.audit.nice=4"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Import(TestBroker.Shutdown.class)
class AuditServiceTest {
  private static final String TASK = "task-frob-1";
  private static final Instant T0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static TestBroker kafka;

  @Autowired JdbcClient jdbc;
  @Autowired AuditStore store;
  @Autowired MessageListenerContainer auditIngestContainer;
  @LocalServerPort int port;

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) throws IOException {
    kafka = TestBroker.start("audit-service-test", true, registry);
  }

  @BeforeAll
  void produceOneOfEachKind() throws Exception {
    long now = System.currentTimeMillis();
    try (var producer = producer()) {
      send(producer, new ProducerRecord<>(Topics.TASK_EVENTS, TASK, AvroCodec.get().encode(
          Records.taskEvent(TASK, T0, "planning started"))));
      send(producer, new ProducerRecord<>(Topics.MODEL_CALLS, TASK, AvroCodec.get().encode(
          Records.modelCall(TASK, T0.plusSeconds(1), "Please refactor the frobnicator into two classes."))));
      send(producer, new ProducerRecord<>(Topics.TOOL_RESULTS, TASK, AvroCodec.get().encode(
          Records.failedTests(TASK, T0.plusSeconds(2)))));
      RecordHeaders dltHeaders = new RecordHeaders();
      dltHeaders.add(Headers.DLT_REASON, Headers.utf8("value is not Avro single-object encoded"));
      dltHeaders.add(Headers.DLT_ORIGINAL_TOPIC, Headers.utf8(Topics.TASKS));
      dltHeaders.add(Headers.DLT_CONSUMER, Headers.utf8("planner"));
      send(producer, new ProducerRecord<>(Topics.dlt(Topics.TASKS), 0, now, TASK, Headers.utf8("{not a record"), dltHeaders));
      send(producer, new ProducerRecord<>(Topics.TOOL_RESULTS, 0, now + 1, TASK, new byte[] {1, 2, 3, 4}));
    }
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(rowCount()).isEqualTo(5));
  }


  @Test
  void theActuatorShowsWhatTheConsumerReadAndItsLagAndTheProbesAreUp() {
    Actuator actuator = new Actuator("http://localhost:" + port);
    List<Actuator.Sample> samples = actuator.scrape();

    double consumed = samples.stream()
        .filter(s -> s.name().equals("kafka_consumer_fetch_manager_records_consumed_total") && !s.labels().containsKey("topic"))
        .mapToDouble(Actuator.Sample::value).sum();
    assertThat(consumed).isGreaterThanOrEqualTo(5.0);
    assertThat(samples).anySatisfy(s -> assertThat(s.name()).isEqualTo("kafka_consumer_fetch_manager_records_lag_max"));
    assertThat(Actuator.value(samples, "agentline_pilot_tasks", Map.of())).isPresent();
    assertThat(actuator.probe("liveness")).isEqualTo("200 UP");
    assertThat(actuator.probe("readiness")).isEqualTo("200 UP");
  }

  @Test
  void theIngestTheIndexerAndTheDatabaseRunAtTheConfiguredNiceValue() throws Exception {
    // Linux shows a thread's name cut to 15 characters
    Map<String, Integer> threads = new HashMap<>();
    for (var thread : CpuPriority.threadNames().entrySet()) {
      String name = thread.getValue();
      if (name.startsWith("auditIngestCont") || name.startsWith("audit-search-in")) threads.put(name, niceOf(thread.getKey()));
    }
    long backend = jdbc.sql("SELECT pg_backend_pid()").query(Long.class).single();
    long server = ProcessHandle.of(backend).flatMap(ProcessHandle::parent).orElseThrow().pid();

    assertThat(threads).containsOnlyKeys("auditIngestCont", "audit-search-in").containsValues(4);
    assertThat(niceOf(Path.of("/proc/" + server))).as("the postmaster").isEqualTo(4);
    assertThat(niceOf(Path.of("/proc/" + backend))).as("a backend it started later").isEqualTo(4);
    assertThat(niceOf(Path.of("/proc/self"))).as("the rest of the service").isZero();
  }

  @Test
  void theEmbeddedDatabaseCommitsOnlyOnceTheBatchIsOnDisk() {
    // zonky's default is off; EmbeddedPostgresServerTest shows what that loses in a crash
    assertThat(jdbc.sql("SHOW synchronous_commit").query(String.class).single()).isEqualTo("on");
  }

  @Test
  void storesEachRecordOnceWithItsTypeEventTypeAndTime() {
    List<Map<String, Object>> rows = jdbc.sql("""
            SELECT topic, record_type, event_type, occurred_at, task_id FROM audit_record
             ORDER BY occurred_at, topic, kafka_partition, kafka_offset""").query().listOfRows();

    assertThat(rows).extracting(r -> r.get("record_type"))
        .containsExactly("TaskEvent", "ModelCall", "ToolResult", "DeadLetter", "Undecodable");
    assertThat(rows).extracting(r -> r.get("event_type")).containsExactly("STATE_CHANGED", "PLAN", "RUN_TESTS", null, null);
    assertThat(rows).extracting(r -> r.get("topic")).containsExactly(
        Topics.TASK_EVENTS, Topics.MODEL_CALLS, Topics.TOOL_RESULTS, Topics.dlt(Topics.TASKS), Topics.TOOL_RESULTS);
    assertThat(rows).allSatisfy(r -> assertThat(r.get("task_id")).isEqualTo(TASK));
    assertThat(((java.sql.Timestamp) rows.get(1).get("occurred_at")).toInstant()).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void deadLettersAndUndecodableRecordsKeepTheirReason() {
    Map<String, String> bodies = jdbc.sql("SELECT record_type, body::text AS body FROM audit_record WHERE record_type IN ('DeadLetter', 'Undecodable')")
        .query((rs, n) -> Map.entry(rs.getString("record_type"), rs.getString("body"))).list().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

    JsonNode dead = JSON.readTree(bodies.get("DeadLetter"));
    assertThat(dead.get("reason").asString()).isEqualTo("value is not Avro single-object encoded");
    assertThat(dead.get("originalTopic").asString()).isEqualTo(Topics.TASKS);
    assertThat(dead.get("value").asString()).isEqualTo("{not a record");
    JsonNode undecodable = JSON.readTree(bodies.get("Undecodable"));
    assertThat(undecodable.get("reason").asString()).contains("not Avro single-object encoded");
    assertThat(undecodable.get("valueEncoding").asString()).isEqualTo("base64");
  }

  @Test
  void searchFindsTheModelCallByAPhraseOfItsPrompt() throws Exception {
    JsonNode hits = getJson("/api/audit/search?q=" + encode("\"refactor the frobnicator\""), 200).get("hits");

    assertThat(hits).hasSize(1);
    JsonNode hit = hits.get(0);
    assertThat(hit.get("recordType").asString()).isEqualTo("ModelCall");
    assertThat(hit.get("taskId").asString()).isEqualTo(TASK);
    assertThat(hit.get("topic").asString()).isEqualTo(Topics.MODEL_CALLS);
    assertThat(hit.get("eventType").asString()).isEqualTo("PLAN");
    assertThat(hit.get("snippet").asString()).contains("<b>frobnicator</b>");
    assertThat(Instant.parse(hit.get("occurredAt").asString())).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void searchIsLimitedToOneTaskWhenAsked() throws Exception {
    assertThat(getJson("/api/audit/search?q=frobnicator&taskId=" + TASK, 200).get("hits")).hasSize(1);
    assertThat(getJson("/api/audit/search?q=frobnicator&taskId=other-task", 200).get("hits")).isEmpty();
    assertThat(getJson("/api/audit/search?q=frobnicator+-refactor", 200).get("hits")).isEmpty();
  }

  @Test
  void timelineListsTheTasksRecordsInOrderWithSummaries() throws Exception {
    JsonNode timeline = getJson("/api/tasks/" + TASK + "/timeline", 200);

    assertThat(timeline.get("taskId").asString()).isEqualTo(TASK);
    JsonNode entries = timeline.get("entries");
    assertThat(entries.valueStream().map(e -> e.get("recordType").asString()).toList())
        .containsExactly("TaskEvent", "ModelCall", "ToolResult", "DeadLetter", "Undecodable");
    assertThat(entries.get(0).get("summary").asString()).isEqualTo("planning started");
    assertThat(entries.get(1).get("summary").asString()).isEqualTo("MANAGER/PLAN replay/strong-1, 1200+345 tokens, $0.0123, 850 ms, ok");
    assertThat(entries.get(2).get("summary").asString()).startsWith("RUN_TESTS error: tests failed");
    assertThat(entries.get(3).get("summary").asString()).isEqualTo(
        "dead letter from agentline.tasks (planner): value is not Avro single-object encoded");
    assertThat(entries.get(4).get("summary").asString()).startsWith("undecodable: ");
    assertThat(entries.get(1).at("/body/prompt/1/content").asString()).contains("refactor the frobnicator");
    assertThat(entries.get(2).at("/body/tests/summary").asString()).isEqualTo("2 of 40 failed");
  }

  @Test
  void topicsShowHowManyRecordsEachTopicContributed() throws Exception {
    JsonNode topics = getJson("/api/audit/topics", 200);

    assertThat(topics.propertyNames()).containsExactly(
        Topics.MODEL_CALLS, Topics.TASK_EVENTS, Topics.dlt(Topics.TASKS), Topics.TOOL_RESULTS);
    assertThat(topics.get(Topics.TOOL_RESULTS).asLong()).isEqualTo(2);
    assertThat(topics.get(Topics.MODEL_CALLS).asLong()).isEqualTo(1);
  }

  @Test
  void storingTheSameTopicPartitionOffsetTwiceKeepsOneRow() {
    AuditRow again = new AuditRow(Topics.MODEL_CALLS, 0, 0, TASK, "ModelCall", "PLAN", T0, T0, "again", "{}", "{}");

    assertThat(store.insert(again)).isFalse();
    assertThat(rowCount()).isEqualTo(5);
    assertThat(jdbc.sql("SELECT summary FROM audit_record WHERE topic = :t").param("t", Topics.MODEL_CALLS).query(String.class).single())
        .isNotEqualTo("again");
  }

  @Test
  void replayingEveryTopicFromTheStartStoresNothingTwice() throws Exception {
    long before = rowCount();
    double countedBefore = storedCounter();
    assertThat(countedBefore).as("records the consumers stored").isGreaterThanOrEqualTo(5.0);
    auditIngestContainer.stop();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets("agentline-audit").partitionsToOffsetAndMetadata().get();
      assertThat(committed).isNotEmpty();
      Map<TopicPartition, OffsetAndMetadata> toStart = committed.keySet().stream()
          .collect(Collectors.toMap(tp -> tp, tp -> new OffsetAndMetadata(0)));
      // the group is empty once the stopped consumer's leave has been processed
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .untilAsserted(() -> admin.alterConsumerGroupOffsets("agentline-audit", toStart).all().get());

      auditIngestContainer.start();

      Map<TopicPartition, Long> ends = admin.listOffsets(committed.keySet().stream()
              .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get()
          .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        Map<TopicPartition, OffsetAndMetadata> now = admin.listConsumerGroupOffsets("agentline-audit").partitionsToOffsetAndMetadata().get();
        ends.forEach((tp, end) -> assertThat(now.get(tp).offset()).as("committed offset of %s", tp).isEqualTo(end));
      });
    }
    assertThat(rowCount()).isEqualTo(before);
    // the replayed records were read again but stored once: the counter of stored records did not move
    assertThat(storedCounter()).isEqualTo(countedBefore);
  }

  private double storedCounter() {
    return Actuator.value(new Actuator("http://localhost:" + port).scrape(), "agentline_audit_records_stored_total", Map.of())
        .orElseThrow(() -> new AssertionError("no agentline_audit_records_stored_total in the scrape"));
  }

  /** Runs last: it adds a record of another task. */
  /** agentline.pr-events is read like every topic: each delivery raw, each thing on the PR once in pr_events. */
  @Test
  @Order(Integer.MAX_VALUE - 2)
  void aPullRequestEventDeliveredByWebhookAndAgainByPollingIsOneRowOfPrEvents() throws Exception {
    String task = "task-pr-1";
    try (var producer = producer()) {
      for (String via : List.of("webhook", "poll")) {
        send(producer, new ProducerRecord<>(Topics.PR_EVENTS, task, AvroCodec.get().encode(PullRequestEvent.newBuilder()
            .setMeta(dev.agentline.platform.Meta.of(task, null, "tool-runner", T0)).setHost(CodeHostKind.GITHUB)
            .setType(PullRequestEventType.REVIEW_COMMENT).setDeliveryId(via.equals("poll") ? "poll:github:review-comment:456" : "d-1")
            .setItemKey("github:review-comment:456").setRepository("acme/calculator").setNumber(7)
            .setUrl("https://github.com/acme/calculator/pull/7").setBranch("agentline/" + task).setActor("rev")
            .setBody("please also handle null input").setPath("src/Calculator.java").setLine(4).setHappenedAt(T0).setVia(via).build())));
      }
    }

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql(
        "SELECT count(*) FROM audit_record WHERE task_id = ? AND record_type = 'PullRequestEvent'").param(task).query(Long.class).single())
        .isEqualTo(2));
    assertThat(jdbc.sql("SELECT delivery_id || ' ' || via || ' ' || path || ':' || line FROM pr_events WHERE task_id = ?").param(task)
        .query(String.class).list()).containsExactly("d-1 webhook src/Calculator.java:4");
    JsonNode timeline = getJson("/api/tasks/" + task + "/timeline", 200);
    assertThat(timeline.get("entries").valueStream().map(e -> e.get("eventType").asString() + ": " + e.get("summary").asString()).toList())
        .containsExactly(
            "REVIEW_COMMENT: acme/calculator#7 review comment on src/Calculator.java:4 by rev: please also handle null input (webhook)",
            "REVIEW_COMMENT: acme/calculator#7 review comment on src/Calculator.java:4 by rev: please also handle null input (poll)");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void aRecordTheStoreRefusesIsRetriedUntilStoredNeverSkipped() throws Exception {
    String task = "task-refused-for-a-while";
    jdbc.sql("ALTER TABLE audit_record ADD CONSTRAINT refuse_for_test CHECK (task_id <> 'task-refused-for-a-while') NOT VALID").update();
    try (var producer = producer()) {
      send(producer, new ProducerRecord<>(Topics.TASK_EVENTS, task, AvroCodec.get().encode(Records.taskEvent(task, T0, "refused at first"))));
    }
    // several failed attempts (500 ms, 1 s, ...) while the store refuses the row
    Thread.sleep(2_500);
    assertThat(rowsOf(task)).isZero();

    jdbc.sql("ALTER TABLE audit_record DROP CONSTRAINT refuse_for_test").update();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rowsOf(task)).isEqualTo(1));
  }

  private long rowsOf(String task) {
    return jdbc.sql("SELECT count(*) FROM audit_record WHERE task_id = :task").param("task", task).query(Long.class).single();
  }

  /** Runs late: it adds rows of another task and topic. */
  @Test
  @Order(Integer.MAX_VALUE - 1)
  void verifyRecomputesTheTasksHashChainAndNamesTheFirstRowChangedBySql() throws Exception {
    JsonNode valid = getJson("/api/tasks/" + TASK + "/verify", 200);
    assertThat(valid.get("taskId").asString()).isEqualTo(TASK);
    assertThat(valid.get("records").asLong()).isEqualTo(5);
    assertThat(valid.get("valid").asBoolean()).isTrue();

    String task = "task-tampered-by-sql";
    for (int i = 0; i < 3; i++) {
      store.insert(new AuditRow("agentline.test-tamper", 0, i, task, "TaskEvent", "STATE_CHANGED", T0.plusSeconds(i), T0,
          "step " + i, "{\"message\": \"step " + i + "\", \"cost\": 0.0010}", "{}"));
    }
    assertThat(getJson("/api/tasks/" + task + "/verify", 200).get("valid").asBoolean()).isTrue();

    jdbc.sql("UPDATE audit_record SET body = '{\"message\": \"step 1 (edited)\", \"cost\": 0.001}' WHERE task_id = :t AND kafka_offset = 1")
        .param("t", task).update();

    JsonNode broken = getJson("/api/tasks/" + task + "/verify", 200);
    assertThat(broken.get("valid").asBoolean()).isFalse();
    assertThat(broken.at("/brokenAt/topic").asString()).isEqualTo("agentline.test-tamper");
    assertThat(broken.at("/brokenAt/partition").asInt()).isZero();
    assertThat(broken.at("/brokenAt/offset").asLong()).isEqualTo(1);
    assertThat(broken.get("reason").asString()).contains("changed after it was stored");
    assertThat(getJson("/api/tasks/no-such-task/verify", 404).get("taskId").asString()).isEqualTo("no-such-task");
  }

  @Test
  void searchWithoutQIsABadRequestNamingQ() throws Exception {
    for (String path : List.of("/api/audit/search", "/api/audit/search?q=", "/api/audit/search?q=%20%20")) {
      JsonNode problem = getJson(path, 400);
      assertThat(problem.get("parameter").asString()).isEqualTo("q");
      assertThat(problem.get("status").asInt()).isEqualTo(400);
      assertThat(problem.get("detail").asString()).contains("q is required");
    }
  }

  @Test
  void searchWithABadLimitIsABadRequestNamingLimit() throws Exception {
    for (String limit : List.of("ten", "0", "100000")) {
      JsonNode problem = getJson("/api/audit/search?q=frobnicator&limit=" + limit, 400);
      assertThat(problem.get("parameter").asString()).isEqualTo("limit");
    }
  }

  @Test
  void timelineOfAnUnknownTaskIsNotFound() throws Exception {
    JsonNode problem = getJson("/api/tasks/no-such-task/timeline", 404);

    assertThat(problem.get("taskId").asString()).isEqualTo("no-such-task");
    assertThat(problem.get("title").asString()).isEqualTo("Unknown task");
  }

  private long rowCount() {
    return jdbc.sql("SELECT count(*) FROM audit_record").query(Long.class).single();
  }

  private JsonNode getJson(String path, int expectedStatus) throws Exception {
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("status of GET %s: %s", path, response.body()).isEqualTo(expectedStatus);
    if (expectedStatus >= 400) {
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }
    return JSON.readTree(response.body());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer());
  }

  private static void send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record) throws Exception {
    producer.send(record).get();
  }
}
