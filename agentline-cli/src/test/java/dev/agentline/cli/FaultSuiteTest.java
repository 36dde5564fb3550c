package dev.agentline.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Headers;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on the whole system in one process, one system start for all of them (each start costs 10-20 s). Each
 * test ends with {@link NothingLost}: every task so far ended with a reason, and the audit store holds every
 * committed record of every topic, per record type. The tests run in order and each leaves the system working for
 * the next one, which is itself part of the proof (a poison record does not stop a consumer, a restarted broker
 * serves the tasks after it...).
 *
 * <p>The other services' deaths have tests of their own, which end with the same verdict: the planner killed in
 * an open transaction ({@link CrashResumeTest}), a worker dying in a model call ({@link WorkerCrashTest}), the tool
 * runner's workspace lost ({@link WorkspaceLossTest}). Garbage on the topics while a whole task runs: {@code
 * EndToEndTest}.
 *
 * <p>Models: the demo cassette, except code-edit, which an OpenAI-compatible fake answers with the cassette's
 * answer within a 1 s timeout, so a test can make it hang.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {
  static final Duration END = Duration.ofMinutes(3);
  @TempDir static Path dir;
  static FakeModels models;
  static EmbeddedSystem system;
  static final List<String> tasks = new ArrayList<>();
  static TicketFile ticket;
  /** A task that ran without faults in its way (the PostgreSQL test's): what an undisturbed task does. */
  static String undisturbed;

  @BeforeAll
  static void start() throws Exception {
    models = new FakeModels();
    models.openAiCompatible(FakeModels.CODE_EDIT, FakeModels.answer("code-edit", "execute", "s1"));
    SampleRepository.copyResource("demo/cassette.yaml", dir);
    ticket = TicketFile.read(SampleRepository.copyResource("demo/ticket.yaml", dir));
    Path modelsFile = Files.writeString(dir.resolve("models.yaml"), """
        defaults:
          provider: replay
          cassette: cassette.yaml
        roles:
          code-edit:
            provider: openai-compatible
            base-url: http://localhost:%d/v1
            model: qwen2.5-coder
            timeout: 1s
        """.formatted(models.port()));
    system = EmbeddedSystem.start(new EmbeddedSystem.Settings(dir.resolve("system"), modelsFile, 2, 0, 0, false,
        Map.of("worker", List.of("--agentline.worker.retry.max-attempts=2"),
            // the audit retries a store every 2 s at most (30 s by default), so it catches up soon after PostgreSQL is back
            "audit", List.of("--agentline.audit.retry-max-interval=2s"))), m -> {});
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
    if (models != null) models.close();
  }

  @AfterEach
  void nothingLost() {
    NothingLost.assertNothingLost(system, tasks, END);
  }

  @Test
  @Order(1)
  void aPoisonRecordOnEveryConsumedTopicIsDeadLetteredWithTheReasonAndTheConsumersGoOn() throws Exception {
    // the topics only the audit reads (and the planner's analysis cache, where an unreadable entry is a miss) get
    // one too: the audit stores it as Undecodable, which NothingLost counts
    List<String> auditOnly = List.of(Topics.TASK_EVENTS, Topics.MODEL_CALLS, Topics.ANALYSIS_CACHE);
    try (var producer = producer()) {
      for (String topic : Stream.concat(Topics.consumed().stream(), auditOnly.stream()).toList()) {
        producer.send(new ProducerRecord<>(topic, "t-poison", ("not avro on " + topic).getBytes(StandardCharsets.UTF_8))).get();
      }
    }
    for (String topic : Topics.consumed()) {
      Awaitility.await(topic + " dead-lettered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        List<ConsumerRecord<String, byte[]>> dead = TopicContents.read(system.bootstrapServers(), Topics.dlt(topic), true).stream()
            .filter(r -> "t-poison".equals(r.key())).toList();
        assertThat(dead).as("dead letters of " + topic).hasSize(1);
        assertThat(header(dead.get(0), Headers.DLT_REASON)).as("reason of " + topic).isNotBlank();
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not avro on " + topic);
      });
    }
    // every consumer goes on: the tasks of the next tests run through all of them
  }

  @Test
  @Order(3)
  void everyRecordOnEveryInputTopicDeliveredTwiceHasOneEffect() throws Exception {
    List<String> inputs = Topics.consumed();
    Path origin = SampleRepository.create(Files.createDirectories(dir.resolve("twice")));
    Map<String, Integer> duplicated = new ConcurrentHashMap<>();
    String taskId;
    String bootstrap = system.bootstrapServers();
    try (Duplicator duplicator = new Duplicator(inputs, duplicated)) {
      taskId = new TaskClient(system.plannerUrl()).submit(origin.toUri().toString(), ticket, ticket.testCommand());
      tasks.add(taskId);
      TaskEvent end = TopicContents.awaitEnd(bootstrap, List.of(taskId), END).get(taskId);
      assertThat(end.getStatus().name()).as(end.getMessage()).isEqualTo("DONE");
      // every record of the task on every input topic was delivered twice, the answers to copies included
      // (commands: none, the task needs no human); those answers may come after the task ended
      Awaitility.await("every record delivered twice").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        for (String topic : inputs) {
          List<ConsumerRecord<String, byte[]>> records = TopicContents.read(bootstrap, topic, true).stream().filter(r -> taskId.equals(r.key())).toList();
          assertThat(TopicContents.countBy(records, r -> String.valueOf(Arrays.hashCode(r.value()))).values()).as("deliveries on " + topic)
              .allMatch(n -> n == 2);
        }
      });
    }
    assertThat(duplicated.keySet()).contains(Topics.TASKS, Topics.STEP_RESULTS, Topics.TOOL_RESULTS, Topics.TOOL_REQUESTS,
        Topics.steps(Role.MANAGER), Topics.steps(Role.CODE_EDIT), Topics.steps(Role.TEST_WRITER));

    // the same story as the task without duplicates (the one of the PostgreSQL test): the copies were ignored, not acted on
    List<TaskEvent> events = TopicContents.values(bootstrap, List.of(Topics.TASK_EVENTS), true, taskId, TaskEvent.class);
    assertThat(events).extracting(TaskEvent::getType).contains(TaskEventType.INPUT_IGNORED, TaskEventType.STALE_RESULT_IGNORED);
    assertThat(story(events)).isEqualTo(story(TopicContents.values(bootstrap, List.of(Topics.TASK_EVENTS), true, undisturbed, TaskEvent.class)));
    assertThat(events).filteredOn(e -> e.getType() == TaskEventType.PR_OPENED).hasSize(1);
    // the planner asked for each step and tool once: the copies were answered, the answers to them ignored
    List<StepRequest> stepRequests = TopicContents.values(bootstrap, TopicContents.stepTopics(), true, taskId, StepRequest.class);
    assertThat(stepRequests.stream().map(r -> r.getRequestId().toString()).distinct().count() * 2).isEqualTo(stepRequests.size());
    List<ToolRequest> toolRequests = TopicContents.values(bootstrap, List.of(Topics.TOOL_REQUESTS), true, taskId, ToolRequest.class);
    assertThat(toolRequests.stream().map(r -> r.getRequestId().toString()).distinct().count() * 2).isEqualTo(toolRequests.size());
    // one commit per step on the pushed branch, though each APPLY_EDITS ran twice
    long applies = toolRequests.stream().filter(r -> r.getTool() == ToolName.APPLY_EDITS).map(r -> r.getRequestId().toString()).distinct().count();
    assertThat(branchCommits(origin, taskId)).as("commits on the task branch").hasSize((int) applies);
  }

  @Test
  @Order(4)
  void theToolRunnerAndTheAuditKilledMidStepAndRestartedLoseNothing() throws Exception {
    // the tests take over 5 s, so the tool runner is in the middle of them when it is killed
    Path origin = SampleRepository.create(Files.createDirectories(dir.resolve("restarts")));
    try (Git git = Git.open(origin.resolveSibling("calculator").toFile())) {
      Files.writeString(origin.resolveSibling("calculator").resolve("slow-tests.sh"), "sleep 5\nsh run-tests.sh\n");
      git.add().addFilepattern("slow-tests.sh").call();
      git.commit().setMessage("Slow tests").setAuthor("demo", "demo@example.com").setCommitter("demo", "demo@example.com").setSign(false).call();
      git.push().setRemote("origin").add("main").call();
    }
    String taskId = new TaskClient(system.plannerUrl()).submit(origin.toUri().toString(), ticket, "sh slow-tests.sh");
    tasks.add(taskId);
    awaitToolRequest(taskId, ToolName.RUN_TESTS);
    Thread.sleep(1500);
    system.restartService("tool-runner", true);
    system.restartService("audit", true);

    TaskEvent end = TopicContents.awaitEnd(system.bootstrapServers(), List.of(taskId), END).get(taskId);
    assertThat(end.getStatus().name()).as(end.getMessage()).isEqualTo("DONE");
    // the abandoned test run was run again by the new tool runner and answered once; nothing else was redone
    String bootstrap = system.bootstrapServers();
    List<ToolResult> results = TopicContents.values(bootstrap, List.of(Topics.TOOL_RESULTS), true, taskId, ToolResult.class);
    assertThat(results).filteredOn(r -> !r.getOk()).isEmpty();
    assertThat(TopicContents.repeated(results, r -> r.getRequestId().toString())).as("tool requests answered twice").isEmpty();
    assertThat(TopicContents.values(bootstrap, List.of(Topics.TASK_EVENTS), true, taskId, TaskEvent.class)).extracting(TaskEvent::getType)
        .doesNotContain(TaskEventType.STEP_RETRIED, TaskEventType.STEP_FAILED);
  }

  @Test
  @Order(2)
  void whilePostgresIsDownTheAuditWaitsWithoutCommittingThenCatchesUp() throws Exception {
    system.stopAuditDatabase();
    String taskId;
    try {
      Thread.sleep(1000); // a batch stored just before has committed its offsets
      Map<TopicPartition, Long> before = auditOffsets();
      taskId = submit("postgres-down", ticket.testCommand());
      TaskEvent end = TopicContents.awaitEnd(system.bootstrapServers(), List.of(taskId), END).get(taskId);
      assertThat(end.getStatus().name()).as(end.getMessage()).isEqualTo("DONE");
      undisturbed = taskId;
      // the audit read the task's records and could not store them: it committed no offset since PostgreSQL went down
      Map<TopicPartition, Long> during = auditOffsets();
      assertThat(during).as("audit offsets while PostgreSQL is down").isEqualTo(before);
      TopicPartition events = new TopicPartition(Topics.TASK_EVENTS, partitionOf(taskId));
      assertThat(during.getOrDefault(events, 0L)).as("audit offset of " + events).isLessThan(endOffset(events));
    } finally {
      system.startAuditDatabase();
    }
  }

  @Test
  @Order(5)
  void aModelThatHangsTimesOutIsRetriedThenTheTaskFailsWithTheReason() throws Exception {
    StubMapping hang = models.http.stubFor(post(urlPathMatching(FakeModels.CHAT_COMPLETIONS)).atPriority(1)
        .withRequestBody(containing(FakeModels.CODE_EDIT))
        .willReturn(FakeModels.chatCompletion(FakeModels.answer("code-edit", "execute", "s1")).withFixedDelay(5_000)));
    try {
      String taskId = submit("hang", ticket.testCommand());
      TaskEvent end = TopicContents.awaitEnd(system.bootstrapServers(), List.of(taskId), END).get(taskId);
      assertThat(end.getStatus().name()).as(end.getMessage()).isEqualTo("FAILED");
      String reason = new TaskClient(system.plannerUrl()).task(taskId).path("failureReason").asText();
      assertThat(reason).contains("s1").containsIgnoringCase("time");
      List<TaskEvent> events = TopicContents.values(system.bootstrapServers(), List.of(Topics.TASK_EVENTS), true, taskId, TaskEvent.class);
      assertThat(events).filteredOn(e -> e.getType() == TaskEventType.STEP_RETRIED).isNotEmpty();
    } finally {
      models.http.removeStub(hang);
    }
  }

  @Test
  @Order(6)
  void aBrokerRestartedMidTaskLosesNothingAndTheTaskFinishes() throws Exception {
    String taskId = submit("broker", ticket.testCommand());
    awaitToolRequest(taskId, ToolName.APPLY_EDITS);
    system.restartBroker(Duration.ofSeconds(3));

    TaskEvent end = TopicContents.awaitEnd(system.bootstrapServers(), List.of(taskId), END).get(taskId);
    assertThat(end.getStatus().name()).as(end.getMessage()).isEqualTo("DONE");  }

  /** What happened to a task, in order: its events' types and states, without the inputs it ignored as copies. */
  private static List<String> story(List<TaskEvent> events) {
    return events.stream().filter(e -> e.getType() != TaskEventType.INPUT_IGNORED && e.getType() != TaskEventType.STALE_RESULT_IGNORED)
        .map(e -> e.getType() + " " + e.getStatus()).toList();
  }

  /** Submits the demo ticket against a new sample repository; the task joins those {@link NothingLost} checks. */
  private static String submit(String name, String testCommand) throws Exception {
    Path origin = SampleRepository.create(Files.createDirectories(dir.resolve(name)));
    String taskId = new TaskClient(system.plannerUrl()).submit(origin.toUri().toString(), ticket, testCommand);
    tasks.add(taskId);
    return taskId;
  }

  private static void awaitToolRequest(String taskId, ToolName tool) {
    Awaitility.await(tool + " requested").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() ->
        TopicContents.values(system.bootstrapServers(), List.of(Topics.TOOL_REQUESTS), true, taskId, ToolRequest.class).stream()
            .anyMatch(r -> r.getTool() == tool));
  }

  /** The commits on the task's branch of {@code origin} that are not on main. */
  private static List<RevCommit> branchCommits(Path origin, String taskId) throws Exception {
    try (Git git = Git.open(origin.toFile())) {
      Ref branch = git.branchList().call().stream().filter(r -> r.getName().contains(taskId)).findFirst().orElseThrow();
      Ref main = git.getRepository().findRef("main");
      return StreamSupport.stream(git.log().add(branch.getObjectId()).not(main.getObjectId()).call().spliterator(), false).toList();
    }
  }

  private static Map<TopicPartition, Long> auditOffsets() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("agentline-audit").partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, Long> result = new ConcurrentHashMap<>();
      offsets.forEach((p, o) -> {
        if (o != null) result.put(p, o.offset());
      });
      return result;
    }
  }

  /** The partition of the task's records (every agentline topic has the same partition count, keys are task ids). */
  private static int partitionOf(String taskId) {
    return TopicContents.read(system.bootstrapServers(), Topics.TASK_EVENTS, true).stream().filter(r -> taskId.equals(r.key()))
        .findFirst().orElseThrow().partition();
  }

  private static long endOffset(TopicPartition partition) {
    try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
      return consumer.endOffsets(List.of(partition)).get(partition);
    }
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()), new StringSerializer(),
        new ByteArraySerializer());
  }

  /**
   * Delivers every committed record of the task on the input topics a second time, right after the first: the
   * same key, value and headers, as a producer retry or a replay would. A copy is not copied again. Only the
   * task under test runs meanwhile.
   */
  static final class Duplicator implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    Duplicator(List<String> topics, Map<String, Integer> duplicated) {
      var consumer = new KafkaConsumer<String, byte[]>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers(),
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
          ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10), new StringDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> partitions = topics.stream().flatMap(t -> consumer.partitionsFor(t).stream())
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      KafkaProducer<String, byte[]> producer = producer();
      Set<String> seen = new HashSet<>();
      thread = new Thread(() -> {
        try (consumer; producer) {
          while (running.get()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
              if (!seen.add(record.topic() + " " + Arrays.hashCode(record.value()))) continue;
              producer.send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(), record.headers()));
              duplicated.merge(record.topic(), 1, Integer::sum);
            }
          }
        }
      }, "duplicator");
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join();
    }
  }
}
