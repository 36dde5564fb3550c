package dev.agentline.audit.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.audit.AuditApplication;
import dev.agentline.audit.TestBroker;
import dev.agentline.audit.baseline.BaselineException;
import dev.agentline.audit.baseline.BaselinePullRequest;
import dev.agentline.audit.baseline.BaselineSource;
import dev.agentline.audit.ingest.PilotReportTasks;
import dev.agentline.audit.store.AuditStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pilot report over {@link PilotReportTasks} (stored as the ingest stores them, in the service's embedded
 * PostgreSQL): pr_events and its view, the report's SQL, the JSON and CSV API with a code host's baseline, and its 400s.
 */
@SpringBootTest(classes = AuditApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "agentline.security.mode=off")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
@Import({TestBroker.Shutdown.class, ReportServiceTest.CodeHost.class})
class ReportServiceTest {
  static final Instant START = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final List<Instant[]> ASKED = new CopyOnWriteArrayList<>();
  static TestBroker kafka;

  /** A code host with three human pull requests in any baseline period. */
  @TestConfiguration(proxyBeanMethods = false)
  static class CodeHost {
    @Bean
    BaselineSource codeHostBaseline() {
      return (from, until) -> {
        if (from.isBefore(Instant.parse("2001-01-01T00:00:00Z"))) {
          throw new BaselineException("GitHub rate limit reached; it resets at 2030-01-01T00:00:00Z");
        }
        ASKED.add(new Instant[] {from, until});
        Instant t = from.plus(Duration.ofDays(1));
        return List.of(
            new BaselinePullRequest("acme/calculator", 1, "https://github.com/acme/calculator/pull/1", "dev", t, t.plusSeconds(86_400),
                t.plusSeconds(86_400), 5, 1, Duration.ofHours(6)),
            new BaselinePullRequest("acme/calculator", 2, "https://github.com/acme/calculator/pull/2", "dev", t.plusSeconds(3600), null,
                null, 3, 0, Duration.ofHours(2)),
            new BaselinePullRequest("acme/calculator", 3, "https://github.com/acme/calculator/pull/3", "ops", t.plusSeconds(7200),
                t.plusSeconds(90_000), null, 1, 2, null));
      };
    }
  }

  @Autowired JdbcClient jdbc;
  @Autowired AuditStore store;
  @Autowired PilotQueries queries;
  @LocalServerPort int port;

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) throws IOException {
    kafka = TestBroker.start("audit-report-test", true, registry);
  }

  @BeforeAll
  void storeThePilotsTasks() {
    store.insertAll(PilotReportTasks.rows(START));
  }

  @Test
  void eachThingOnAPullRequestIsOneRowHoweverItArrived() {
    List<String> merged = jdbc.sql("""
            SELECT type || ' ' || item_key || ' ' || actor || ' ' || via || coalesce(' ' || ci_conclusion, '') || coalesce(' ' || path || ':' || line, '')
              FROM pr_events WHERE task_id = 't-merged' ORDER BY id""").query(String.class).list();

    assertThat(merged).containsExactly(
        "REVIEW_SUBMITTED github:review:900 rev webhook",
        "REVIEW_COMMENT github:review-comment:901 rev webhook src/main/java/demo/Calculator.java:4",
        "REVIEW_COMMENT github:review-comment:902 rev webhook src/test/java/demo/CalculatorTest.java:12",
        "COMMENT github:comment:903 pat webhook",
        "COMMENT github:comment:904 dependabot[bot] webhook",
        "COMMENT github:comment:905 agentline-bot poll",
        "CI_COMPLETED github:check-run:41 github-actions[bot] webhook FAILURE",
        "CI_COMPLETED github:check-run:42 github-actions[bot] webhook SUCCESS",
        "MERGED github:pr:7:merged rev webhook");
    // the polled copy of check run 41 is kept raw only
    assertThat(jdbc.sql("SELECT count(*) FROM audit_record WHERE record_type = 'PullRequestEvent' AND body->>'itemKey' = 'github:check-run:41'")
        .query(Long.class).single()).isEqualTo(2);
    assertThat(jdbc.sql("SELECT summary FROM audit_record WHERE record_type = 'PullRequestEvent' AND body->>'itemKey' = 'github:review-comment:901'")
        .query(String.class).single())
        .isEqualTo("acme/calculator#7 review comment on src/main/java/demo/Calculator.java:4 by rev: please also handle null input (webhook)");
    assertThat(jdbc.sql("SELECT iteration FROM task_events WHERE task_id = 't-merged' AND type = 'PR_UPDATED'").query(Integer.class).single())
        .isEqualTo(2);
  }

  @Test
  void theConsolesTaskPageShowsThePullRequestsActivityOnceEachAndTheIterations() throws Exception {
    JsonNode merged = get("/api/console/tasks/t-merged", 200);

    assertThat(merged.get("status").asString()).isEqualTo("MERGED");
    assertThat(merged.get("iteration").asInt()).isEqualTo(2);
    assertThat(merged.get("takeover").isNull()).isTrue();
    assertThat(merged.get("prEvents").valueStream().map(e -> e.get("type").asString() + " " + e.get("itemKey").asString()).toList())
        .hasSize(9).containsOnlyOnce("CI_COMPLETED github:check-run:41");
    assertThat(merged.get("events").valueStream().filter(e -> e.get("type").asString().equals("PR_UPDATED"))
        .map(e -> e.get("iteration").asInt()).toList()).containsExactly(2);
    JsonNode open = get("/api/console/tasks/t-open", 200);
    assertThat(open.get("takeover").asString()).isEqualTo("possible");
  }

  @Test
  void theAnalystsViewMarksPeoplesCommentsAndFailedCiRuns() {
    Map<String, Object> counts = jdbc.sql("""
            SELECT count(*) FILTER (WHERE review_comment) AS comments, count(*) FILTER (WHERE ci_failed) AS failed_ci
              FROM pr_activity WHERE task_id = 't-merged'""").query().singleRow();

    assertThat(counts).containsEntry("comments", 3L).containsEntry("failed_ci", 1L);
    assertThat(jdbc.sql("SELECT has_table_privilege('agentline_analyst', 'pr_activity', 'SELECT')").query(Boolean.class).single()).isTrue();
    assertThat(jdbc.sql("""
            SELECT count(*) FROM pg_attribute a WHERE a.attrelid = 'pr_activity'::regclass AND a.attnum > 0
               AND col_description(a.attrelid, a.attnum) IS NULL""").query(Long.class).single()).isZero();
  }

  /** docs/analytics.md's "review comments per PR this month" answers what the page shows, on this history. */
  @Test
  void theAnalyticsDocsReviewCommentsQueryAnswersAsShown() throws IOException {
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/analytics.md"));
    java.util.regex.Matcher block = java.util.regex.Pattern.compile("```sql\\n(SELECT s.task_id, s.title, s.status,.*?)```",
        java.util.regex.Pattern.DOTALL).matcher(doc);
    assertThat(block.find()).as("the review comments query in docs/analytics.md").isTrue();

    List<String> rows = jdbc.sql(block.group(1).strip().replaceAll(";$", "")).query((rs, n) -> String.join(" | ", rs.getString(1),
        rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6))).list();

    assertThat(rows).containsExactly(
        "t-merged | Ticket t-merged | MERGED | 3 | 1 | 1.33",
        "t-closed | Ticket t-closed | CLOSED | 0 | 2 | 1.33",
        "t-open | Ticket t-open | PR_OPENED | 1 | 0 | 1.33");
  }

  @Test
  void theReportsSqlCountsEachTaskOfThePeriod() {
    List<ReportTask> tasks = queries.reportTasks(Instant.now().minus(Duration.ofDays(28)));

    assertThat(tasks).extracting(ReportTask::taskId).containsExactly("t-merged", "t-closed", "t-open", "t-nopr");
    assertThat(tasks.get(0)).isEqualTo(new ReportTask("t-merged", "Ticket t-merged", START, "MERGED", 600.0, 3, 1, 2, "MERGED", 0.05,
        0, 0, 0, 0));
    assertThat(tasks.get(1)).isEqualTo(new ReportTask("t-closed", "Ticket t-closed", START.plus(Duration.ofHours(1)), "CLOSED", 1800.0,
        0, 2, 1, "CLOSED", 0.03, 1, 1, 1, 1));
    assertThat(tasks.get(2)).isEqualTo(new ReportTask("t-open", "Ticket t-open", START.plus(Duration.ofHours(2)), "PR_OPENED", 1200.0,
        1, 0, 1, "OPEN", 0.01, 0, 0, 0, 0));
    assertThat(tasks.get(3).outcome()).isNull();
    // a merged pull request ends the task (V8's task_summary)
    assertThat(jdbc.sql("""
            SELECT s.ended_at = (SELECT max(occurred_at) FROM audit_record r WHERE r.task_id = s.task_id AND r.record_type = 'TaskEvent'
                                    AND r.body->>'type' = 'STATE_CHANGED' AND r.body->>'status' = 'MERGED')
              FROM task_summary s WHERE s.task_id = 't-merged'""").query(Boolean.class).single()).isTrue();
    assertThat(tasks.get(3).hasPullRequest()).isFalse();
  }

  @Test
  void theReportComparesThePeriodWithTheCodeHostsBaseline() throws Exception {
    JsonNode report = get("/api/report?since=28d&baselineFrom=56d", 200);

    assertThat(report.get("since").asString()).isEqualTo("28d");
    assertThat(report.at("/agentline/tasks").asInt()).isEqualTo(4);
    assertThat(report.at("/agentline/pullRequests").asInt()).isEqualTo(3);
    assertThat(report.at("/agentline/ticketToPrSeconds/p50").asDouble()).isEqualTo(1200.0);
    assertThat(report.at("/agentline/ticketToPrSeconds/p90").asDouble()).isEqualTo(1800.0);
    assertThat(report.at("/agentline/reviewCommentsPerPr").asDouble()).isEqualTo(1.3333);
    assertThat(report.at("/agentline/ciFailuresPerPr").asDouble()).isEqualTo(1.0);
    assertThat(report.at("/agentline/mergeRate").asDouble()).isEqualTo(0.5);
    assertThat(report.at("/agentline/open").asInt()).isEqualTo(1);
    assertThat(report.at("/agentline/costPerMergedPrUsd").asDouble()).isEqualTo(0.1);
    assertThat(report.at("/agentline/iterationsPerPr").asDouble()).isEqualTo(1.3333);
    assertThat(report.at("/agentline/takeovers").asInt()).isEqualTo(1);
    assertThat(report.at("/takeovers/tasks/0").asString()).isEqualTo("t-closed");
    assertThat(report.at("/misplanning/tasks/0/taskId").asString()).isEqualTo("t-closed");
    assertThat(report.at("/misplanning/planRejections/total").asInt()).isEqualTo(1);
    // the baseline: 56 days ago until the period's start, from the code host
    assertThat(report.at("/baseline/configured").asBoolean()).isTrue();
    assertThat(report.at("/baseline/pullRequests").asInt()).isEqualTo(3);
    assertThat(Duration.between(ASKED.get(ASKED.size() - 1)[0], ASKED.get(ASKED.size() - 1)[1])).isBetween(Duration.ofDays(28).minusMinutes(1),
        Duration.ofDays(28).plusMinutes(1));
    assertThat(report.at("/human/reviewCommentsPerPr").asDouble()).isEqualTo(3.0);
    assertThat(report.at("/human/ciFailuresPerPr").asDouble()).isEqualTo(1.0);
    assertThat(report.at("/human/mergeRate").asDouble()).isEqualTo(0.5);
    assertThat(report.at("/human/ticketToPrSeconds/p50").asDouble()).isEqualTo(7200.0);
    assertThat(report.at("/human/costPerMergedPrUsd").isNull()).isTrue();
    assertThat(report.get("pullRequests").size()).isEqualTo(3);
    assertThat(report.get("baselinePullRequests").size()).isEqualTo(3);
    // without baselineFrom there is no baseline
    JsonNode alone = get("/api/report", 200);
    assertThat(alone.get("baseline").isNull()).isTrue();
    assertThat(alone.get("human").isNull()).isTrue();
    assertThat(alone.get("since").asString()).isEqualTo("28d");
  }

  @Test
  void theCsvHasTheSameFiguresOneRowEach() throws Exception {
    HttpResponse<String> csv = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/report.csv?since=28d&baselineFrom=56d"))).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("agentline-report.csv");
    List<String> lines = csv.body().lines().toList();
    assertThat(lines.get(0)).isEqualTo("metric,label,agentline,baseline");
    assertThat(lines).allSatisfy(line -> assertThat(line.replaceAll("\"[^\"]*\"", "q").split(",", -1)).hasSize(4));
    assertThat(lines).contains("pull_requests,Pull requests,3,3", "merge_rate,Merge rate (merged / ended),0.5,0.5",
        "review_comments_per_pr,Review comments per PR,1.3333,3", "takeovers,Takeovers,1,", "iterations_per_pr,Iterations per PR,1.3333,");
    assertThat(csv.body()).endsWith("\r\n");
  }

  @Test
  void aBadParameterIsABadRequestNamingIt() throws Exception {
    assertThat(get("/api/report?since=lately", 400).get("parameter").asString()).isEqualTo("since");
    assertThat(get("/api/report?baselineFrom=whenever", 400).get("parameter").asString()).isEqualTo("baselineFrom");
    assertThat(get("/api/report?baselineUntil=28d", 400).get("parameter").asString()).isEqualTo("baselineFrom");
    assertThat(get("/api/report?baselineFrom=7d&baselineUntil=14d", 400).get("parameter").asString()).isEqualTo("baselineUntil");
    assertThat(get("/api/report.csv?sinse=7d", 400).get("parameter").asString()).isEqualTo("sinse");
    // as the CLI asks for the CSV: the problem still comes back as JSON
    HttpResponse<String> csv = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/report.csv?since=lately")))
        .header("Accept", "text/csv, application/problem+json;q=0.9").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(csv.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(csv.body()).get("parameter").asString()).isEqualTo("since");
  }

  @Test
  void aCodeHostThatCannotGiveTheBaselineIsABadGatewayWithItsReason() throws Exception {
    JsonNode problem = get("/api/report?baselineFrom=2000-01-01&baselineUntil=2000-02-01", 502);

    assertThat(problem.get("detail").asString()).contains("GitHub rate limit reached; it resets at 2030-01-01T00:00:00Z");
  }

  private JsonNode get(String path, int status) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).header("Accept", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
