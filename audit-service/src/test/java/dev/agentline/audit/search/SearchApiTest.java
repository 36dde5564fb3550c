package dev.agentline.audit.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentline.audit.AuditApplication;
import dev.agentline.audit.TestBroker;
import dev.agentline.audit.ingest.IngestBridge;
import dev.agentline.audit.ingest.Records;
import dev.agentline.audit.store.AuditStore;
import dev.agentline.audit.store.SearchIndexer;
import dev.agentline.audit.synthetic.SyntheticStore;
import dev.agentline.platform.Meta;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.TaskState;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.TaskSubmitted;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.Usage;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
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
 * Search over HTTP against the service's embedded PostgreSQL, holding a few thousand realistic
 * synthetic records plus known ones: filters, the repository of records that do not carry one,
 * pagination within the ranking window, escaped snippets, and a 400 naming each bad parameter.
 */
@SpringBootTest(classes = AuditApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"agentline.security.mode=off", "agentline.audit.search-window=100", "agentline.audit.max-search-limit=50", "agentline.audit.search-page-size=20"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
@Import(TestBroker.Shutdown.class)
class SearchApiTest {
  private static final String ALPHA = "https://git.example.com/acme/alpha.git";
  private static final String BETA = "https://git.example.com/acme/beta.git";
  private static final String DELTA = "https://git.example.com/acme/delta.git";
  private static final Instant T0 = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static TestBroker kafka;

  @Autowired AuditStore store;
  @Autowired SearchIndexer indexer;
  @Autowired DataSource dataSource;
  @LocalServerPort int port;
  private long offset = 1_000_000;

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) throws IOException {
    kafka = TestBroker.start("audit-search-test", false, registry);
  }


  @BeforeAll
  void storeSyntheticAndKnownRecords() throws Exception {
    // realistic background: every record type, 24 repositories, common words everywhere
    SyntheticStore.load(dataSource, 3_000, 7, T0.minus(5, ChronoUnit.DAYS), ChronoUnit.DAYS.getDuration().toMillis() * 20, 2);

    // task alpha: its repository is named by TaskSubmitted and ToolRequest only
    store(Topics.TASKS, "t-alpha", T0, TaskSubmitted.newBuilder().setMeta(Meta.of("t-alpha", null, "intake", T0)).setRepository(ALPHA)
        .setTitle("Zyzzogeton totals are off").setDescription("The zyzzogeton report rounds down.").setTestCommand("mvn test").build());
    store(Topics.TASK_EVENTS, "t-alpha", T0.plusSeconds(1), Records.taskEvent("t-alpha", T0.plusSeconds(1), "planning the zyzzogeton fix"));
    store(Topics.MODEL_CALLS, "t-alpha", T0.plusSeconds(2),
        Records.modelCall("t-alpha", T0.plusSeconds(2), "Fix the zyzzogeton page: <script>alert('owned')</script> & \"quotes\""));
    store(Topics.STEP_RESULTS, "t-alpha", T0.plusSeconds(3), StepResult.newBuilder().setMeta(Meta.of("t-alpha", null, "worker", T0.plusSeconds(3)))
        .setRequestId("t-alpha/s1/1").setRole(Role.CODE_EDIT).setKind(StepKind.EXECUTE).setStepId("s1").setOk(true)
        .setText("rounded the zyzzogeton totals half-even").setUsage(new Usage(1, 1, 0.0)).build());
    // the planner's state snapshot of task alpha (its changelog): stored, not searched
    store("agentline-planner-task-state-changelog", "t-alpha", T0.plusSeconds(3), TaskState.newBuilder().setTaskId("t-alpha")
        .setStatus(TaskStatus.EXECUTING).setSubmitted(TaskSubmitted.newBuilder().setMeta(Meta.of("t-alpha", null, "intake", T0))
            .setRepository(ALPHA).setTitle("Zyzzogeton totals are off").setDescription("The zyzzogeton report rounds down.")
            .setTestCommand("mvn test").build())
        .setDeadline(T0.plus(1, ChronoUnit.HOURS)).setBranch("agentline/t-alpha").setUpdatedAt(T0.plusSeconds(3)).build());
    // task beta, another repository, no TaskSubmitted recorded: its ToolRequest carries the repository
    store(Topics.TOOL_REQUESTS, "t-beta", T0.plusSeconds(4), ToolRequest.newBuilder().setMeta(Meta.of("t-beta", null, "planner", T0.plusSeconds(4)))
        .setRequestId("t-beta/s1/1/search").setTool(ToolName.SEARCH).setRepository(BETA).setBaseBranch("main").setBranch("agentline/t-beta")
        .setQuery("zyzzogeton").build());
    // 130 events of task gamma for paging, one a minute
    for (int i = 0; i < 130; i++) {
      Instant at = T0.plus(1, ChronoUnit.HOURS).plus(i, ChronoUnit.MINUTES);
      store(Topics.TASK_EVENTS, "t-gamma", at, Records.taskEvent("t-gamma", at, "quodlibet event number " + i));
    }
    // the service's indexer makes them searchable behind the store
    await().until(() -> indexer.pending() == 0);

    // task delta: its model call is stored and indexed before its TaskSubmitted (topics are read in any order)
    store(Topics.MODEL_CALLS, "t-delta", T0.plusSeconds(6), Records.modelCall("t-delta", T0.plusSeconds(6), "the frumious bandersnatch"));
    await().until(() -> indexer.pending() == 0);
    store(Topics.TASKS, "t-delta", T0.plusSeconds(5), TaskSubmitted.newBuilder().setMeta(Meta.of("t-delta", null, "intake", T0.plusSeconds(5)))
        .setRepository(DELTA).setTitle("Bandersnatch").setDescription("Shun the frumious bandersnatch.").setTestCommand("mvn test").build());
    await().until(() -> indexer.pending() == 0);
  }

  private void store(String topic, String key, Instant at, SpecificRecordBase record) {
    assertThat(store.insert(IngestBridge.row(topic, 0, offset++, key, record, at))).isTrue();
  }

  @Test
  void repositoryFilterFindsRecordsThroughTheirTasksSubmission() throws Exception {
    JsonNode alpha = search("q=zyzzogeton&repository=" + encode(ALPHA));

    assertThat(types(alpha)).containsExactlyInAnyOrder("TaskSubmitted", "TaskEvent", "ModelCall", "StepResult");
    assertThat(alpha.get("hits").valueStream().map(h -> h.get("repository").asString())).containsOnly(ALPHA);
    assertThat(alpha.get("hits").valueStream().map(h -> h.get("taskId").asString())).containsOnly("t-alpha");

    JsonNode beta = search("q=zyzzogeton&repository=" + encode(BETA));
    assertThat(types(beta)).containsExactly("ToolRequest");
    assertThat(search("q=zyzzogeton&repository=" + encode("https://git.example.com/acme/nothing.git")).get("hits")).isEmpty();
  }

  @Test
  void aRecordIndexedBeforeItsTasksSubmissionGetsTheRepositoryWhenTheSubmissionIsIndexed() throws Exception {
    JsonNode delta = search("q=bandersnatch&repository=" + encode(DELTA));

    assertThat(types(delta)).containsExactlyInAnyOrder("TaskSubmitted", "ModelCall");
    assertThat(delta.get("hits").valueStream().map(h -> h.get("repository").asString())).containsOnly(DELTA);
  }

  @Test
  void roleFilterKeepsTheRecordsOfThatRole() throws Exception {
    JsonNode manager = search("q=zyzzogeton&role=manager");
    assertThat(types(manager)).containsExactly("ModelCall");
    assertThat(manager.at("/hits/0/role").asString()).isEqualTo("MANAGER");

    assertThat(types(search("q=zyzzogeton&role=code-edit,review"))).containsExactly("StepResult");
  }

  @Test
  void recordTypeFilterTakesSeveralTypes() throws Exception {
    assertThat(types(search("q=zyzzogeton&recordType=TaskEvent&recordType=ToolRequest")))
        .containsExactlyInAnyOrder("TaskEvent", "ToolRequest");
  }

  @Test
  void timeRangeIncludesFromAndExcludesTo() throws Exception {
    String from = encode(T0.plusSeconds(1).toString());
    String to = encode(T0.plusSeconds(3).toString());

    assertThat(types(search("q=zyzzogeton&from=" + from + "&to=" + to))).containsExactlyInAnyOrder("TaskEvent", "ModelCall");
  }

  @Test
  void taskFilterCombinesWithTheOthers() throws Exception {
    assertThat(types(search("q=zyzzogeton&taskId=t-alpha&recordType=ModelCall,StepResult&role=CODE_EDIT"))).containsExactly("StepResult");
    assertThat(search("q=zyzzogeton&taskId=t-beta&repository=" + encode(ALPHA)).get("hits")).isEmpty();
  }

  @Test
  void snippetsHighlightMatchesAndEscapeTheRest() throws Exception {
    JsonNode hit = search("q=zyzzogeton&recordType=ModelCall").at("/hits/0");

    String snippet = hit.get("snippet").asString();
    assertThat(snippet).contains("<b>zyzzogeton</b>", "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;", "&amp; &quot;quotes&quot;");
    assertThat(snippet.replace("<b>", "").replace("</b>", "")).doesNotContain("<", ">");
  }

  /**
   * Snippets mark words in Java rather than with {@code ts_headline}; on the synthetic records (prose, class and file
   * names, paths, URLs, hyphenated words) they mark exactly the words PostgreSQL's headline marks.
   */
  @ParameterizedTest
  @ValueSource(strings = {"tests", "failed retries", "\"tests failed\"", "refund -coupon", "\"rounds half-cent amounts\"",
      "NullPointerException", "4xx", "per-tenant", "git.example.com", "timeout or deadlock", "parsing", "quantities"})
  void snippetsMarkTheWordsPostgresHeadlineMarks(String q) {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    List<Map<String, Object>> rows = jdbc.sql("""
            SELECT t.text, websearch_to_tsquery('english', :q)::text AS query,
                   ts_headline('english', t.text, websearch_to_tsquery('english', :q),
                               'HighlightAll=true, StartSel=' || chr(57344) || ', StopSel=' || chr(57345)) AS headline
              FROM audit_record r JOIN audit_search s ON s.record_id = r.id,
                   LATERAL (SELECT string_agg(v #>> '{}', ' ') AS text
                              FROM jsonb_path_query(r.body, 'strict $.** ? (@.type() == "string")') AS v) t
             WHERE s.search @@ websearch_to_tsquery('english', :q) ORDER BY r.id LIMIT 40""")
        .param("q", q).query().listOfRows();

    assertThat(rows).as("records matching %s", q).hasSizeGreaterThan(3);
    for (Map<String, Object> row : rows) {
      String text = (String) row.get("text");
      List<String> postgres = new ArrayList<>();
      Matcher m = Pattern.compile("\uE000(.*?)\uE001").matcher((String) row.get("headline"));
      while (m.find()) postgres.add(m.group(1));
      List<String> ours = new ArrayList<>();
      m = Pattern.compile("<b>(.*?)</b>").matcher(new Snippets((String) row.get("query")).htmlAll(text));
      while (m.find()) ours.add(m.group(1).replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">"));

      assertThat(postgres).as("PostgreSQL marks some word for %s in: %s", q, text).isNotEmpty();
      assertThat(ours).as("marked for %s in: %s", q, text).isEqualTo(postgres);
    }
  }

  @Test
  void pagesWalkTheRankingWindowWithoutRepeatsAndSayWhatIsLeft() throws Exception {
    Set<String> seen = new HashSet<>();
    List<JsonNode> pages = new ArrayList<>();
    String next = "0";
    while (next != null) {
      JsonNode page = search("q=quodlibet&limit=40&offset=" + next);
      pages.add(page);
      page.get("hits").forEach(h -> assertThat(seen.add(h.get("offset").asString())).as("hit repeated: %s", h).isTrue());
      next = page.get("nextOffset").isNull() ? null : page.get("nextOffset").asString();
    }

    // 130 match; the window ranks the newest 100: pages of 40, 40, 20
    assertThat(pages).extracting(p -> p.get("hits").size()).containsExactly(40, 40, 20);
    assertThat(pages).extracting(p -> p.get("hasMore").asBoolean()).containsExactly(true, true, false);
    assertThat(pages.get(0).get("total").asLong()).isEqualTo(100);
    assertThat(pages.get(0).get("moreBeyondWindow").asBoolean()).isTrue();
    assertThat(pages.get(0).get("window").asInt()).isEqualTo(100);
    // the newest 100 are the events 30..129
    assertThat(seen).hasSize(100);
    JsonNode oldest = search("q=quodlibet&to=" + encode(T0.plus(1, ChronoUnit.HOURS).plus(30, ChronoUnit.MINUTES).toString()));
    assertThat(oldest.get("total").asLong()).isEqualTo(30);
    assertThat(oldest.get("moreBeyondWindow").asBoolean()).isFalse();
    assertThat(oldest.get("hits").size()).isEqualTo(20);
  }

  @Test
  void aPageBeyondTheMatchesIsEmptyAndLast() throws Exception {
    JsonNode page = search("q=zyzzogeton&offset=60");

    assertThat(page.get("hits")).isEmpty();
    assertThat(page.get("hasMore").asBoolean()).isFalse();
    assertThat(page.get("total").asLong()).isEqualTo(5);
  }

  @Test
  void hitsAreRankedByRelevance() throws Exception {
    // the title and the description both say it: the submission ranks above records saying it once
    JsonNode hits = search("q=zyzzogeton&taskId=t-alpha").get("hits");

    assertThat(hits.get(0).get("recordType").asString()).isEqualTo("TaskSubmitted");
    assertThat(hits.get(0).get("rank").asDouble()).isGreaterThan(hits.get(hits.size() - 1).get("rank").asDouble());
  }

  /**
   * Whichever way a search finds its matches (a walk for common words, walking on, time slices of the GIN
   * matches for sparse ones, one walk per record type), it ranks exactly the newest {@code window} matches:
   * checked against plain SQL over the synthetic records, for words from most records to a few.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "test|-", "error|-", "expected|-", "invoice|-", "\"tests failed\"|-", "refund -coupon|-", "timeout or deadlock|-",
      "test|recordType=ToolResult", "error|recordType=ModelCall,StepRequest", "expected|recordType=ToolResult",
      "amount|role=MANAGER,code-edit", "test|repository", "invoice|repository", "\"tests failed\"|recordType=TaskEvent,ToolResult&repository"})
  void theNewestWindowOfMatchesIsRankedWhateverTheStrategy(String q, String filter) throws Exception {
    String repository = jdbc().queryForObject(
        "SELECT repository FROM audit_search WHERE repository IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1", String.class);
    String params = filter == null ? "" : "&" + filter.replace("repository", "repository=" + encode(repository));
    StringBuilder where = new StringBuilder("s.search @@ websearch_to_tsquery('english', ?)");
    List<Object> args = new ArrayList<>(List.of(q));
    if (filter != null && filter.contains("repository")) {
      where.append(" AND s.repository = ?");
      args.add(repository);
    }
    if (filter != null && filter.contains("recordType=")) {
      String types = filter.replaceAll(".*recordType=([^&]*).*", "$1");
      where.append(" AND s.record_type = ANY (string_to_array(?, ','))");
      args.add(types);
    }
    if (filter != null && filter.startsWith("role=")) {
      where.append(" AND s.role IN ('MANAGER', 'CODE_EDIT')");
    }
    String newest = """
        SELECT r.topic || '/' || r.kafka_partition || '/' || r.kafka_offset FROM (
          SELECT s.record_id, s.occurred_at, ts_rank(s.search, websearch_to_tsquery('english', ?)) AS rank
            FROM audit_search s WHERE %s ORDER BY s.occurred_at DESC, s.record_id DESC LIMIT %d) w
          JOIN audit_record r ON r.id = w.record_id
         ORDER BY w.rank DESC, w.occurred_at DESC, w.record_id DESC""";
    // the newest 100 (the window) ranked, and whether a 101st exists
    List<String> ranked = jdbc().queryForList(newest.formatted(where, 100), String.class, concat(q, args));
    boolean more = jdbc().queryForList(newest.formatted(where, 101), String.class, concat(q, args)).size() > 100;
    assertThat(ranked).as("the synthetic records hold matches of %s %s", q, filter).hasSizeGreaterThan(5);

    List<String> pages = new ArrayList<>();
    JsonNode first = search("q=" + encode(q) + params + "&limit=50");
    for (JsonNode page = first; ; page = search("q=" + encode(q) + params + "&limit=50&offset=" + page.get("nextOffset").asInt())) {
      page.get("hits").forEach(h -> pages.add(h.get("topic").asString() + "/" + h.get("partition").asInt() + "/" + h.get("offset").asLong()));
      if (page.get("nextOffset").isNull()) break;
    }

    assertThat(first.get("total").asLong()).isEqualTo(ranked.size());
    assertThat(first.get("moreBeyondWindow").asBoolean()).isEqualTo(more);
    assertThat(pages).containsExactlyElementsOf(ranked);
  }

  private static Object[] concat(String q, List<Object> args) {
    List<Object> all = new ArrayList<>();
    all.add(q);
    all.addAll(args);
    return all.toArray();
  }

  private org.springframework.jdbc.core.JdbcTemplate jdbc() {
    return new org.springframework.jdbc.core.JdbcTemplate(dataSource);
  }

  @Test
  void repositoriesListsTheTasksOfEachRepository() throws Exception {
    JsonNode repositories = get("/api/audit/repositories", 200);

    assertThat(repositories.get(ALPHA).asLong()).isEqualTo(1);
    assertThat(repositories.has(BETA)).isFalse();
    assertThat(repositories.size()).isGreaterThan(5);
  }

  @Test
  void thePlannersStateSnapshotsAreStoredButNotSearched() throws Exception {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    assertThat(jdbc.sql("SELECT count(*) FROM audit_record WHERE task_id = 't-alpha' AND record_type = 'TaskState'").query(Long.class).single())
        .isEqualTo(1);
    assertThat(jdbc.sql("SELECT count(*) FROM audit_search WHERE record_type = 'TaskState'").query(Long.class).single()).isZero();
    assertThat(types(search("q=zyzzogeton&taskId=t-alpha"))).isNotEmpty().doesNotContain("TaskState");

    JsonNode refused = get("/api/audit/search?q=zyzzogeton&recordType=TaskState,TaskEvent", 400);
    assertThat(refused.get("parameter").asString()).isEqualTo("recordType");
    assertThat(refused.get("detail").asString()).startsWith("TaskState records are not searched").contains("/api/tasks/{id}/timeline");
  }

  @Test
  void eachBadParameterIsABadRequestNamingIt() throws Exception {
    assertBadRequest("q=x&from=yesterday", "from");
    assertBadRequest("q=x&to=2026-11-25T10:00:00", "to");
    assertBadRequest("q=x&from=2026-11-25&to=2026-11-24", "to");
    assertBadRequest("q=x&role=janitor", "role");
    assertBadRequest("q=x&recordType=Tweet", "recordType");
    assertBadRequest("q=x&limit=51", "limit");
    assertBadRequest("q=x&offset=100", "offset");
    assertBadRequest("q=x&offset=-1", "offset");
    assertBadRequest("q=x&taskid=t-alpha", "taskid");
    assertBadRequest("q=x&q=y", "q");
  }

  private void assertBadRequest(String query, String parameter) throws Exception {
    JsonNode problem = get("/api/audit/search?" + query, 400);
    assertThat(problem.get("parameter").asString()).as(query).isEqualTo(parameter);
    assertThat(problem.get("title").asString()).isEqualTo("Invalid request parameter");
  }

  private static List<String> types(JsonNode page) {
    return page.get("hits").valueStream().map(h -> h.get("recordType").asString()).toList();
  }

  private JsonNode search(String query) throws Exception {
    return get("/api/audit/search?" + query, 200);
  }

  private JsonNode get(String path, int expectedStatus) throws Exception {
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("status of GET %s: %s", path, response.body()).isEqualTo(expectedStatus);
    return JSON.readTree(response.body());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
