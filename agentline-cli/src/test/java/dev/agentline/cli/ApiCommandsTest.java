package dev.agentline.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The REST commands against stubs of the planner and the audit service: the token on every request, the query
 * parameters search sends, what logs and search print, and the exit code of a server that fails.
 */
class ApiCommandsTest {
  @RegisterExtension static final WireMockExtension server = WireMockExtension.newInstance().options(options().dynamicPort()).build();
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int agentline(String... args) {
    return Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
  }

  void answer(String path, int status, String json) {
    server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(json)));
  }

  @Test
  void theTokenIsSentAsABearerToEachServer() {
    answer("/api/tasks/t-1", 200, StatusCommandTest.AWAITING_PLAN);
    answer("/api/tasks/t-1/timeline", 200, "{\"taskId\": \"t-1\", \"entries\": []}");
    server.stubFor(post(urlEqualTo("/api/tasks")).willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
        .withBody("{\"taskId\": \"t-2\", \"status\": \"SUBMITTED\"}")));

    assertThat(agentline("cost", "t-1", "--token", "s3cret", "--planner-url", server.baseUrl())).as(err.toString()).isZero();
    assertThat(agentline("logs", "t-1", "--token", "s3cret", "--audit-url", server.baseUrl())).as(err.toString()).isZero();
    assertThat(agentline("submit", "--repo", "https://git.example.com/calc.git", "--title", "Fix add", "--test-command", "make test",
        "--token", "s3cret", "--planner-url", server.baseUrl())).as(err.toString()).isZero();
    assertThat(agentline("status", "t-1", "--planner-url", server.baseUrl())).isZero();

    server.verify(1, getRequestedFor(urlEqualTo("/api/tasks/t-1")).withHeader("Authorization", equalTo("Bearer s3cret")));
    server.verify(1, getRequestedFor(urlEqualTo("/api/tasks/t-1/timeline")).withHeader("Authorization", equalTo("Bearer s3cret")));
    server.verify(1, postRequestedFor(urlEqualTo("/api/tasks")).withHeader("Authorization", equalTo("Bearer s3cret")));
    server.verify(1, getRequestedFor(urlEqualTo("/api/tasks/t-1")).withHeader("Authorization", absent()));
    assertThat(out.toString()).contains("t-2");
  }

  @Test
  void searchSendsEachFilterAsTheAuditServiceNamesIt() {
    answer("/api/audit/search", 200, """
        {"hits": [{"topic": "agentline.model-calls", "partition": 0, "offset": 7, "taskId": "t-1", "recordType": "ModelCall",
                   "eventType": null, "role": "MANAGER", "repository": "file:///r", "occurredAt": "2030-01-01T12:00:00Z", "rank": 0.5,
                   "snippet": "must return the <b>sum</b> of &lt;a&gt; &amp; b"}],
         "offset": 0, "limit": 1, "total": 3, "moreBeyondWindow": false, "window": 1000, "hasMore": true, "nextOffset": 1}
        """);

    assertThat(agentline("search", "\"sum of\"", "-manager", "--task", "t-1", "--repo", "https://git.example.com/calc.git", "--role", "manager",
        "--role", "code-edit", "--type", "ModelCall", "--from", "2030-01-01", "--to", "2030-01-02", "--limit", "1", "--audit-url", server.baseUrl()))
        .as(err.toString()).isZero();

    server.verify(1, getRequestedFor(urlEqualTo("/api/audit/search?q=%22sum+of%22+-manager&taskId=t-1&repository=https%3A%2F%2Fgit.example.com%2Fcalc.git"
        + "&role=manager&role=code-edit&recordType=ModelCall&from=2030-01-01&to=2030-01-02&limit=1")));
    assertThat(out.toString()).contains("hits 1-1 of 3", "t-1          ModelCall manager", "must return the *sum* of <a> & b", "more: --offset 1");
  }

  @Test
  void logsShowTheTasksStoryUnlessAllIsAsked() {
    answer("/api/tasks/t-1/timeline", 200, """
        {"taskId": "t-1", "entries": [
          {"recordType": "TaskSubmitted", "eventType": null, "occurredAt": "2030-01-01T12:00:00Z", "summary": "submitted", "body": {}},
          {"recordType": "ModelCall", "eventType": null, "occurredAt": "2030-01-01T12:00:01Z", "summary": "manager plan", "body": {}},
          {"recordType": "TaskEvent", "eventType": "STEP_STARTED", "occurredAt": "2030-01-01T12:00:02Z", "summary": "s1 started",
           "body": {"stepId": "s1"}},
          {"recordType": "TaskEvent", "eventType": "STEP_STARTED", "occurredAt": "2030-01-01T12:00:03Z", "summary": "s2 started",
           "body": {"stepId": "s2"}}]}
        """);

    assertThat(agentline("logs", "t-1", "--audit-url", server.baseUrl())).isZero();
    assertThat(out.toString()).contains("TaskSubmitted", "s1 started", "s2 started").doesNotContain("manager plan");
    assertThat(out.toString().lines().findFirst().orElseThrow()).startsWith("2030-01-01T12:00:00Z");

    out.getBuffer().setLength(0);
    assertThat(agentline("logs", "t-1", "--step", "s2", "--audit-url", server.baseUrl())).isZero();
    assertThat(out.toString()).contains("s2 started").doesNotContain("s1 started", "submitted");

    out.getBuffer().setLength(0);
    assertThat(agentline("logs", "t-1", "--all", "--audit-url", server.baseUrl())).isZero();
    assertThat(out.toString()).contains("manager plan");
  }

  @Test
  void aServerThatFailsIsExitThreeAndAnUnknownTaskExitTwo() {
    answer("/api/tasks/t-1/timeline", 500, "{\"title\": \"Internal Server Error\", \"status\": 500, \"detail\": \"database down\"}");
    answer("/api/tasks/t-9", 404, "{\"title\": \"Task not found\", \"status\": 404, \"detail\": \"no task t-9\"}");

    assertThat(agentline("logs", "t-1", "--audit-url", server.baseUrl())).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(agentline("watch", "t-9", "--planner-url", server.baseUrl())).isEqualTo(ExitCodes.BAD_INPUT);

    assertThat(err.toString()).contains("agentline logs: the audit service failed (HTTP 500): database down",
        "agentline watch: the planner refused (HTTP 404): no task t-9");
  }

  @Test
  void retryWithoutAStepLetsThePlannerPickTheCurrentOne() {
    server.stubFor(post(urlEqualTo("/api/tasks/t-1/commands")).willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
        .withBody("{\"taskId\": \"t-1\", \"command\": \"RETRY\", \"commandId\": \"c-1\"}")));

    assertThat(agentline("retry", "t-1", "--actor", "ana", "--json", "--planner-url", server.baseUrl())).as(err.toString()).isZero();
    assertThat(agentline("retry", "t-1", "--step", "s2", "--actor", "ana", "--comment", "once more", "--planner-url", server.baseUrl())).isZero();

    server.verify(1, postRequestedFor(urlEqualTo("/api/tasks/t-1/commands"))
        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.equalToJson("{\"type\": \"retry-step\", \"actor\": \"ana\"}")));
    server.verify(1, postRequestedFor(urlEqualTo("/api/tasks/t-1/commands")).withRequestBody(
        com.github.tomakehurst.wiremock.client.WireMock.equalToJson("{\"type\": \"retry-step\", \"actor\": \"ana\", \"stepId\": \"s2\", \"comment\": \"once more\"}")));
    assertThat(out.toString()).startsWith("{").contains("\"commandId\" : \"c-1\"");
  }

  @Test
  void submitNamesWhatIsMissingAndSendsNothing() {
    assertThat(agentline("submit", "--title", "Fix add", "--work-type", "chore", "--planner-url", server.baseUrl())).isEqualTo(ExitCodes.BAD_INPUT);

    assertThat(err.toString()).contains("repository: give --repo", "testCommand: give --test-command", "workType: 'chore' is not one of");
    assertThat(server.getAllServeEvents()).isEmpty();
    assertThat(out.toString()).isEmpty();
  }
}
