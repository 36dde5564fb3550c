package dev.agentline.audit.console;

import static dev.agentline.audit.console.ConsoleFixtures.DONE;
import static dev.agentline.audit.console.ConsoleFixtures.WAITING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Headers;
import dev.agentline.platform.TraceContext;
import dev.agentline.schemas.CommandType;
import dev.agentline.schemas.TaskCommand;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The console's JSON endpoints against the real service, its PostgreSQL and broker, with realistic tasks ingested. */
class ConsoleApiTest extends ConsoleServiceTestBase {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void taskListShowsEachTaskWithItsLatestStatusRequesterAndCostNewestFirst() throws Exception {
    JsonNode tasks = get("/api/console/tasks", 200);

    assertThat(tasks.valueStream().map(t -> t.get("taskId").asString()).toList()).containsExactly(WAITING, DONE);
    JsonNode waiting = tasks.get(0);
    assertThat(waiting.get("status").asString()).isEqualTo("AWAITING_APPROVAL");
    assertThat(waiting.get("requester").asString()).isEqualTo("rita");
    assertThat(waiting.get("title").asString()).isEqualTo("Calculator.add subtracts instead of adding");
    assertThat(waiting.get("costUsd").asDouble()).isCloseTo(0.012, within(1e-9));
    assertThat(tasks.get(1).get("status").asString()).isEqualTo("DONE");
    assertThat(tasks.get(1).get("tokens").asLong()).isEqualTo(2000 + 100 + 2100 + 120);
  }

  @Test
  void taskListFiltersByStatusRepositoryAndText() throws Exception {
    assertThat(ids(get("/api/console/tasks?status=done", 200))).containsExactly(DONE);
    assertThat(ids(get("/api/console/tasks?status=AWAITING_APPROVAL", 200))).containsExactly(WAITING);
    assertThat(ids(get("/api/console/tasks?repository=calculator-origin", 200))).containsExactly(WAITING, DONE);
    assertThat(ids(get("/api/console/tasks?repository=elsewhere", 200))).isEmpty();
    assertThat(ids(get("/api/console/tasks?q=FROBNICATOR", 200))).containsExactly(DONE);
    assertThat(ids(get("/api/console/tasks?q=console-wait", 200))).containsExactly(WAITING);
  }

  @Test
  void anUnknownStatusOrLimitIsABadRequestNamingTheParameter() throws Exception {
    assertThat(get("/api/console/tasks?status=sleeping", 400).get("parameter").asString()).isEqualTo("status");
    assertThat(get("/api/console/tasks?limit=0", 400).get("parameter").asString()).isEqualTo("limit");
  }

  @Test
  void aWaitingTaskShowsItsPlanVersionsWithTheirChangesAndWhatAwaitsApproval() throws Exception {
    JsonNode task = get("/api/console/tasks/" + WAITING, 200);

    assertThat(task.get("status").asString()).isEqualTo("AWAITING_APPROVAL");
    assertThat(task.get("awaiting").asString()).isEqualTo("plan");
    JsonNode plans = task.get("plans");
    assertThat(plans).hasSize(2);
    assertThat(plans.get(0).get("changes")).isEmpty();
    assertThat(plans.get(1).get("version").asInt()).isEqualTo(2);
    assertThat(plans.get(1).get("changes").valueStream().map(JsonNode::asString).toList()).containsExactly(
        "~ goal: make add return the sum → make add return the sum, with a test",
        "+ s2 (TEST_WRITE): Test add with negative numbers");
    assertThat(task.get("steps").valueStream().map(s -> s.get("id").asString() + ":" + s.get("status").asString()).toList())
        .containsExactly("s1:PENDING", "s2:PENDING");
    assertThat(task.at("/decisions/0/type").asString()).isEqualTo("COMMAND_REFUSED");
    assertThat(task.at("/decisions/0/actor").asString()).isEqualTo("rita");
    assertThat(task.at("/commands/0/type").asString()).isEqualTo("APPROVE_PLAN");
    assertThat(task.at("/modelCalls/0/prompt/1/content").asString()).contains("sum of its two arguments");
    assertThat(task.get("timelineUrl").asString()).isEqualTo("/api/tasks/" + WAITING + "/timeline");
  }

  @Test
  void aFinishedTaskShowsItsStepsModelCallsDiffTestOutputCostAndPullRequest() throws Exception {
    JsonNode task = get("/api/console/tasks/" + DONE, 200);

    assertThat(task.get("status").asString()).isEqualTo("DONE");
    assertThat(task.get("awaiting").isNull()).isTrue();
    assertThat(task.at("/steps/0/status").asString()).isEqualTo("DONE");
    assertThat(task.at("/steps/0/attempts").asInt()).isEqualTo(2);
    assertThat(task.get("modelCalls")).hasSize(2);
    assertThat(task.at("/modelCalls/1/stepId").asString()).isEqualTo("s1");
    assertThat(task.at("/modelCalls/1/response").asString()).contains("return a + b;");
    assertThat(task.at("/toolCalls/0/tool").asString()).isEqualTo("APPLY_EDITS");
    assertThat(task.at("/toolCalls/0/diff").asString()).contains("+    return a + b;");
    assertThat(task.at("/toolCalls/1/tests/outputTail").asString()).contains("addsNegativeNumbers PASSED");
    assertThat(task.at("/cost/costUsd").asDouble()).isCloseTo(0.009, within(1e-9));
    assertThat(task.at("/cost/costUsdByRole/CODE_EDIT").asDouble()).isCloseTo(0.009, within(1e-9));
    assertThat(task.at("/pullRequest/branch").asString()).isEqualTo("agentline/" + DONE);
  }

  @Test
  void theTimelineShowsTheTraceEachRecordCarried() throws Exception {
    JsonNode entries = get("/api/tasks/" + WAITING + "/timeline", 200).get("entries");
    // a refused request about the task (AccessControlTest makes some) is not the task's work and carries no trace
    assertThat(entries.valueStream().filter(e -> !e.get("recordType").asString().equals("AccessRefused"))
            .map(e -> e.get("traceparent").asString()).toList()).isNotEmpty()
        .allSatisfy(traceparent -> assertThat(traceparent).startsWith("00-" + ConsoleFixtures.WAITING_TRACE + "-"));
    assertThat(get("/api/tasks/" + DONE + "/timeline", 200).at("/entries/0/traceparent").isNull()).as("a record without one").isTrue();
  }

  @Test
  void anUnknownTaskIsNotFound() throws Exception {
    assertThat(get("/api/console/tasks/no-such-task", 404).get("taskId").asString()).isEqualTo("no-such-task");
  }

  @Test
  void approvingAPlanSendsATaskCommandKeyedByTheTaskToTheCommandsTopic() throws Exception {
    HttpResponse<String> response = post(SAM, "/api/console/tasks/" + WAITING + "/commands",
        "{\"type\": \"approve-plan\", \"actor\": \"sam\", \"reason\": \"small and safe\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(JSON.readTree(response.body()).get("type").asString()).isEqualTo("APPROVE_PLAN");
    ConsumerRecord<String, byte[]> sent = commandsBy("sam");
    assertThat(sent.key()).isEqualTo(WAITING);
    TaskCommand command = AvroCodec.get().decode(sent.value(), TaskCommand.class);
    assertThat(command.getType()).isEqualTo(CommandType.APPROVE_PLAN);
    assertThat(command.getReason()).isEqualTo("small and safe");
    assertThat(command.getMeta().getTaskId()).isEqualTo(WAITING);
    assertThat(command.getMeta().getProducer()).isEqualTo("audit-console");
    // the command joins the task's trace, in a span of its own
    assertThat(Headers.text(sent.headers(), TraceContext.TRACEPARENT))
        .startsWith("00-" + ConsoleFixtures.WAITING_TRACE + "-").doesNotContain("00f067aa0ba902b7");
  }

  @Test
  void takingOverAndHandingBackNeedTheApproverRoleButNotSomeoneElsesTask() throws Exception {
    HttpResponse<String> analyst = post(CAROL, "/api/console/tasks/" + WAITING + "/commands", "{\"type\": \"takeover\"}");
    assertThat(analyst.statusCode()).as(analyst.body()).isEqualTo(403);
    assertThat(JSON.readTree(analyst.body()).get("missing").asString()).isEqualTo("approver");

    // rita requested the task: she may not approve its plan, but she may take it back from the agents
    HttpResponse<String> handback = post(RITA, "/api/console/tasks/" + WAITING + "/commands",
        "{\"type\": \"handback\", \"reason\": \"fixed the null case by hand\"}");
    assertThat(handback.statusCode()).as(handback.body()).isEqualTo(202);
    TaskCommand sent = AvroCodec.get().decode(
        onlyCommand(c -> c.getType() == CommandType.HANDBACK && c.getActor().equals("rita"), "HANDBACK commands by rita").value(), TaskCommand.class);
    assertThat(sent.getActor()).isEqualTo("rita");
    assertThat(sent.getReason()).isEqualTo("fixed the null case by hand");
  }

  @Test
  void theActorIsTheSignedInCallerWhateverTheBodySays() throws Exception {
    HttpResponse<String> response = post(VIC, "/api/console/tasks/" + WAITING + "/commands",
        "{\"type\": \"reject-plan\", \"actor\": \"mallory\", \"reason\": \"too broad\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(JSON.readTree(response.body()).get("actor").asString()).isEqualTo("vic");
    assertThat(AvroCodec.get().decode(commandsBy("vic").value(), TaskCommand.class).getType()).isEqualTo(CommandType.REJECT_PLAN);
    HttpResponse<String> cancel = post(VIC, "/api/console/tasks/" + WAITING + "/commands", "{\"type\": \"cancel\"}");
    assertThat(cancel.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(cancel.body()).get("field").asString()).isEqualTo("type");
  }

  @Test
  void theMetricsPageReadsThePilotMetricsWhichCarryWhatItsChartsDraw() throws Exception {
    JsonNode metrics = get("/api/metrics?since=7d", 200);

    // ticket → PR distribution and cost per task over time: the window's tasks, oldest first
    assertThat(metrics.get("taskPoints").valueStream().map(t -> t.get("taskId").asString() + ":" + t.get("status").asString()).toList())
        .containsExactly(DONE + ":DONE", WAITING + ":AWAITING_APPROVAL");
    assertThat(metrics.at("/taskPoints/0/ticketToPrSeconds").asDouble()).isCloseTo(600.0, within(1e-9));
    assertThat(metrics.at("/taskPoints/0/costUsd").asDouble()).isCloseTo(0.009, within(1e-9));
    assertThat(metrics.at("/taskPoints/1/ticketToPrSeconds").isNull()).isTrue();
    // failures by role, with why
    assertThat(metrics.at("/workerFailures/0/role").asString()).isEqualTo("CODE_EDIT");
    assertThat(metrics.at("/workerFailures/0/failures").asLong()).isEqualTo(1);
    assertThat(metrics.at("/workerFailures/0/reasons").propertyNames()).containsExactly("MODEL_ERROR");
    // the console's own metrics endpoint is gone: one source of figures
    assertThat(HTTP.send(request(ADMIN, "/api/console/metrics").GET().build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    assertThat(get("/api/metrics?since=yesterday", 400).get("parameter").asString()).isEqualTo("since");
  }

  @Test
  void theConsoleIsServedFromTheJarAndTheRootLeadsThere() throws Exception {
    HttpResponse<String> root = HTTP.send(request(GUEST, "/").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(root.statusCode()).isEqualTo(302);
    assertThat(root.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/"));
    HttpResponse<String> page = HTTP.send(request(GUEST, "/console/").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<script type=\"module\" src=\"console.js\">").doesNotContain("http://", "https://");
    for (String asset : List.of("console.js", "dom.js", "charts.js", "console.css")) {
      HttpResponse<String> file = HTTP.send(request(GUEST, "/console/" + asset).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(file.statusCode()).as(asset).isEqualTo(200);
      assertThat(file.body()).as("%s loads nothing from another host", asset).doesNotContainPattern("(src|href|import)[^\\n]*https?://");
    }
  }

  private ConsumerRecord<String, byte[]> commandsBy(String actor) {
    return onlyCommand(c -> c.getActor().equals(actor), "commands by " + actor);
  }

  private static List<String> ids(JsonNode tasks) {
    return tasks.valueStream().map(t -> t.get("taskId").asString()).toList();
  }

  private JsonNode get(String path, int status) throws Exception {
    HttpResponse<String> response = HTTP.send(request(CAROL, path).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> post(String token, String path, String json) throws Exception {
    return HTTP.send(request(token, path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
