package dev.agentline.planner.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.agentline.planner.PlannerApplication;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.ConsumerGroups;
import dev.agentline.platform.Headers;
import dev.agentline.platform.LocalKafka;
import dev.agentline.platform.Meta;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.FailureReason;
import dev.agentline.schemas.PullRequest;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.TaskSubmitted;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The connector in the running planner: a real broker, Jira faked by WireMock with realistic payloads. */
class JiraConnectorTest {
  static final String SECRET = "s3cret-webhook";
  static Path dir;
  static LocalKafka kafka;
  static WireMockServer jira;
  static ConfigurableApplicationContext planner;
  static String base;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("planner-jira");
    kafka = LocalKafka.start(dir.resolve("kafka"));
    jira = new WireMockServer(wireMockConfig().dynamicPort());
    jira.start();
    planner = new SpringApplicationBuilder(PlannerApplication.class).run(
        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
        "--server.port=0",
        "--agentline.planner.state-dir=" + dir.resolve("state"),
        "--agentline.planner.partitions=1",
        "--agentline.security.mode=off",
        "--agentline.jira.enabled=true",
        "--agentline.jira.base-url=" + jira.baseUrl(),
        "--agentline.jira.user-email=bot@example.com",
        "--agentline.jira.api-token=api-token-123",
        "--agentline.jira.webhook-secret=" + SECRET,
        "--agentline.jira.poll-interval=1h",
        "--agentline.jira.mapping.fields.acceptanceCriteria=customfield_10050",
        "--agentline.jira.mapping.defaults.testCommand=sh run-tests.sh",
        "--agentline.jira.mapping.repositories.CALC=/repos/calc",
        "--agentline.jira.mapping.fields.requester=reporter",
        "--agentline.jira.mapping.users[jane@example.com]=jdoe",
        "--agentline.jira.transitions.pr-opened=In Review",
        "--agentline.jira.http.initial-backoff=50ms");
    base = "http://localhost:" + ((WebServerApplicationContext) planner).getWebServer().getPort();
  }

  @AfterAll
  static void stop() {
    if (planner != null) planner.close();
    if (jira != null) jira.stop();
    if (kafka != null) kafka.close();
  }

  @Test
  void aCrashedPlannersWriteBacksWaitTenSecondsForAnotherNotFortyFive() {
    // platform's ConsumerGroupsTest shows what the setting does to a crashed member
    assertThat(JiraEventListener.consumerConfig(planner.getBean(JiraProperties.class), planner.getBean(KafkaProperties.class)))
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerGroups.SESSION_TIMEOUT_MS);
  }

  @BeforeEach
  void stubJira() {
    jira.resetAll();
    for (String key : List.of("CALC-7", "CALC-8", "CALC-9", "CALC-17")) {
      jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/" + key)).willReturn(okJson(issue(key, "CALC"))));
    }
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/OPS-3")).willReturn(okJson(issue("OPS-3", "OPS"))));
    jira.stubFor(post(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"10100\"}")));
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/CALC-7/transitions")).willReturn(okJson("""
        {"expand": "transitions", "transitions": [{"id": "21", "name": "In Progress"}, {"id": "31", "name": "In Review"}]}""")));
  }

  /** The realistic issue, as another key (and project). */
  static String issue(String key, String project) {
    return JiraFixtures.text("issue-CALC-7.json").replace("\"key\": \"CALC-7\"", "\"key\": \"" + key + "\"")
        .replace("\"key\": \"CALC\"", "\"key\": \"" + project + "\"").replace("\"name\": \"core\"", "\"name\": \"" + project.toLowerCase() + "-core\"");
  }

  static String webhook(String key, String... labels) {
    String body = JiraFixtures.text("webhook-issue-updated.json").replace("\"key\": \"CALC-7\"", "\"key\": \"" + key + "\"");
    return labels.length == 0 ? body : body.replace("\"labels\": [\"agentline\", \"backend\"]", "\"labels\": [\"" + String.join("\", \"", labels) + "\"]");
  }

  HttpResponse<String> deliver(String body, String identifier, String signature, String query) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/jira/webhook" + query))
        .header("Content-Type", "application/json").header("X-Atlassian-Webhook-Identifier", identifier)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) request.header("X-Hub-Signature", signature);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> deliverSigned(String body, String identifier) throws Exception {
    return deliver(body, identifier, new WebhookAuth(SECRET).signature(body.getBytes(StandardCharsets.UTF_8)), "");
  }

  @Test
  void aWebhookFiredTwiceBecomesOneTask() throws Exception { // CALC-17: no search page lists it, so the poll test cannot submit it first
    String body = webhook("CALC-17");
    HttpResponse<String> first = deliverSigned(body, "fd3a6b6e-1c5e-4b7e-9f0a-000000000007");
    HttpResponse<String> replay = deliverSigned(body, "fd3a6b6e-1c5e-4b7e-9f0a-000000000007");
    HttpResponse<String> laterUpdate = deliver(body, "fd3a6b6e-1c5e-4b7e-9f0a-000000000008", null, "?secret=" + SECRET);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(first.body()).contains("\"result\":\"submitted\"", "\"taskId\":\"jira-CALC-17\"");
    assertThat(replay.body()).contains("\"result\":\"duplicate\"");
    assertThat(laterUpdate.statusCode()).isEqualTo(200);
    assertThat(laterUpdate.body()).contains("\"result\":\"already_submitted\"");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/tasks/jira-CALC-17")).build(),
        HttpResponse.BodyHandlers.ofString()).body()).contains("\"title\":\"add() subtracts instead of adding\"", "\"branch\":\"agentline/CALC-17-"));
    List<TaskSubmitted> submitted = submissions("jira-CALC-17");
    assertThat(submitted).hasSize(1);
    assertThat(submitted.get(0).getSource()).isEqualTo("jira");
    assertThat(submitted.get(0).getTicketKey()).isEqualTo("CALC-17");
    assertThat(submitted.get(0).getRepository()).isEqualTo("/repos/calc");
    assertThat(submitted.get(0).getAcceptanceCriteria()).containsExactly("add(2, 3) returns 5", "CalculatorTest passes");
    assertThat(submitted.get(0).getRequester()).as("the reporter, by agentline.jira.mapping.users").isEqualTo("jdoe");
    assertThat(submitted.get(0).getDescription()).contains("Reported by @Jane Doe", "1. Call `add(2, 3)`", "```java");
    jira.verify(1, getRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-17")));
  }

  @Test
  void aWrongSecretIsUnauthorizedAndNothingIsFetched() throws Exception {
    String body = webhook("CALC-8");
    HttpResponse<String> signedWrong = deliver(body, "id-wrong-1", new WebhookAuth("guess").signature(body.getBytes(StandardCharsets.UTF_8)), "");
    HttpResponse<String> queryWrong = deliver(body, "id-wrong-2", null, "?secret=guess");
    HttpResponse<String> none = deliver(body, "id-wrong-3", null, "");

    assertThat(List.of(signedWrong.statusCode(), queryWrong.statusCode(), none.statusCode())).containsOnly(401);
    assertThat(none.body()).contains("agentline.jira.webhook-secret");
    assertThat(jira.getAllServeEvents()).isEmpty();
  }

  @Test
  void anIssueWithoutTheLabelIsIgnored() throws Exception {
    HttpResponse<String> response = deliverSigned(webhook("CALC-9", "backend"), "id-unlabelled");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"result\":\"ignored\"", "does not carry the label agentline");
    assertThat(jira.getAllServeEvents()).isEmpty();
  }

  @Test
  void anIssueMissingARequiredValueGetsOneCommentAndNoTask() throws Exception {
    HttpResponse<String> first = deliverSigned(webhook("OPS-3"), "id-ops-1");
    HttpResponse<String> second = deliverSigned(webhook("OPS-3"), "id-ops-2");

    assertThat(first.body()).contains("\"result\":\"incomplete\"", "repository: no agentline.jira.mapping.repositories entry for project OPS");
    assertThat(second.body()).contains("\"result\":\"incomplete\"");
    List<LoggedRequest> comments = jira.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/OPS-3/comment")));
    assertThat(comments).hasSize(1);
    assertThat(comments.get(0).getBodyAsString()).contains("\"type\":\"doc\"", "agentline cannot work on this issue yet",
        "repository: no agentline.jira.mapping.repositories entry for project OPS or its components [ops-core]");
    assertThat(submissions("jira-OPS-3")).isEmpty();
  }

  @Test
  void aDeliveryJiraCannotServeIsAnswered503AndItsRetryIsHandled() throws Exception {
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/CALC-21")).inScenario("down").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
        .willReturn(aResponse().withStatus(503)));
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/CALC-404")).willReturn(aResponse().withStatus(404)
        .withBody("{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"],\"errors\":{}}")));

    HttpResponse<String> down = deliverSigned(webhook("CALC-21"), "id-down");
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/CALC-21")).inScenario("down").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
        .willReturn(okJson(issue("CALC-21", "CALC"))));
    HttpResponse<String> retried = deliverSigned(webhook("CALC-21"), "id-down");
    HttpResponse<String> gone = deliverSigned(webhook("CALC-404"), "id-gone");

    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("Jira answered 503 to GET /rest/api/3/issue/CALC-21 5 times");
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
    assertThat(submissions("jira-CALC-21")).hasSize(1);
    assertThat(gone.statusCode()).isEqualTo(200);
    assertThat(gone.body()).contains("\"result\":\"failed\"", "Issue does not exist");
  }

  @Test
  void aPollWalksEverySearchPageAndSubmitsEachIssueOnce() {
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql")).withQueryParam("nextPageToken", com.github.tomakehurst.wiremock.client.WireMock.absent())
        .willReturn(okJson(JiraFixtures.text("search-page-1.json"))));
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql")).withQueryParam("nextPageToken", com.github.tomakehurst.wiremock.client.WireMock.equalTo("CAEaAggD"))
        .willReturn(okJson(JiraFixtures.text("search-page-2.json"))));
    JiraPoller poller = planner.getBean(JiraPoller.class);

    poller.pollOnce();
    int again = poller.pollOnce();

    assertThat(again).isZero();
    jira.verify(4, getRequestedFor(urlPathEqualTo("/rest/api/3/search/jql")));
    jira.verify(1, getRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-8")));
    jira.verify(1, getRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-9")));
    for (String task : List.of("jira-CALC-7", "jira-CALC-8", "jira-CALC-9")) {
      assertThat(submissions(task)).as(task).hasSizeLessThanOrEqualTo(1);
    }
    assertThat(submissions("jira-CALC-8")).hasSize(1);
    assertThat(submissions("jira-CALC-9")).hasSize(1);
  }

  @Test
  void taskEventsAreWrittenBackAsCommentsAndATransitionOnce() throws Exception {
    TaskEvent awaiting = event("jira-CALC-7", TaskEventType.APPROVAL_REQUESTED, TaskStatus.AWAITING_APPROVAL,
        "plan v1 needs approval (always); expires 2026-11-27T10:00:00Z");
    TaskEvent opened = event("jira-CALC-7", TaskEventType.PR_OPENED, TaskStatus.PR_OPENED, "branch agentline/CALC-7-add pushed at abc1234");
    opened.setPullRequest(PullRequest.newBuilder().setBranch("agentline/CALC-7-add").setTitle("add() subtracts").setBody("summary")
        .setUrl("https://git.example.com/calc/pull/12").build());
    TaskEvent failed = event("jira-CALC-8", TaskEventType.STATE_CHANGED, TaskStatus.FAILED, "tests still fail after 2 attempts (max-attempts-per-step)");
    failed.setReason(FailureReason.ATTEMPT_LIMIT);
    TaskEvent other = event("t-0000abcd", TaskEventType.APPROVAL_REQUESTED, TaskStatus.AWAITING_APPROVAL, "plan v1 needs approval");
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (TaskEvent event : List.of(awaiting, awaiting, other, opened, failed)) {
        producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, event.getMeta().getTaskId(), AvroCodec.get().encode(event))).get();
      }
      producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, "jira-CALC-7", "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8))).get();
    }

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(jira.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-7/comment")))).hasSize(2);
      assertThat(jira.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-8/comment")))).hasSize(1);
      assertThat(jira.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-7/transitions")))).hasSize(1);
    });
    List<String> calc7 = jira.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-7/comment"))).stream().map(LoggedRequest::getBodyAsString).toList();
    assertThat(calc7.get(0)).contains("\"type\":\"doc\"", "awaits approval", "plan v1 needs approval",
        "{\"type\":\"link\",\"attrs\":{\"href\":\"http://localhost:8084/console/#/tasks/jira-CALC-7\"}}");
    assertThat(calc7.get(1)).contains("agentline opened a pull request: ", "{\"type\":\"link\",\"attrs\":{\"href\":\"https://git.example.com/calc/pull/12\"}}");
    assertThat(jira.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-8/comment"))).get(0).getBodyAsString())
        .contains("could not finish this issue (ATTEMPT_LIMIT): tests still fail after 2 attempts");
    jira.verify(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-7/transitions")).withRequestBody(equalToJson("{\"transition\":{\"id\":\"31\"}}")));
    jira.verify(0, postRequestedFor(urlPathEqualTo("/rest/api/3/issue/t-0000abcd/comment")));
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      List<ConsumerRecord<String, byte[]>> dead = readAll(Topics.dlt(Topics.TASK_EVENTS)).stream()
          .filter(r -> "jira-writeback".equals(Headers.text(r.headers(), Headers.DLT_CONSUMER))).toList();
      assertThat(dead).singleElement().satisfies(r -> {
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"not\": \"avro\"}");
        assertThat(Headers.text(r.headers(), Headers.DLT_REASON)).contains("not Avro");
      });
    });
  }

  static TaskEvent event(String taskId, TaskEventType type, TaskStatus status, String message) {
    return TaskEvent.newBuilder().setMeta(Meta.of(taskId, null, "planner")).setType(type).setStatus(status).setMessage(message).build();
  }

  static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
  }

  static List<TaskSubmitted> submissions(String taskId) {
    List<TaskSubmitted> found = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : readAll(Topics.TASKS)) {
      if (taskId.equals(record.key())) found.add(AvroCodec.get().decode(record.value(), TaskSubmitted.class));
    }
    return found;
  }

  /** Everything on the topic now (reads until the end offsets). */
  static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "jira-test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      var partitions = consumer.partitionsFor(topic).stream().map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  @Test
  void anOversizedOrDeeplyNestedOrNonUtf8DeliveryIsRefusedBeforeItIsRead() throws Exception {
    HttpResponse<String> huge = deliverSigned(webhook("CALC-30").replace("\"key\"", "\"padding\": \"" + "x".repeat(1_100_000) + "\", \"key\""), "id-huge");
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(huge.body()).contains("agentline.planner.api.max-body-bytes");
    HttpResponse<String> deep = deliverSigned("{\"webhookEvent\": " + "[".repeat(50_000) + "]".repeat(50_000) + "}", "id-deep");
    assertThat(deep.statusCode()).isEqualTo(400);
    assertThat(deep.body()).contains("more than 32 deep");
    HttpResponse<String> latin1 = http.send(HttpRequest.newBuilder(URI.create(base + "/api/jira/webhook?secret=" + SECRET))
        .header("Content-Type", "application/json").header("X-Atlassian-Webhook-Identifier", "id-latin1")
        .POST(HttpRequest.BodyPublishers.ofByteArray("{\"webhookEvent\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(latin1.statusCode()).isEqualTo(400);
    assertThat(latin1.body()).contains("not valid UTF-8");
  }
}
