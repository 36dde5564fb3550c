package dev.agentline.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code agentline status}: a task view as a readable summary, or as JSON. */
class StatusCommandTest {
  static final String AWAITING_PLAN = """
      {"taskId": "t-1", "status": "AWAITING_APPROVAL", "title": "Calculator.add subtracts instead of adding",
       "repository": "file:///tmp/origin.git", "requester": "bob", "branch": "agentline/t-1", "failureReason": null,
       "awaiting": {"what": "plan", "expiresAt": "2030-01-01T13:00:00Z"},
       "plan": {"goal": "Make Calculator.add return the sum",
                "steps": [{"id": "s1", "type": "CODE_EDIT", "description": "Fix add", "files": ["src/main/java/demo/Calculator.java"],
                           "dependsOn": [], "status": "PENDING", "attempts": 0, "commit": null, "tests": null, "lastError": null},
                          {"id": "s2", "type": "TEST_WRITE", "description": "Test negatives", "files": [], "dependsOn": ["s1"],
                           "status": "PENDING", "attempts": 0, "commit": null, "tests": null, "lastError": null}]},
       "spend": {"byRole": [{"role": "manager", "calls": 1, "inputTokens": 900, "outputTokens": 334, "costUsd": 0.0077}],
                 "manager": {"tokens": 1234, "costUsd": 0.0077}, "workers": {"tokens": 0, "costUsd": 0.0},
                 "total": {"tokens": 1234, "costUsd": 0.0077}, "reserved": {"tokens": 0, "costUsd": 0.0},
                 "maxTokens": 200000, "maxCostUsd": 1.5},
       "pullRequest": null, "deadline": "2030-01-01T14:00:00Z", "updatedAt": "2030-01-01T12:00:00Z"}
      """;

  @RegisterExtension static final WireMockExtension planner = WireMockExtension.newInstance().options(options().dynamicPort()).build();
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final Instant now = Instant.parse("2030-01-01T12:18:00Z");

  int status(String... args) {
    StatusCommand command = new StatusCommand();
    command.clock = Clock.fixed(now, ZoneOffset.UTC);
    CommandLine cli = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--planner-url", planner.baseUrl()));
    return cli.execute(all.toArray(String[]::new));
  }

  void view(String taskId, String json) {
    planner.stubFor(get(urlEqualTo("/api/tasks/" + taskId)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(json)));
  }

  @Test
  void showsWhatTheTaskAwaitsUntilWhenAndHowToDecide() {
    view("t-1", AWAITING_PLAN);

    assertThat(status("t-1")).as(err.toString()).isZero();

    assertThat(out.toString()).isEqualToNormalizingNewlines("""
        task t-1 AWAITING_APPROVAL: Calculator.add subtracts instead of adding
          requested by: bob
          awaiting:     approval of the plan, until 2030-01-01T13:00:00Z (in 42 min)
                        agentline approve t-1 --actor <approver>
                        agentline reject t-1 --actor <approver> --comment "why"
          plan:         Make Calculator.add return the sum
            s1 code-edit PENDING: Fix add
            s2 test-write PENDING: Test negatives
          spend:        1,234 tokens, $0.0077 of a budget of 200,000 tokens and $1.50
        """);
  }

  @Test
  void showsAStepGateAndEachStepsProgress() {
    view("t-2", """
        {"taskId": "t-2", "status": "AWAITING_APPROVAL", "title": "Fix add", "requester": "bob",
         "awaiting": {"what": "s1", "expiresAt": "2030-01-01T12:10:00Z"},
         "plan": {"goal": "Fix add", "steps": [
           {"id": "s1", "type": "CODE_EDIT", "description": "Fix add", "status": "DONE", "attempts": 2,
            "commit": "0123456789abcdef", "tests": {"passed": true, "summary": "tests passed"}}]},
         "spend": {"total": {"tokens": 5000, "costUsd": 0.01}}}
        """);

    assertThat(status("t-2")).isZero();

    assertThat(out.toString()).contains(
        "awaiting:     a decision on step s1, until 2030-01-01T12:10:00Z (expired 8 min ago)",
        "agentline accept-step t-2 s1 --actor <approver>",
        "agentline reject-step t-2 s1 --actor <approver> --comment \"why\"",
        "agentline retry-step t-2 s1 --actor <approver> --comment \"feedback\"",
        "s1 code-edit DONE: Fix add (attempts 2, commit 0123456, tests passed)",
        "spend:        5,000 tokens, $0.0100\n");
  }

  @Test
  void aFailedTaskShowsItsReasonAndNoGate() {
    view("t-3", """
        {"taskId": "t-3", "status": "FAILED", "title": "Fix add", "requester": "bob", "awaiting": null,
         "failureReason": "ana rejected the plan: touches the schema", "failureCode": "PLAN_REJECTED", "plan": null}
        """);

    assertThat(status("t-3")).isZero();

    assertThat(out.toString()).contains("task t-3 FAILED: Fix add", "reason:       ana rejected the plan: touches the schema (PLAN_REJECTED)")
        .doesNotContain("awaiting", "agentline approve");
  }

  @Test
  void jsonPrintsTheViewAsTheyGaveIt() throws Exception {
    view("t-1", AWAITING_PLAN);

    assertThat(status("t-1", "--json")).isZero();

    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(out.toString())).isEqualTo(json.readTree(AWAITING_PLAN));
  }

  @Test
  void anUnknownTaskIsBadInput() {
    planner.stubFor(get(urlEqualTo("/api/tasks/t-404")).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/problem+json")
        .withBody("{\"type\": \"about:blank\", \"title\": \"Task not found\", \"status\": 404, \"detail\": \"no task t-404\", \"instance\": \"/api/tasks/t-404\"}")));

    assertThat(status("t-404")).isEqualTo(ExitCodes.BAD_INPUT);

    assertThat(err.toString()).contains("status: the planner refused (HTTP 404): no task t-404");
  }
}
