package dev.agentline.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gate commands against a stub of the planner's REST API: the bodies they send, and the exit code and message
 * for each answer (202 accepted, 400/403/404/409 refused, 5xx, unreachable).
 */
class DecisionCommandsTest {
  static final String PROBLEM = "application/problem+json";
  @RegisterExtension static final WireMockExtension planner = WireMockExtension.newInstance().options(options().dynamicPort()).build();
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int agentline(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (all.stream().noneMatch(a -> a.startsWith("--planner-url"))) all.addAll(List.of("--planner-url", planner.baseUrl()));
    return Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(all.toArray(String[]::new));
  }

  void accepting(String taskId, String command) {
    planner.stubFor(post(urlEqualTo("/api/tasks/" + taskId + "/commands")).willReturn(aResponse().withStatus(202)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"taskId\": \"" + taskId + "\", \"command\": \"" + command + "\", \"status\": \"ACCEPTED\"}")));
  }

  void sent(String taskId, String json) {
    planner.verify(1, postRequestedFor(urlEqualTo("/api/tasks/" + taskId + "/commands")).withRequestBody(equalToJson(json)));
  }

  @Test
  void approveSendsTheActorAndCommentAndExitsZeroWhenAccepted() {
    accepting("t-1", "APPROVE_PLAN");

    assertThat(agentline("approve", "t-1", "--actor", "ana", "--comment", "looks small enough")).as(err.toString()).isZero();

    sent("t-1", "{\"type\": \"approve-plan\", \"actor\": \"ana\", \"comment\": \"looks small enough\"}");
    assertThat(out.toString()).contains("accepted APPROVE_PLAN for task t-1 (actor ana)", "agentline status t-1");
  }

  @Test
  void approveLeavesOutAMissingComment() {
    accepting("t-1", "APPROVE_PLAN");

    assertThat(agentline("approve", "t-1", "--actor", "ana")).isZero();

    sent("t-1", "{\"type\": \"approve-plan\", \"actor\": \"ana\"}");
  }

  @Test
  void rejectSendsTheComment() {
    accepting("t-1", "REJECT_PLAN");

    assertThat(agentline("reject", "t-1", "--actor", "ana", "--comment", "touches the schema")).isZero();

    sent("t-1", "{\"type\": \"reject-plan\", \"actor\": \"ana\", \"comment\": \"touches the schema\"}");
  }

  @Test
  void rejectWithoutACommentIsBadInputAndSendsNothing() {
    assertThat(agentline("reject", "t-1", "--actor", "ana")).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(agentline("reject-step", "t-1", "s2", "--actor", "ana")).isEqualTo(ExitCodes.BAD_INPUT);

    assertThat(err.toString()).contains("Missing required option: '--comment=<comment>'");
    assertThat(planner.getAllServeEvents()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      accept-step | ACCEPT_STEP | {"type": "accept-step", "actor": "ana", "stepId": "s2"}
      reject-step | REJECT_STEP | {"type": "reject-step", "actor": "ana", "stepId": "s2", "comment": "no test for negatives"}
      retry-step  | RETRY       | {"type": "retry-step", "actor": "ana", "stepId": "s2", "comment": "no test for negatives"}
      """)
  void stepCommandsSendTheStepId(String command, String answered, String body) {
    accepting("t-1", answered);
    List<String> args = new ArrayList<>(List.of(command, "t-1", "s2", "--actor", "ana"));
    if (!command.equals("accept-step")) args.addAll(List.of("--comment", "no test for negatives"));

    assertThat(agentline(args.toArray(String[]::new))).as(err.toString()).isZero();

    sent("t-1", body);
    assertThat(out.toString()).contains("accepted " + answered + " for task t-1 step s2 (actor ana)");
  }

  @Test
  void cancelSendsTheCommentAsTheReason() {
    accepting("t-1", "CANCEL");

    assertThat(agentline("cancel", "t-1", "--actor", "ana", "--comment", "wrong repository")).isZero();

    sent("t-1", "{\"type\": \"cancel\", \"actor\": \"ana\", \"comment\": \"wrong repository\"}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      takeover | TAKEOVER | I will finish the migration by hand
      handback | HANDBACK | added the index; carry on
      """)
  void takeoverAndHandbackSendTheReasonAsTheComment(String command, String answered, String reason) {
    accepting("t-1", answered);

    assertThat(agentline(command, "t-1", "--actor", "ana", "--reason", reason)).as(err.toString()).isZero();

    sent("t-1", "{\"type\": \"" + command + "\", \"actor\": \"ana\", \"comment\": \"" + reason + "\"}");
    assertThat(out.toString()).contains("accepted " + answered + " for task t-1 (actor ana)");
  }

  @Test
  void takeoverWithoutAReasonSendsNone() {
    accepting("t-1", "TAKEOVER");

    assertThat(agentline("takeover", "t-1", "--actor", "ana")).isZero();

    sent("t-1", "{\"type\": \"takeover\", \"actor\": \"ana\"}");
  }

  @Test
  void aHandbackOfATaskNotTakenOverIsBadInputWithThePlannersReason() {
    planner.stubFor(post(urlEqualTo("/api/tasks/t-1/commands")).willReturn(aResponse().withStatus(409)
        .withHeader("Content-Type", PROBLEM)
        .withBody("{\"type\": \"about:blank\", \"title\": \"Command refused\", \"status\": 409, "
            + "\"detail\": \"task t-1 is PR_OPENED, not taken over\", \"instance\": \"/api/tasks/t-1/commands\"}")));

    assertThat(agentline("handback", "t-1", "--actor", "ana")).isEqualTo(ExitCodes.BAD_INPUT);

    assertThat(err.toString()).contains("agentline handback: the planner refused (HTTP 409): task t-1 is PR_OPENED, not taken over");
  }

  @Test
  void theActorDefaultsToTheUser() {
    accepting("t-1", "CANCEL");
    String user = System.getenv("USER");

    int exit = agentline("cancel", "t-1");

    if (user == null || user.isBlank()) {
      assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(err.toString()).contains("give --actor NAME");
    } else {
      assertThat(exit).isZero();
      sent("t-1", "{\"type\": \"cancel\", \"actor\": \"" + user + "\"}");
    }
  }

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource(delimiter = '|', textBlock = """
      409 | Command refused | task t-1 is EXECUTING, not awaiting plan approval
      403 | Command refused | ana requested task t-1 and may not approve it
      404 | Task not found  | no task t-1
      """)
  void aRefusedCommandIsBadInputWithTheProblemsDetail(int status, String title, String detail) {
    planner.stubFor(post(urlEqualTo("/api/tasks/t-1/commands")).willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", PROBLEM)
        .withBody("{\"type\": \"about:blank\", \"title\": \"" + title + "\", \"status\": " + status + ", \"detail\": \"" + detail
            + "\", \"instance\": \"/api/tasks/t-1/commands\"}")));

    assertThat(agentline("approve", "t-1", "--actor", "ana")).isEqualTo(ExitCodes.BAD_INPUT);

    assertThat(err.toString()).contains("agentline approve: the planner refused (HTTP " + status + "): " + detail);
  }

  @Test
  void anInvalidCommandPrintsEachFieldError() {
    planner.stubFor(post(urlEqualTo("/api/tasks/t-1/commands")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", PROBLEM)
        .withBody("""
            {"type": "about:blank", "title": "Invalid command", "status": 400,
             "detail": "invalid command: stepId must name a step of the plan, comment must not be blank",
             "instance": "/api/tasks/t-1/commands",
             "errors": [{"field": "stepId", "message": "must name a step of the plan"},
                        {"field": "comment", "message": "must not be blank"}]}
            """)));

    assertThat(agentline("reject-step", "t-1", "s9", "--actor", "ana", "--comment", " ")).isEqualTo(ExitCodes.BAD_INPUT);

    assertThat(err.toString()).contains("the planner refused (HTTP 400): invalid command: stepId must name a step of the plan",
        "  stepId: must name a step of the plan", "  comment: must not be blank");
  }

  @Test
  void aPlannerThatFailsIsExitThree() {
    planner.stubFor(post(urlEqualTo("/api/tasks/t-1/commands")).willReturn(aResponse().withStatus(503)
        .withHeader("Content-Type", PROBLEM)
        .withBody("{\"title\": \"Intake unavailable\", \"status\": 503, \"detail\": \"the commands topic is not reachable\"}")));

    assertThat(agentline("approve", "t-1", "--actor", "ana")).isEqualTo(ExitCodes.UNREACHABLE);

    assertThat(err.toString()).contains("the planner failed (HTTP 503): the commands topic is not reachable");
  }

  @Test
  void anUnreachablePlannerIsExitThreeWithTheUrlAndTheReason() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://localhost:" + closedPort;

    assertThat(agentline("approve", "t-1", "--actor", "ana", "--planner-url", url)).isEqualTo(ExitCodes.UNREACHABLE);

    assertThat(err.toString()).contains("agentline approve: cannot reach the planner at " + url + ": connection refused");
  }

  @Test
  void anUnknownPlannerHostIsExitThree() {
    assertThat(agentline("status", "t-1", "--planner-url", "http://planner.invalid:8080")).isEqualTo(ExitCodes.UNREACHABLE);

    assertThat(err.toString()).contains("cannot reach the planner at http://planner.invalid:8080: unknown host");
  }

  @Test
  void aPlannerUrlThatIsNotHttpIsBadInput() {
    assertThat(agentline("approve", "t-1", "--actor", "ana", "--planner-url", "localhost:8080")).isEqualTo(ExitCodes.BAD_INPUT);

    assertThat(err.toString()).contains("--planner-url 'localhost:8080' must be an http(s) URL");
  }

  @Test
  void aTaskIdThatIsNotAnIdIsBadInput() {
    assertThat(agentline("approve", "../t-1", "--actor", "ana")).isEqualTo(ExitCodes.BAD_INPUT);

    assertThat(err.toString()).contains("task id '../t-1' may only hold");
    assertThat(planner.getAllServeEvents()).isEmpty();
  }

  @Test
  void theHelpSaysWhereTheActorAndThePlannerComeFrom() {
    assertThat(agentline("approve", "--help")).isZero();

    assertThat(out.toString()).contains("--actor", "default: env USER", "--planner-url", "AGENTLINE_PLANNER_URL");
  }
}
