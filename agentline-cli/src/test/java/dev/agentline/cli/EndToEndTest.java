package dev.agentline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentline.platform.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The whole system in one process: real broker, real PostgreSQL, real git, the four services. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static Path dir;
  static EmbeddedSystem system;
  static final HttpClient http = HttpClient.newHttpClient();
  static final ByteArrayOutputStream output = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("agentline-e2e");
    Path cassette = dir.resolve("cassette.yaml");
    try (var in = EndToEndTest.class.getResourceAsStream("/e2e-cassette.yaml")) {
      Files.copy(in, cassette);
    }
    system = EmbeddedSystem.start(new EmbeddedSystem.Settings(dir.resolve("system"), cassette, 2, 0, 0, false, Map.of("planner", List.of(
        "--agentline.planner.gates.plan-approval=risky", "--agentline.planner.gates.risky-labels=needs-approval"))), m -> {});
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
  }

  /** Runs the ticket against the sample repository {@code name}, creating it on first use. */
  static TaskRun.Outcome runTicket(String name, TicketFile ticket) throws Exception {
    Path origin = dir.resolve(name).resolve("calculator-origin.git");
    if (!Files.exists(origin)) SampleRepository.create(Files.createDirectories(dir.resolve(name)));
    PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    return new TaskRun(system, out, false).run(origin.toUri().toString(), ticket, "sh run-tests.sh", "Calculator", Duration.ofMinutes(4), System.nanoTime());
  }

  static TicketFile demoTicket() {
    return new TicketFile("Calculator.add subtracts instead of adding", "Calculator.add(2, 3) returns -1. It must return the sum of its two arguments.",
        List.of("CalculatorTest passes"), "sh run-tests.sh", "main");
  }

  @Test
  @Order(1)
  void theDemoTicketEndsDoneWithAPushedGreenBranchAndAFullAuditTrail() throws Exception {
    TaskRun.Outcome outcome = runTicket("demo", demoTicket());

    assertThat(outcome.status()).as(output.toString(StandardCharsets.UTF_8)).isEqualTo("DONE");
    JsonNode task = outcome.task();
    String branch = task.path("branch").asText();
    assertThat(branch).isEqualTo("agentline/" + outcome.taskId() + "-calculator-add-subtracts-instead-of");
    assertThat(task.path("plan").path("steps")).hasSize(2);
    assertThat(task.path("pullRequest").path("body").asText()).contains("## Summary", "s1", "s2");
    assertThat(task.path("finalTests").path("passed").asBoolean()).isTrue();
    assertThat(task.path("review").path("verdict").asText()).isEqualTo("APPROVE");
    assertThat(task.path("pullRequest").path("body").asText()).contains("## Review", "Approved: Correct and covered by a test.", "## Cost");
    JsonNode spend = task.path("spend");
    assertThat(spend.path("byRole").findValuesAsText("role")).containsExactlyInAnyOrder("analysis", "manager", "code-edit", "test-writer", "review");
    assertThat(spend.path("manager").path("tokens").asLong()).isPositive();
    assertThat(spend.path("workers").path("tokens").asLong()).isPositive();
    assertThat(spend.path("total").path("tokens").asLong())
        .isEqualTo(spend.path("manager").path("tokens").asLong() + spend.path("workers").path("tokens").asLong());

    // The branch on the origin holds the fix, and the test that fails on main passes there.
    Path checkout = dir.resolve("verify");
    try (Git git = Git.cloneRepository().setURI(dir.resolve("demo/calculator-origin.git").toUri().toString())
        .setDirectory(checkout.toFile()).call()) {
      assertThat(sh(checkout, "sh run-tests.sh")).as("tests at the base commit").isEqualTo(1);
      git.checkout().setCreateBranch(true).setName(branch).setStartPoint("origin/" + branch).call();
      assertThat(Files.readString(checkout.resolve("src/main/java/demo/Calculator.java"))).contains("return a + b;");
      assertThat(Files.readString(checkout.resolve("src/test/java/demo/CalculatorTest.java"))).contains("add(-2, -3)");
      assertThat(sh(checkout, "sh run-tests.sh")).as("tests on the task branch").isZero();
    }

    // A command for a task that has ended is refused at once, with the reason.
    HttpResponse<String> late = http.send(HttpRequest.newBuilder(URI.create(system.plannerUrl() + "/api/tasks/" + outcome.taskId() + "/cancel?actor=e2e"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(late.body()).contains("has already ended: DONE");

    // Every record on every topic reaches the audit store, exactly once; so do the planner's task states (its changelog).
    List<String> topics = List.of(Topics.TASKS, Topics.STEP_RESULTS, Topics.TOOL_REQUESTS, Topics.TOOL_RESULTS,
        Topics.TASK_EVENTS, Topics.MODEL_CALLS, Topics.ANALYSIS_CACHE, "agentline.steps.manager", "agentline.steps.code-edit",
        "agentline.steps.test-writer", "agentline.steps.analysis", "agentline.steps.review", "agentline-planner-task-state-changelog");
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      JsonNode counts = getJson(system.auditUrl() + "/api/audit/topics");
      Map<String, Long> audited = topicCounts(counts);
      for (String topic : topics) {
        assertThat(audited.getOrDefault(topic, 0L)).as("audit rows of " + topic).isPositive().isEqualTo(countRecords(topic));
      }
    });

    // Full-text search finds the prompt that carried the ticket to the manager (indexed behind ingest).
    String q = URLEncoder.encode("\"sum of its two arguments\"", StandardCharsets.UTF_8);
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
        getJson(system.auditUrl() + "/api/audit/search?q=" + q + "&taskId=" + outcome.taskId()).toString())
        .contains("ModelCall", outcome.taskId()));

    JsonNode timeline = getJson(system.auditUrl() + "/api/tasks/" + outcome.taskId() + "/timeline");
    assertThat(timeline.toString()).contains("PR_OPENED", "TaskSubmitted", "ModelCall");
  }

  @Test
  @Order(2)
  void anEditThatBreaksTheBuildFailsTheTaskWithTheReason() throws Exception {
    TicketFile ticket = new TicketFile("Break the build on purpose", "A ticket whose scripted edit does not compile.", List.of(), "sh run-tests.sh", "main");
    long started = System.nanoTime();

    TaskRun.Outcome outcome = runTicket("broken", ticket);

    assertThat(outcome.status()).as(output.toString(StandardCharsets.UTF_8)).isEqualTo("FAILED");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(3));
    // the same broken patch twice is a loop: the manager revises the plan once, the loop repeats, the task fails
    String reason = outcome.task().path("failureReason").asText();
    assertThat(outcome.task().path("failureCode").asText()).isEqualTo("LOOP_DETECTED");
    assertThat(reason).contains("step s1 is going round in circles: the same patch was produced 2 times", "already revised once");
    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.TASK_FAILED);
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(getJson(system.auditUrl() + "/api/tasks/" + outcome.taskId() + "/timeline").toString())
            .contains("STEP_RETRIED", "TESTS_FAILED", "LOOP_DETECTED", "PLAN_REVISED", reason.substring(0, 40)));
  }

  @Test
  @Order(3)
  void aRecordThatIsNotAvroIsDeadLetteredAndTheSystemKeepsWorking() throws Exception {
    try (var producer = new KafkaProducer<String, byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.TOOL_REQUESTS, "t-garbage", "not avro".getBytes(StandardCharsets.UTF_8))).get();
      producer.send(new ProducerRecord<>(Topics.TASKS, "t-garbage", "{\"title\": 1}".getBytes(StandardCharsets.UTF_8))).get();
    }
    Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(countRecords(Topics.dlt(Topics.TOOL_REQUESTS))).isPositive();
      assertThat(countRecords(Topics.dlt(Topics.TASKS))).isPositive();
    });
    // the same repository at the same commit: the demo task's analysis is reused
    TaskRun.Outcome outcome = runTicket("demo", demoTicket());
    assertThat(outcome.status()).isEqualTo("DONE");
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(getJson(system.auditUrl() + "/api/tasks/" + outcome.taskId() + "/timeline").toString()).contains("ANALYSIS_REUSED"));
    assertThat(outcome.task().path("spend").path("byRole").findValuesAsText("role")).doesNotContain("analysis");
  }

  @Test
  @Order(4)
  void aTaskWhoseBudgetCannotCoverTheNextCallEndsBudgetExhausted() throws Exception {
    TicketFile ticket = new TicketFile("Fix add on a shoestring", "Calculator.add returns a - b.", List.of(), "sh run-tests.sh", "main", 2000L, null);
    TaskRun.Outcome outcome = runTicket("budget", ticket);
    assertThat(outcome.status()).isEqualTo("BUDGET_EXHAUSTED");
    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.TASK_FAILED);
    assertThat(outcome.task().path("failureReason").asText()).startsWith("budget exhausted: spent 0 of 2000 tokens")
        .contains("the next call (analysis analyze analysis)");
  }

  @Test
  @Order(5)
  void aRiskyPlanWaitsForAnotherPersonsApprovalThenRuns() throws Exception {
    Path origin = SampleRepository.create(Files.createDirectories(dir.resolve("gated")));
    String body = JSON.writeValueAsString(Map.of("repository", origin.toUri().toString(), "title", "Calculator.add subtracts instead of adding",
        "description", "It must return the sum of its two arguments.", "testCommand", "sh run-tests.sh", "requester", "rita",
        "labels", List.of("needs-approval")));
    HttpResponse<String> submitted = post("/api/tasks", body);
    assertThat(submitted.statusCode()).isEqualTo(202);
    String taskId = JSON.readTree(submitted.body()).path("taskId").asText();
    String commands = "/api/tasks/" + taskId + "/commands";

    Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(getJson(system.plannerUrl() + "/api/tasks/" + taskId).path("awaiting").path("what").asText()).isEqualTo("plan"));
    HttpResponse<String> self = post(commands, "{\"type\": \"approve-plan\", \"actor\": \"rita\"}");
    assertThat(self.statusCode()).as(self.body()).isEqualTo(403);
    HttpResponse<String> typo = post(commands, "{\"type\": \"aprove\", \"actor\": \"sam\"}");
    assertThat(typo.statusCode()).isEqualTo(400);
    assertThat(typo.body()).contains("\"field\":\"type\"");
    HttpResponse<String> approved = post(commands, "{\"type\": \"approve-plan\", \"actor\": \"sam\", \"comment\": \"small and safe\"}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);

    Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
        assertThat(getJson(system.plannerUrl() + "/api/tasks/" + taskId).path("status").asText()).isEqualTo("DONE"));
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      String timeline = getJson(system.auditUrl() + "/api/tasks/" + taskId + "/timeline").toString();
      assertThat(timeline).contains("APPROVAL_REQUESTED", "PLAN_APPROVED", "approved by sam", "TaskCommand");
      assertThat(countRecords(Topics.COMMANDS)).isPositive();
    });
  }

  static HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(system.plannerUrl() + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static int sh(Path dir, String command) throws Exception {
    Process process = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  static JsonNode getJson(String url) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + " -> " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Accepts either {"topic": count, ...} or [{"topic": ..., "count": ...}, ...]. */
  static Map<String, Long> topicCounts(JsonNode counts) {
    Map<String, Long> result = new HashMap<>();
    if (counts.isArray()) {
      for (JsonNode row : counts) result.put(row.path("topic").asText(), row.path("count").asLong());
    } else {
      counts.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asLong()));
    }
    return result;
  }

  /** Committed records on a topic, read from the beginning. */
  static long countRecords(String topic) {
    try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long count = 0;
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        count += consumer.poll(Duration.ofMillis(200)).count();
      }
      return count;
    }
  }
}
