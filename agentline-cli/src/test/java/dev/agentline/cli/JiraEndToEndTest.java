package dev.agentline.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 8's "done when", through the whole system with the replay models and WireMock as Jira Cloud: a labelled issue
 * becomes one task however often the webhook fires, its plan-approval comment (with the console link) and its pull-request
 * comment appear on the issue, and the issue moves to "In Review".
 */
class JiraEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient http = HttpClient.newHttpClient();
  static Path dir;
  static WireMockServer jira;
  static EmbeddedSystem system;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("agentline-jira-e2e");
    Path origin = SampleRepository.create(Files.createDirectories(dir.resolve("calc")));
    Path cassette = dir.resolve("cassette.yaml");
    try (var in = JiraEndToEndTest.class.getResourceAsStream("/e2e-cassette.yaml")) {
      Files.copy(in, cassette);
    }
    jira = new WireMockServer(wireMockConfig().dynamicPort());
    jira.start();
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/CALC-7")).willReturn(okJson(ISSUE)));
    jira.stubFor(post(urlPathEqualTo("/rest/api/3/issue/CALC-7/comment")).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody("{\"id\": \"10100\"}")));
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/issue/CALC-7/transitions")).willReturn(okJson("""
        {"expand": "transitions", "transitions": [{"id": "21", "name": "In Progress"}, {"id": "31", "name": "In Review"}, {"id": "41", "name": "Done"}]}""")));
    jira.stubFor(post(urlPathEqualTo("/rest/api/3/issue/CALC-7/transitions")).willReturn(aResponse().withStatus(204)));
    system = EmbeddedSystem.start(new EmbeddedSystem.Settings(dir.resolve("system"), cassette, 2, 0, 0, false, Map.of("planner", List.of(
        "--agentline.planner.gates.plan-approval=risky", "--agentline.planner.gates.risky-labels=agentline",
        "--agentline.jira.enabled=true", "--agentline.jira.base-url=" + jira.baseUrl(), "--agentline.jira.user-email=bot@example.com",
        "--agentline.jira.api-token=token", "--agentline.jira.webhook-secret=e2e-secret",
        "--agentline.jira.mapping.repositories.CALC=" + origin.toUri(), "--agentline.jira.mapping.defaults.testCommand=sh run-tests.sh",
        "--agentline.jira.mapping.fields.acceptanceCriteria=customfield_10050", "--agentline.jira.transitions.pr-opened=In Review"))), m -> {});
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
    if (jira != null) jira.stop();
  }

  @Test
  void aLabelledIssueBecomesOneTaskAndItsApprovalAndPullRequestAreCommentedOnTheIssue() throws Exception {
    for (String delivery : List.of("d-1", "d-1", "d-2", "d-3")) {
      HttpResponse<String> answer = send("/api/jira/webhook?secret=e2e-secret", WEBHOOK, delivery);
      assertThat(answer.statusCode()).as(answer.body()).isIn(200, 202);
    }
    String task = "/api/tasks/jira-CALC-7";
    Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
        assertThat(getJson(task).path("awaiting").path("what").asText()).isEqualTo("plan"));
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(comments()).hasSize(1));
    assertThat(comments().get(0)).contains("awaits approval", "/console/#/tasks/jira-CALC-7");

    // an engineer follows and approves it from the CLI, a process of its own
    String planner = system.plannerUrl();
    CliProcess.Result gate = CliProcess.run(dir, "sam", "watch", "jira-CALC-7", "--planner-url", planner, "--timeout", "1m");
    assertThat(gate.exit()).as(gate.toString()).isZero();
    assertThat(gate.out()).contains("AWAITING_APPROVAL", "agentline approve jira-CALC-7");
    CliProcess.Result approved = CliProcess.run(dir, "sam", "approve", "jira-CALC-7", "--planner-url", planner, "--comment", "from the CLI");
    assertThat(approved.exit()).as(approved.toString()).isZero();
    CliProcess.Result done = CliProcess.run(dir, "sam", "watch", "jira-CALC-7", "--through-gates", "--planner-url", planner,
        "--interval", "300ms", "--timeout", "3m");
    assertThat(done.exit()).as(done.toString()).isZero();
    assertThat(getJson(task).path("status").asText()).isEqualTo("DONE");
    String prUrl = getJson(task).path("pullRequest").path("url").asText();

    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(comments()).hasSize(2);
      jira.verify(1, postRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-7/transitions")).withRequestBody(equalToJson("{\"transition\": {\"id\": \"31\"}}")));
    });
    assertThat(comments().get(1)).contains("agentline opened a pull request", prUrl);
    jira.verify(1, getRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-7")));
    assertThat(countSubmissions()).as("TaskSubmitted records for jira-CALC-7").isEqualTo(1);
  }

  static long countSubmissions() {
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(Map.of(
        org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()),
        new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      var partitions = consumer.partitionsFor(dev.agentline.platform.Topics.TASKS).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var end = consumer.endOffsets(partitions);
      long count = 0;
      long deadline = System.currentTimeMillis() + 10_000;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.currentTimeMillis() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(200))) if ("jira-CALC-7".equals(record.key())) count++;
      }
      return count;
    }
  }

  static List<String> comments() {
    return jira.findAll(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/CALC-7/comment"))).stream().map(LoggedRequest::getBodyAsString).toList();
  }

  static HttpResponse<String> send(String path, String json, String delivery) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(system.plannerUrl() + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (delivery != null) request.header("X-Atlassian-Webhook-Identifier", delivery);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(system.plannerUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  static final String WEBHOOK = """
      {"timestamp": 1764062401789, "webhookEvent": "jira:issue_created", "issue_event_type_name": "issue_created",
       "user": {"accountId": "5b10ac8d82e05b22cc7d4ef5", "displayName": "Jane Doe", "active": true, "accountType": "atlassian"},
       "issue": {"id": "10042", "self": "https://example.atlassian.net/rest/api/2/10042", "key": "CALC-7",
         "fields": {"issuetype": {"id": "10004", "name": "Bug", "subtask": false}, "project": {"id": "10000", "key": "CALC", "name": "Calculator"},
           "labels": ["agentline"], "summary": "Calculator.add subtracts instead of adding",
           "description": "Calculator.add(2, 3) returns -1. It must return the sum of its two arguments.",
           "status": {"name": "To Do", "id": "10000"}, "created": "2026-11-25T09:12:33.123+0000", "updated": "2026-11-25T09:12:33.123+0000"}}}""";

  static final String ISSUE = """
      {"expand": "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations", "id": "10042",
       "self": "https://example.atlassian.net/rest/api/3/issue/10042", "key": "CALC-7",
       "fields": {
         "issuetype": {"id": "10004", "name": "Bug", "subtask": false, "hierarchyLevel": 0},
         "project": {"id": "10000", "key": "CALC", "name": "Calculator", "projectTypeKey": "software"},
         "components": [], "labels": ["agentline"], "summary": "Calculator.add subtracts instead of adding",
         "description": {"type": "doc", "version": 1, "content": [
           {"type": "paragraph", "content": [{"type": "text", "text": "Calculator.add(2, 3) returns -1. It must return the sum of its two arguments."}]},
           {"type": "codeBlock", "attrs": {"language": "java"}, "content": [{"type": "text", "text": "assertEquals(5, Calculator.add(2, 3));"}]},
           {"type": "paragraph", "content": [{"type": "text", "text": "Found by "}, {"type": "mention", "attrs": {"id": "5b10ac8d82e05b22cc7d4ef5", "text": "@Jane Doe"}}]}]},
         "customfield_10050": {"type": "doc", "version": 1, "content": [{"type": "bulletList", "content": [
           {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "CalculatorTest passes"}]}]}]}]},
         "reporter": {"accountId": "5b10ac8d82e05b22cc7d4ef5", "displayName": "Jane Doe", "emailAddress": "jane@example.com"},
         "status": {"name": "To Do", "id": "10000"}, "created": "2026-11-25T09:12:33.123+0000", "updated": "2026-11-25T09:12:33.123+0000"}}""";
}
