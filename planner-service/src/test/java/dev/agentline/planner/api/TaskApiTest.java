package dev.agentline.planner.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentline.planner.PlannerApplication;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Headers;
import dev.agentline.platform.LocalKafka;
import dev.agentline.platform.Topics;
import dev.agentline.platform.TraceContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import dev.agentline.schemas.TaskSubmitted;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The REST intake and task view against a real broker and the running planner. */
class TaskApiTest {
  static Path dir;
  static LocalKafka kafka;
  static ConfigurableApplicationContext planner;
  static String base;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("planner-api");
    kafka = LocalKafka.start(dir.resolve("kafka"));
    planner = new SpringApplicationBuilder(PlannerApplication.class).run(
        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
        "--server.port=0",
        "--agentline.planner.state-dir=" + dir.resolve("state"),
        "--agentline.planner.partitions=1",
        "--agentline.security.mode=off");
    int port = ((WebServerApplicationContext) planner).getWebServer().getPort();
    base = "http://localhost:" + port;
  }

  @AfterAll
  static void stop() {
    if (planner != null) planner.close();
    if (kafka != null) kafka.close();
  }

  HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aMissingFieldIsABadRequestNamingTheField() throws Exception {
    HttpResponse<String> response = post("/api/tasks", """
        {"repository": "/repos/calc", "title": "Fix add", "description": "add subtracts"}""");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
    assertThat(response.body()).contains("\"field\":\"testCommand\"").contains("must say how to run the repository's tests");
  }

  @Test
  void aNegativeBudgetIsABadRequestNamingTheField() throws Exception {
    HttpResponse<String> response = post("/api/tasks", """
        {"repository": "/repos/calc", "title": "Fix add", "testCommand": "sh run-tests.sh", "budget": {"maxTokens": -5}}""");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"budget.maxTokens\"", "must be a positive number of tokens");
  }

  @Test
  void aTicketKeyThatCannotNameABranchIsABadRequest() throws Exception {
    HttpResponse<String> response = post("/api/tasks", """
        {"repository": "/repos/calc", "title": "Fix add", "testCommand": "sh run-tests.sh", "ticketKey": "../main"}""");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"ticketKey\"", "must be a ticket key such as PROJ-123");
  }

  @Test
  void theTicketKeyAndTitleNameTheTaskBranch() throws Exception {
    HttpResponse<String> response = post("/api/tasks", """
        {"repository": "/repos/calc", "title": "Fix add", "testCommand": "sh run-tests.sh", "ticketKey": "CALC-7"}""");
    assertThat(response.statusCode()).isEqualTo(202);
    String location = response.headers().firstValue("Location").orElseThrow();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(get(location).body()).contains("\"branch\":\"agentline/CALC-7-fix-add\""));
  }

  @Test
  void anUnknownWorkTypeAndABlankConstraintAreBadRequestsNamingEachField() throws Exception {
    HttpResponse<String> response = post("/api/tasks", """
        {"repository": "/repos/calc", "title": "Fix add", "testCommand": "sh run-tests.sh", "workType": "hotfix",
         "constraints": ["no new dependencies", " "], "interfaces": [""]}""");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"workType\"",
        "must be one of feature, bugfix, refactor, migration, add-endpoint, add-field", "\"field\":\"constraints[1]\"",
        "\"field\":\"interfaces[0]\"");
  }

  @Test
  void aMisspeltFieldIsABadRequestNamingItAndTheKnownOnes() throws Exception {
    HttpResponse<String> response = post("/api/tasks", """
        {"repository": "/repos/calc", "title": "Fix add", "testCommand": "sh run-tests.sh", "acceptanceCriterias": ["x"]}""");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"acceptanceCriterias\"", "is not a known field", "acceptanceCriteria, baseBranch");
    HttpResponse<String> nested = post("/api/tasks", """
        {"repository": "/repos/calc", "title": "Fix add", "testCommand": "sh run-tests.sh", "budget": {"maxCost": 1}}""");
    assertThat(nested.body()).contains("\"field\":\"budget.maxCost\"", "(known: maxCostUsd, maxTokens)");
  }

  @Test
  void aWholeSpecIsAccepted() throws Exception {
    HttpResponse<String> response = post("/api/tasks", """
        {"repository": "/repos/calc", "title": "Fix add", "testCommand": "sh run-tests.sh", "workType": "BugFix",
         "goal": "add returns the sum", "constraints": ["no new dependencies"], "interfaces": ["Calculator.add(int, int)"],
         "acceptanceCriteria": ["CalculatorTest passes"], "labels": ["agentline"], "budget": {"maxCostUsd": 1.0}}""");
    assertThat(response.statusCode()).isEqualTo(202);
  }

  @Test
  void malformedJsonIsABadRequest() throws Exception {
    HttpResponse<String> response = post("/api/tasks", "{\"repository\": ");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"body\"");
  }

  @Test
  void aSubmittedTicketBecomesAVisibleTask() throws Exception {
    HttpResponse<String> response = post("/api/tasks", """
        {"repository": "/repos/calc", "title": "Fix add", "description": "add subtracts",
         "acceptanceCriteria": ["CalculatorTest passes"], "testCommand": "sh run-tests.sh", "budget": {"maxCostUsd": 0.5}}""");
    assertThat(response.statusCode()).isEqualTo(202);
    String location = response.headers().firstValue("Location").orElseThrow();
    assertThat(location).matches("/api/tasks/t-[0-9a-f]{8}");

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      HttpResponse<String> task = get(location);
      assertThat(task.statusCode()).isEqualTo(200);
      assertThat(task.body()).contains("\"status\":\"RECEIVED\"", "\"title\":\"Fix add\"", "\"branch\":\"agentline/t-", "\"maxCostUsd\":0.5");
    });
  }

  @Test
  void aTicketSentWithATraceparentStartsItsTasksTraceAndACommandJoinsIt() throws Exception {
    String trace = "0af7651916cd43dd8448eb211c80319c";
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/tasks")).header("Content-Type", "application/json")
        .header("traceparent", "00-" + trace + "-b7ad6b7169203331-01")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"repository": "/repos/calc", "title": "Fix add", "testCommand": "sh run-tests.sh"}""")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(202);
    String location = response.headers().firstValue("Location").orElseThrow();
    String taskId = location.substring(location.lastIndexOf('/') + 1);
    assertThat(traceparentOn(Topics.TASKS, taskId)).startsWith("00-" + trace + "-").doesNotContain("b7ad6b7169203331");

    await().atMost(Duration.ofSeconds(60)).until(() -> get(location).body().contains("\"status\":\"RECEIVED\""));
    HttpResponse<String> cancel = http.send(HttpRequest.newBuilder(URI.create(base + location + "/cancel?actor=ops"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
    assertThat(traceparentOn(Topics.COMMANDS, taskId)).as("the command joins the task's trace").startsWith("00-" + trace + "-");
  }

  @Test
  void aPersonTakesATaskOverThenOnlyAHandbackApplies() throws Exception {
    HttpResponse<String> response = post("/api/tasks", """
        {"repository": "/repos/calc", "title": "Fix add", "testCommand": "sh run-tests.sh", "requester": "rita"}""");
    assertThat(response.statusCode()).isEqualTo(202);
    String location = response.headers().firstValue("Location").orElseThrow();
    await().atMost(Duration.ofSeconds(60)).until(() -> get(location).body().contains("\"status\":\"RECEIVED\""));

    HttpResponse<String> early = post(location + "/commands", """
        {"type": "handback", "actor": "lee"}""");
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(early.body()).contains("not taken over");

    HttpResponse<String> takeover = post(location + "/commands", """
        {"type": "takeover", "actor": "lee", "comment": "I know this code"}""");
    assertThat(takeover.statusCode()).as(takeover.body()).isEqualTo(202);
    assertThat(takeover.body()).contains("\"command\":\"TAKEOVER\"");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(get(location).body()).contains("\"status\":\"TAKEN_OVER\"", "\"takenOverBy\":\"lee\""));

    HttpResponse<String> twice = post(location + "/commands", """
        {"type": "takeover", "actor": "maya"}""");
    assertThat(twice.statusCode()).isEqualTo(409);
    assertThat(twice.body()).contains("already taken over by lee");
    HttpResponse<String> unknown = post(location + "/commands", """
        {"type": "take-over", "actor": "maya"}""");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("takeover, handback");
  }

  /** The traceparent of the first record of the task on the topic. */
  static String traceparentOn(String topic, String taskId) {
    return Headers.text(recordOn(topic, taskId).headers(), TraceContext.TRACEPARENT);
  }

  /** The first record of {@code taskId} on {@code topic}. */
  static ConsumerRecord<String, byte[]> recordOn(String topic, String taskId) {
    try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "read-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      return await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          if (taskId.equals(record.key())) return record;
        }
        return null;
      }, record -> record != null);
    }
  }

  @Test
  void secretsInTheTicketsTextAreRedactedBeforeItIsWrittenAndItsCommandsKept() throws Exception {
    HttpResponse<String> response = post("/api/tasks", """
        {"repository": "/repos/calc", "title": "Rotate ghp_16C7e42F292c6912E7710c838347Ae178B4a",
         "description": "The CI key AKIAIOSFODNN7EXAMPLE leaked; use https://ci:Tr0ub4dor@ci.example.com to check.",
         "acceptanceCriteria": ["no password=hunter22 in the logs"], "goal": "the key AKIAIOSFODNN7EXAMPLE is unused",
         "testCommand": "DB_PASSWORD=test-only sh run-tests.sh"}""");
    assertThat(response.statusCode()).isEqualTo(202);
    String location = response.headers().firstValue("Location").orElseThrow();

    TaskSubmitted ticket = AvroCodec.get().decode(recordOn(Topics.TASKS, location.substring(location.lastIndexOf('/') + 1)).value(),
        TaskSubmitted.class);

    assertThat(ticket.getTitle()).isEqualTo("Rotate [REDACTED:github-token]");
    assertThat(ticket.getDescription())
        .isEqualTo("The CI key [REDACTED:aws-access-key] leaked; use https://ci:***@ci.example.com to check.");
    assertThat(ticket.getAcceptanceCriteria()).containsExactly("no password=[REDACTED:secret-assignment] in the logs");
    assertThat(ticket.getGoal()).isEqualTo("the key [REDACTED:aws-access-key] is unused");
    assertThat(ticket.getTestCommand()).as("a command must still run").isEqualTo("DB_PASSWORD=test-only sh run-tests.sh");
  }

  @Test
  void anUnknownTaskIsNotFound() throws Exception {
    await().atMost(Duration.ofSeconds(60)).until(() -> get("/api/tasks/t-nothing").statusCode() != 503);
    HttpResponse<String> response = get("/api/tasks/t-nothing");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("no task t-nothing");
  }

  HttpResponse<String> postBytes(String path, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anOversizedTicketFieldIsABadRequestNamingTheField() throws Exception {
    HttpResponse<String> response = post("/api/tasks", """
        {"repository": "/repos/calc", "title": "Fix add", "testCommand": "sh run-tests.sh", "description": "%s",
         "acceptanceCriteria": ["%s"]}""".formatted("d".repeat(20_001), "c".repeat(2_001)));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"description\"", "\"field\":\"acceptanceCriteria[0]\"", "size must be between 0 and 20000");
  }

  @Test
  void aBodyOverTheCapIsRefusedWith413BeforeItIsParsed() throws Exception {
    String huge = "{\"repository\": \"/repos/calc\", \"title\": \"Fix add\", \"description\": \"" + "x".repeat(1_100_000) + "\"}";
    HttpResponse<String> response = post("/api/tasks", huge);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("\"field\":\"body\"", "at most 1048576 are accepted (agentline.planner.api.max-body-bytes)");
  }

  @Test
  void deeplyNestedJsonIsABadRequestNotAServerError() throws Exception {
    String nested = "{\"repository\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    HttpResponse<String> response = post("/api/tasks", nested);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"body\"", "more than 32 deep", "agentline.planner.api.max-nesting-depth");
    // a command body too
    HttpResponse<String> command = post("/api/tasks/t-1/commands", "[".repeat(40) + "]".repeat(40));
    assertThat(command.statusCode()).isEqualTo(400);
  }

  @Test
  void invalidUtf8InTheBodyIsABadRequestSayingWhere() throws Exception {
    byte[] prefix = "{\"repository\": \"/repos/calc\", \"title\": \"Fix ".getBytes(StandardCharsets.UTF_8);
    byte[] suffix = "\", \"testCommand\": \"sh run-tests.sh\"}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[prefix.length + 2 + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    body[prefix.length] = (byte) 0xC3; // a lead byte followed by one that cannot continue it
    body[prefix.length + 1] = (byte) 0x28;
    System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);
    HttpResponse<String> response = postBytes("/api/tasks", body);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"body\"", "not valid UTF-8", "at byte " + prefix.length);
  }
}
