package dev.agentline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.audit.ingest.DemoLikeTasks;
import dev.agentline.audit.store.AuditStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The analyst views, the read-only role, the pilot metrics (JSON and Prometheus) and every query of
 * docs/analytics.md, over three demo-like tasks ({@link DemoLikeTasks}) in the service's own embedded PostgreSQL.
 */
@SpringBootTest(classes = AuditApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"agentline.security.mode=off", "agentline.audit.analyst.password=it's a secret"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
@Import(TestBroker.Shutdown.class)
class AnalyticsServiceTest {
  private static final Instant START = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS);
  private static final Path DOC = Path.of("../docs/analytics.md");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static TestBroker kafka;

  @Autowired JdbcClient jdbc;
  @Autowired AuditStore store;
  @LocalServerPort int port;

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) throws IOException {
    kafka = TestBroker.start("audit-analytics-test", true, registry);
  }


  @BeforeAll
  void storeThreeDemoLikeTasks() {
    DemoLikeTasks.rows(START).forEach(store::insert);
  }

  @Test
  void taskSummaryHasEachTasksOutcomeTimeToPrCostAndTroubles() {
    Map<String, Map<String, Object>> tasks = byTask(jdbc.sql("SELECT * FROM task_summary").query().listOfRows());

    assertThat(tasks).containsOnlyKeys("t-clean", "t-bumpy", "t-gated");
    Map<String, Object> clean = tasks.get("t-clean");
    assertThat(clean).containsEntry("status", "DONE").containsEntry("requester", "bob").containsEntry("review_verdict", "APPROVE")
        .containsEntry("attempts", 2L).containsEntry("failed_attempts", 0L).containsEntry("plan_revisions", 0L)
        .containsEntry("test_failures", 0L).containsEntry("manager_tokens", 2102L).containsEntry("worker_tokens", 2326L);
    assertThat((BigDecimal) clean.get("ticket_to_pr_seconds")).isEqualByComparingTo("600");
    assertThat((BigDecimal) clean.get("cost_usd")).isEqualByComparingTo("0.0132");
    assertThat(clean.get("title")).isEqualTo("Calculator.add subtracts instead of adding");
    assertThat(clean.get("pr_url")).isEqualTo("file:///srv/git/calculator.git#agentline/t-clean");
    Map<String, Object> bumpy = tasks.get("t-bumpy");
    assertThat(bumpy).containsEntry("status", "DONE").containsEntry("review_verdict", "REQUEST_CHANGES").containsEntry("attempts", 4L)
        .containsEntry("failed_attempts", 2L).containsEntry("plan_revisions", 1L).containsEntry("test_failures", 1L);
    assertThat((BigDecimal) bumpy.get("ticket_to_pr_seconds")).isEqualByComparingTo("1800");
    Map<String, Object> gated = tasks.get("t-gated");
    assertThat(gated).containsEntry("status", "FAILED").containsEntry("failure_code", "PROTECTED_PATH")
        .containsEntry("ticket_to_pr_seconds", null).containsEntry("pr_ready_at", null).containsEntry("review_verdict", null);
    assertThat(gated.get("ended_at")).isNotNull();
  }

  @Test
  void workerFailuresChargeEachFailureOnceToTheRoleThatWorkedOnTheStepWithItsReason() {
    List<String> failures = jdbc.sql("SELECT task_id, role, step_id, attempt, source, reason FROM worker_failures ORDER BY occurred_at")
        .query((rs, n) -> String.join(" ", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)))
        .list();

    assertThat(failures).containsExactly(
        "t-bumpy CODE_EDIT s1 1 STEP_FAILED TESTS_FAILED",
        "t-bumpy TEST_WRITER s3 1 StepResult MODEL_ERROR",
        "t-gated CODE_EDIT s1 1 STEP_FAILED PROTECTED_PATH",
        "t-gated CODE_EDIT s1 2 STEP_FAILED PROTECTED_PATH");
  }

  @Test
  void planVsActualShowsStepsAddedDroppedAndRun() throws SQLException {
    Map<String, Object> bumpy = jdbc.sql("SELECT * FROM plan_vs_actual WHERE task_id = 't-bumpy'").query().singleRow();

    assertThat(bumpy).containsEntry("planned_steps", 2).containsEntry("final_plan_version", 2).containsEntry("plan_revisions", 1L)
        .containsEntry("final_steps", 2).containsEntry("steps_run", 2L).containsEntry("steps_completed", 2L).containsEntry("failed_attempts", 2L);
    assertThat((Object[]) ((Array) bumpy.get("planned_step_ids")).getArray()).containsExactly("s1", "t2");
    assertThat((Object[]) ((Array) bumpy.get("steps_added")).getArray()).containsExactly("s3");
    assertThat((Object[]) ((Array) bumpy.get("steps_dropped")).getArray()).containsExactly("t2");
  }

  @Test
  void gateWaitsMeasureHowLongAPersonTookAndWhatTheyDecided() {
    Map<String, Object> gate = jdbc.sql("SELECT * FROM gate_waits").query().singleRow();

    assertThat(gate).containsEntry("task_id", "t-gated").containsEntry("gate", "plan").containsEntry("decision", "PLAN_APPROVED")
        .containsEntry("actor", "ana");
    assertThat((BigDecimal) gate.get("wait_seconds")).isEqualByComparingTo("300");
  }

  @Test
  void stepAttemptsJoinEachRequestToItsAnswer() {
    Map<String, Object> unusable = jdbc.sql("SELECT * FROM step_attempts WHERE task_id = 't-bumpy' AND step_id = 's3' AND attempt = 1")
        .query().singleRow();

    assertThat(unusable).containsEntry("role", "TEST_WRITER").containsEntry("kind", "EXECUTE").containsEntry("ok", false)
        .containsEntry("error", "the answer carried no SEARCH/REPLACE block").containsEntry("model", "replay/cheap-1")
        .containsEntry("input_tokens", 600L);
    assertThat((BigDecimal) unusable.get("duration_seconds")).isEqualByComparingTo("3");
    assertThat(jdbc.sql("SELECT count(*) FROM step_attempts WHERE answered_at IS NULL").query(Long.class).single()).isZero();
  }

  @Test
  void modelCostsAddUpToTheTasksCosts() {
    BigDecimal byModel = jdbc.sql("SELECT sum(cost_usd) FROM model_costs").query(BigDecimal.class).single();
    BigDecimal byTask = jdbc.sql("SELECT sum(cost_usd) FROM task_summary").query(BigDecimal.class).single();
    Map<String, Object> writer = jdbc.sql("SELECT * FROM model_costs WHERE role = 'TEST_WRITER'").query().singleRow();

    assertThat(byModel).isEqualByComparingTo(byTask);
    assertThat(writer).containsEntry("model", "cheap-1").containsEntry("calls", 3L).containsEntry("failed_calls", 1L)
        .containsEntry("tasks", 2L).containsEntry("input_tokens", 1770L);
  }

  @Test
  void theAnalystRoleReadsTheViewsAndNothingElseAndChangesNothing() throws SQLException {
    try (Connection analyst = analystConnection(); Statement sql = analyst.createStatement()) {
      try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM task_summary")) {
        rows.next();
        assertThat(rows.getLong(1)).isEqualTo(3);
      }
      for (String view : List.of("step_attempts", "model_costs", "worker_failures", "plan_vs_actual", "gate_waits", "pr_activity")) {
        sql.executeQuery("SELECT * FROM " + view).close();
      }
      for (String forbidden : List.of(
          "SELECT * FROM audit_record",
          "INSERT INTO audit_record (topic, kafka_partition, kafka_offset, record_type, occurred_at, summary, body) "
              + "VALUES ('x', 0, 999999, 'X', now(), 'x', '{}')",
          "UPDATE audit_record SET summary = 'changed'",
          "DELETE FROM audit_record",
          "DELETE FROM task_summary",
          "UPDATE step_attempts SET ok = true",
          "SELECT * FROM flyway_schema_history",
          "CREATE TABLE mine (id int)")) {
        // 42501: permission denied; 55000: a view that cannot take changes (PostgreSQL says so before it checks privileges)
        assertThatThrownBy(() -> sql.execute(forbidden)).as(forbidden)
            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).as(forbidden + ": " + e.getMessage())
                .isEqualTo(forbidden.contains("audit_record") || forbidden.startsWith("SELECT") || forbidden.startsWith("CREATE") ? "42501" : "55000"));
      }
    }
    assertThat(jdbc.sql("SELECT count(*) FROM audit_record WHERE summary = 'changed'").query(Long.class).single()).isZero();
    assertThat(jdbc.sql("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'agentline_analyst'").query(Boolean.class).single()).isTrue();
  }

  @Test
  void everyViewAndColumnIsDocumentedInTheDatabase() {
    List<String> undocumented = jdbc.sql("""
            SELECT c.relname || coalesce('.' || a.attname, '') FROM pg_class c
              LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
             WHERE c.relkind = 'v' AND c.relnamespace = current_schema()::regnamespace
               AND c.relname IN ('task_summary', 'step_attempts', 'model_costs', 'worker_failures', 'plan_vs_actual', 'gate_waits',
                                 'pr_activity')
               AND (a.attname IS NULL AND obj_description(c.oid, 'pg_class') IS NULL
                    OR a.attname IS NOT NULL AND col_description(c.oid, a.attnum) IS NULL)""")
        .query(String.class).list();

    assertThat(undocumented).isEmpty();
  }

  @Test
  void metricsApiReportsThePilotFiguresOfTheWindow() throws Exception {
    JsonNode report = getJson("/api/metrics?since=14d", 200);

    assertThat(report.get("since").asString()).isEqualTo("14d");
    assertThat(report.get("tasks").asInt()).isEqualTo(3);
    assertThat(report.get("tasksWithPr").asInt()).isEqualTo(2);
    assertThat(report.at("/ticketToPrSeconds/p50").asDouble()).isEqualTo(600.0);
    assertThat(report.at("/ticketToPrSeconds/p90").asDouble()).isEqualTo(1800.0);
    assertThat(report.at("/ticketToPrSeconds/max").asDouble()).isEqualTo(1800.0);
    assertThat(report.at("/testFailures/total").asLong()).isEqualTo(1);
    assertThat(report.at("/planRevisions/perTask").asDouble()).isEqualTo(0.3333);
    assertThat(report.at("/reviews/approve").asInt()).isEqualTo(1);
    assertThat(report.at("/reviews/requestChanges").asInt()).isEqualTo(1);
    assertThat(report.get("workerFailures").valueStream().map(r -> r.get("role").asString() + " " + r.get("attempts").asLong() + " "
        + r.get("failures").asLong() + " " + r.get("rate").asDouble()).toList())
        .contains("CODE_EDIT 5 3 0.6", "TEST_WRITER 3 1 0.3333");
    JsonNode codeEdit = report.get("workerFailures").valueStream().filter(r -> r.get("role").asString().equals("CODE_EDIT")).findFirst().orElseThrow();
    assertThat(codeEdit.get("reasons").propertyNames()).containsExactly("PROTECTED_PATH", "TESTS_FAILED");
    assertThat(codeEdit.at("/reasons/PROTECTED_PATH").asLong()).isEqualTo(2);
    // the tasks the figures are made of, oldest first: what the console's charts draw
    assertThat(report.get("taskPoints").valueStream().map(t -> t.get("taskId").asString() + " " + t.get("status").asString() + " "
        + (t.get("ticketToPrSeconds").isNull() ? "-" : t.get("ticketToPrSeconds").asDouble())).toList())
        .containsExactlyInAnyOrder("t-clean DONE 600.0", "t-bumpy DONE 1800.0", "t-gated FAILED -");
    assertThat(report.at("/taskPoints/0/title").asString()).isNotBlank();
    assertThat(report.at("/tokens/managerShare").asDouble() + report.at("/tokens/workerShare").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.0001));
    assertThat(getJson("/api/metrics?since=1h", 200).get("tasks").asInt()).isZero();
    assertThat(getJson("/api/metrics", 200).get("since").asString()).isEqualTo("14d");
  }

  /** Without a code host (no BaselineSource bean) the report says so and compares nothing. */
  @Test
  void thePilotReportWithoutACodeHostHasAgentlinesFiguresAndNoBaseline() throws Exception {
    JsonNode report = getJson("/api/report?since=14d&baselineFrom=28d", 200);

    assertThat(report.at("/baseline/configured").asBoolean()).isFalse();
    assertThat(report.get("human").isNull()).isTrue();
    assertThat(report.at("/agentline/tasks").asInt()).isEqualTo(3);
    assertThat(report.at("/agentline/pullRequests").asInt()).isEqualTo(2);
    assertThat(report.at("/agentline/ticketToPrSeconds/p50").asDouble()).isEqualTo(600.0);
    assertThat(report.at("/agentline/open").asInt()).isEqualTo(2);
    assertThat(report.at("/misplanning/tasks/0/taskId").asString()).isEqualTo("t-bumpy");
    assertThat(report.at("/workerFailures/0/role").asString()).isEqualTo("CODE_EDIT");
    assertThat(report.get("figures").valueStream().allMatch(f -> f.get("baseline").isNull())).isTrue();
  }

  @Test
  void aBadSinceIsABadRequestNamingSince() throws Exception {
    for (String since : List.of("fortnight", "14y", "%20")) {
      JsonNode problem = getJson("/api/metrics?since=" + since, 400);
      assertThat(problem.get("parameter").asString()).isEqualTo("since");
      assertThat(problem.get("detail").asString()).startsWith("since ");
    }
  }

  @Test
  void prometheusScrapeCarriesThePilotGauges() throws Exception {
    HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body()).contains(
        "agentline_pilot_tasks 3.0",
        "agentline_pilot_tasks_with_pr 2.0",
        "agentline_pilot_ticket_to_pr_seconds{stat=\"p50\"} 600.0",
        "agentline_pilot_ticket_to_pr_seconds{stat=\"p90\"} 1800.0",
        "agentline_pilot_worker_failure_rate{role=\"CODE_EDIT\"} 0.6",
        "agentline_pilot_worker_failure_rate{role=\"REVIEW\"} 0.0",
        "agentline_pilot_worker_failure_rate{role=\"ANALYSIS\"} 0.0",
        "agentline_pilot_reviews{verdict=\"REQUEST_CHANGES\"} 1.0",
        "agentline_pilot_plan_revisions_per_task 0.3333",
        "agentline_pilot_test_failures_per_task 0.3333",
        "agentline_pilot_token_share{side=\"manager\"}");
    // the search index queue's length, next to the pilot figures
    assertThat(scrape.body()).containsPattern("(?m)^agentline_audit_search_pending [0-9]+\\.0$");
  }

  /** docs/analytics.md cannot rot: each of its ```sql blocks runs as the analyst role and answers with rows. */
  @Test
  void everyQueryOfTheAnalyticsDocRunsAsTheAnalystAndAnswers() throws Exception {
    List<String> queries = sqlBlocks(Files.readString(DOC));
    assertThat(queries).hasSizeGreaterThanOrEqualTo(8);
    assertThat(queries).anySatisfy(q -> assertThat(q).contains("FROM worker_failures").contains("7 days"));

    try (Connection analyst = analystConnection(); Statement sql = analyst.createStatement()) {
      for (String query : queries) {
        try (ResultSet rows = sql.executeQuery(query)) {
          assertThat(rows.next()).as("rows of\n%s", query).isTrue();
        }
      }
    }
  }

  static List<String> sqlBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher block = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (block.find()) blocks.add(block.group(1).strip().replaceAll(";$", ""));
    return blocks;
  }

  private Connection analystConnection() throws SQLException {
    int dbPort = jdbc.sql("SELECT inet_server_port()").query(Integer.class).single();
    String database = jdbc.sql("SELECT current_database()").query(String.class).single();
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + dbPort + "/" + database, "agentline_analyst", "it's a secret");
  }

  private static Map<String, Map<String, Object>> byTask(List<Map<String, Object>> rows) {
    Map<String, Map<String, Object>> byTask = new java.util.LinkedHashMap<>();
    rows.forEach(r -> byTask.put((String) r.get("task_id"), r));
    return byTask;
  }

  private JsonNode getJson(String path, int expectedStatus) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET()
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("status of GET %s: %s", path, response.body()).isEqualTo(expectedStatus);
    return JSON.readTree(response.body());
  }
}
