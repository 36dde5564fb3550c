package dev.agentline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The CLI as a person (or a script) uses it: each command is a separate {@code java} process, talking over REST to
 * the whole system running embedded in this JVM (the planner asks a person to approve every plan; the demo cassette
 * answers for the models). Asserts what each process prints on stdout and stderr and its exit code.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliProcessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path dir;
  private static EmbeddedSystem system;
  private static Path origin;
  private static Path ticket;
  /** The demo task, submitted by the first test and followed by the others. */
  private static String taskId;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("agentline-cli-process");
    Path cassette = SampleRepository.copyResource("demo/cassette.yaml", dir);
    ticket = SampleRepository.copyResource("demo/ticket.yaml", dir);
    system = EmbeddedSystem.start(new EmbeddedSystem.Settings(dir.resolve("system"), cassette, 1, 0, 0, false,
        Map.of("planner", List.of("--agentline.planner.gates.plan-approval=always"))), m -> {});
    origin = SampleRepository.create(Files.createDirectories(dir.resolve("demo")));
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
  }

  /** Runs {@code agentline args...} as its own process, as rita, with the test's classpath and no AGENTLINE_* variables. */
  static CliProcess.Result agentline(String... args) throws Exception {
    return CliProcess.run(dir, "rita", args);
  }

  static CliProcess.Result planner(String... args) throws Exception {
    return agentline(withUrl(args, "--planner-url", system.plannerUrl()));
  }

  static CliProcess.Result audit(String... args) throws Exception {
    return agentline(withUrl(args, "--audit-url", system.auditUrl()));
  }

  private static String[] withUrl(String[] args, String option, String url) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(option, url));
    return all.toArray(String[]::new);
  }

  @Test
  @Order(1)
  void aTaskSubmittedFromTheSpecFileIsWatchedToItsGateApprovedAndWatchedToDone() throws Exception {
    CliProcess.Result submitted = planner("submit", "-f", ticket.toString(), "--repo", origin.toString(), "--label", "demo");
    assertThat(submitted.exit()).as(submitted.toString()).isZero();
    taskId = submitted.out().strip();
    assertThat(taskId).as("stdout is the task id alone").matches("t-[A-Za-z0-9-]+");
    assertThat(submitted.err()).contains("agentline watch " + taskId);

    CliProcess.Result toGate = planner("watch", taskId, "--interval", "300ms", "--timeout", "3m");
    assertThat(toGate.exit()).as(toGate.toString()).isZero();
    // planning takes the replayed models a second or two: the watch may see it, or find the plan already waiting
    assertThat(toGate.out()).contains("task " + taskId, "AWAITING_APPROVAL", "plan: ", "s1 code-edit: ", "awaiting approval of the plan",
        "agentline approve " + taskId);
    assertThat(toGate.out()).as("no progress bar in a pipe").doesNotContain("\r", "\u001b[");

    CliProcess.Result refused = planner("approve", taskId);
    assertThat(refused.exit()).as("the requester (USER rita) may not approve: " + refused).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(refused.err()).contains("refused (HTTP 403)", "may not approve");

    CliProcess.Result approved = planner("approve", taskId, "--actor", "sam", "--comment", "small and tested");
    assertThat(approved.exit()).as(approved.toString()).isZero();
    assertThat(approved.out()).contains("accepted APPROVE_PLAN for task " + taskId);

    CliProcess.Result toEnd = planner("watch", taskId, "--through-gates", "--interval", "300ms", "--timeout", "4m");
    assertThat(toEnd.exit()).as(toEnd.toString()).isZero();
    assertThat(toEnd.out()).contains("EXECUTING", "s1 DONE", "-> DONE", "pull request: ", "task " + taskId + " DONE: ");
  }

  @Test
  @Order(2)
  void statusWatchAndApproveSpeakJsonForScripts() throws Exception {
    CliProcess.Result status = planner("status", taskId, "--json");
    assertThat(status.exit()).as(status.toString()).isZero();
    assertThat(status.json().path("status").asText()).isEqualTo("DONE");

    CliProcess.Result watch = planner("watch", taskId, "--json");
    assertThat(watch.exit()).as(watch.toString()).isZero();
    List<String> lines = watch.out().lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(JSON.readTree(lines.get(0)).path("taskId").asText()).isEqualTo(taskId);

    CliProcess.Result late = planner("approve", taskId, "--actor", "sam", "--json");
    assertThat(late.exit()).as("the plan gate is long past: " + late).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(late.out()).isEmpty();
    assertThat(late.err()).contains("refused (HTTP 409)");
  }

  @Test
  @Order(3)
  void logsShowTheStepTimeline() throws Exception {
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
      CliProcess.Result logs = audit("logs", taskId);
      assertThat(logs.exit()).as(logs.toString()).isZero();
      assertThat(logs.out()).contains("TaskSubmitted", "APPROVAL_REQUESTED", "PLAN_APPROVED", "STEP_STARTED", "STEP_COMPLETED", "PR_OPENED");
      assertThat(logs.out()).doesNotContain("ModelCall");
    });
    CliProcess.Result step = audit("logs", taskId, "--step", "s1", "--json");
    assertThat(step.exit()).as(step.toString()).isZero();
    JsonNode entries = step.json().path("entries");
    assertThat(entries).isNotEmpty();
    entries.forEach(e -> assertThat(e.path("body").path("stepId").asText()).isEqualTo("s1"));

    CliProcess.Result all = audit("logs", taskId, "--all");
    assertThat(all.out()).contains("ModelCall", "ToolRequest");
  }

  @Test
  @Order(4)
  void searchFindsTheTask() throws Exception {
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
      CliProcess.Result found = audit("search", "\"sum of its two arguments\"", "--task", taskId, "--type", "ModelCall", "--role", "manager", "--limit", "5");
      assertThat(found.exit()).as(found.toString()).isZero();
      assertThat(found.out()).contains(taskId, "ModelCall", "manager", "*sum*");
    });
    CliProcess.Result json = audit("search", "sum", "of", "arguments", "--task", taskId, "--json");
    assertThat(json.exit()).as(json.toString()).isZero();
    assertThat(json.json().path("hits").findValuesAsText("taskId")).isNotEmpty().containsOnly(taskId);

    CliProcess.Result bad = audit("search", "x", "--role", "janitor");
    assertThat(bad.exit()).as(bad.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(bad.err()).contains("refused (HTTP 400)", "unknown role 'janitor'", "parameter: role");
  }

  @Test
  @Order(5)
  void costShowsTokensAndDollars() throws Exception {
    CliProcess.Result cost = planner("cost", taskId);
    assertThat(cost.exit()).as(cost.toString()).isZero();
    assertThat(cost.out()).contains("task " + taskId + " DONE", "total:", "tokens, $", "manager", "code-edit");

    CliProcess.Result json = planner("cost", taskId, "--json");
    assertThat(json.exit()).as(json.toString()).isZero();
    assertThat(json.json().path("spend").path("total").path("tokens").asLong()).isPositive();

    CliProcess.Result metrics = audit("metrics", "--json");
    assertThat(metrics.exit()).as(metrics.toString()).isZero();
    assertThat(metrics.json().path("tasks").asInt()).isPositive();
  }

  @Test
  @Order(6)
  void aTaskFromFlagsThatRunsOutOfBudgetFailsTheWatchWithExitOne() throws Exception {
    CliProcess.Result submitted = planner("submit", "--repo", origin.toString(), "--title", "Fix add on a shoestring", "--description", "Calculator.add returns a - b.",
        "--test-command", "sh run-tests.sh", "--criterion", "add(2, 3) returns 5", "--budget-tokens", "2000", "--ticket-key", "CALC-9",
        "--work-type", "bugfix", "--goal", "add returns a + b", "--constraint", "no new dependencies", "--interface", "Calculator.add(int, int)", "--json");
    assertThat(submitted.exit()).as(submitted.toString()).isZero();
    String failing = submitted.json().path("taskId").asText();

    CliProcess.Result watch = planner("watch", failing, "--through-gates", "--interval", "300ms", "--timeout", "3m");
    assertThat(watch.exit()).as(watch.toString()).isEqualTo(ExitCodes.TASK_FAILED);
    assertThat(watch.out()).contains("BUDGET_EXHAUSTED", "reason: budget exhausted: spent 0 of 2000 tokens");
  }

  @Test
  @Order(7)
  void aBadSpecFileIsExitTwoNamingTheField() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "title: Fix it\ntestCommand: make test\nbudget: {maxTokens: -5}\n");

    CliProcess.Result result = planner("submit", "-f", bad.toString(), "--repo", origin.toString());

    assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("budget.maxTokens", "positive");
    assertThat(result.out()).isEmpty();
  }

  @Test
  @Order(8)
  void aTaskThePlannerRefusesIsExitTwoWithEachField() throws Exception {
    CliProcess.Result result = planner("submit", "-f", ticket.toString(), "--repo", origin.toString(), "--ticket-key", "not a key!");

    assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("the planner refused (HTTP 400)", "  ticketKey: must be a ticket key such as PROJ-123");
  }

  @Test
  @Order(9)
  void anUnreachableServerIsExitThree() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    CliProcess.Result status = agentline("status", "t-1", "--planner-url", "http://localhost:" + closed);
    assertThat(status.exit()).as(status.toString()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(status.err()).contains("cannot reach the planner at http://localhost:" + closed + ": connection refused");

    CliProcess.Result logs = agentline("logs", "t-1", "--audit-url", "http://localhost:" + closed);
    assertThat(logs.exit()).as(logs.toString()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(logs.err()).contains("cannot reach the audit service");
  }

  @Test
  @Order(10)
  void aUsageErrorIsExitTwo() throws Exception {
    CliProcess.Result result = agentline("watch");

    assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("Missing required parameter: 'TASK-ID'");
  }
}
