package dev.agentline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentline.audit.AuditApplication;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.access.ApiTokens;
import dev.agentline.platform.KafkaAdmin;
import dev.agentline.platform.LocalKafka;
import dev.agentline.platform.Meta;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.ChatMessage;
import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.PullRequest;
import dev.agentline.schemas.Review;
import dev.agentline.schemas.ReviewVerdict;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.TaskSubmitted;
import dev.agentline.schemas.Ticket;
import dev.agentline.schemas.Usage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

/**
 * {@code agentline metrics} against a real audit service (its embedded PostgreSQL, a real broker) that
 * has recorded one task: submitted, a failed code-edit answer, a pull request 90 s after the ticket, approved by review.
 */
class MetricsCommandTest {
  private static final String TASK = "t-metrics";
  private static final Instant T0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
  private static Path dir;
  private static LocalKafka kafka;
  private static ConfigurableApplicationContext audit;
  private static String auditUrl;

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  static final String TOKEN = "analyst-token";

  @BeforeAll
  static void startAuditWithOneTask() throws Exception {
    AvroCodec.trustAgentlineRecords();
    dir = Files.createTempDirectory("metrics-command-test");
    kafka = LocalKafka.start(dir.resolve("kafka"));
    KafkaAdmin.createTopics(kafka.bootstrapServers(), 1);
    audit = new SpringApplicationBuilder(AuditApplication.class).run(
        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--server.port=0",
        // secured as deployed: the CLI's --token is the analyst's API token
        "--agentline.security.tokens[0].name=analyst", "--agentline.security.tokens[0].sha256=" + ApiTokens.digest(TOKEN),
        "--agentline.security.tokens[0].roles=analyst");
    auditUrl = "http://localhost:" + audit.getEnvironment().getProperty("local.server.port");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer())) {
      for (Map.Entry<String, SpecificRecordBase> record : oneTask()) {
        producer.send(new ProducerRecord<>(record.getKey(), TASK, AvroCodec.get().encode(record.getValue()))).get();
      }
    }
    var jdbc = org.springframework.jdbc.core.simple.JdbcClient.create(audit.getBean(javax.sql.DataSource.class));
    await().atMost(Duration.ofSeconds(60))
        .until(() -> jdbc.sql("SELECT count(*) FROM audit_record").query(Long.class).single() == oneTask().size());
  }

  @AfterAll
  static void stop() throws Exception {
    if (audit != null) audit.close();
    if (kafka != null) kafka.close();
  }

  @Test
  void withoutATokenTheAuditServiceRefusesAndTheCliSaysWhy() {
    assertThat(metricsWithoutToken("--since", "14d", "--audit-url", auditUrl)).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString()).contains("401", "authentication required");
  }

  int metrics(String... args) {
    return metricsWithoutToken(java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--token", TOKEN))
        .toArray(String[]::new));
  }

  int metricsWithoutToken(String... args) {
    CommandLine cli = new CommandLine(new MetricsCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void printsThePilotMetricsOfTheWindowAsATable() {
    assertThat(metrics("--since", "14d", "--audit-url", auditUrl)).as(err.toString()).isZero();

    assertThat(out.toString()).contains(
        "(14d): 1 task(s), 1 with a pull request",
        "  ticket to PR ready: p50 1 min 30 s, p90 1 min 30 s, max 1 min 30 s",
        "  test/CI failures:   0 (0.00 per task; 0 task(s) with any)",
        "  plan revisions:     0 (0.00 per task; 0 task(s) with any)",
        "  review:             1 approve, 0 request-changes, 0 not reviewed",
        "  cost per task:      mean $0.0150, p50 $0.0150, max $0.0150 (total $0.0150)",
        "  tokens:             manager 1,500 (75.0%), workers 500 (25.0%)",
        "    code-edit           1        1  100.0%",
        "    manager             1        0    0.0%");
  }

  @Test
  void aWindowWithNothingInItSaysSo() {
    assertThat(metrics("--since", "1m", "--audit-url", auditUrl)).isZero();

    assertThat(out.toString()).contains("0 task(s), 0 with a pull request", "ticket to PR ready: no pull request yet", "tokens:             none spent");
  }

  @Test
  void jsonPrintsTheServicesAnswer() throws Exception {
    assertThat(metrics("--since", "P14D", "--audit-url", auditUrl, "--json")).isZero();

    var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
    assertThat(report.path("tasks").asInt()).isEqualTo(1);
    assertThat(report.path("ticketToPrSeconds").path("p50").asDouble()).isEqualTo(90.0);
  }

  @Test
  void aBadSinceIsBadInputWithTheServicesReason() {
    assertThat(metrics("--since", "fortnight", "--audit-url", auditUrl)).isEqualTo(ExitCodes.BAD_INPUT);

    assertThat(err.toString()).contains("metrics: the audit service refused (HTTP 400): since must be an age");
  }

  @Test
  void anAuditServiceThatIsNotThereIsReported() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThat(metrics("--audit-url", "http://localhost:" + port)).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(err.toString()).contains("cannot reach the audit service at http://localhost:" + port);
    assertThat(metrics("--audit-url", "ftp://x")).isEqualTo(ExitCodes.BAD_INPUT);
  }

  private static List<Map.Entry<String, SpecificRecordBase>> oneTask() {
    Instant pr = T0.plusSeconds(90);
    return List.of(
        Map.entry(Topics.TASKS, TaskSubmitted.newBuilder().setMeta(Meta.of(TASK, null, "intake", T0)).setRepository("file:///repo.git")
            .setTitle("Fix add").setDescription("add subtracts").setTestCommand("sh run-tests.sh").setRequester("bob").build()),
        Map.entry(Topics.TASK_EVENTS, event(T0, TaskEventType.STATE_CHANGED, TaskStatus.RECEIVED)),
        Map.entry(Topics.steps(Role.CODE_EDIT), StepRequest.newBuilder().setMeta(Meta.of(TASK, null, "planner", T0.plusSeconds(10)))
            .setRequestId(TASK + "/s1/1").setRole(Role.CODE_EDIT).setKind(StepKind.EXECUTE).setStepId("s1")
            .setTicket(Ticket.newBuilder().setTitle("Fix add").setDescription("add subtracts").build()).build()),
        Map.entry(Topics.steps(Role.MANAGER), StepRequest.newBuilder().setMeta(Meta.of(TASK, null, "planner", T0.plusSeconds(5)))
            .setRequestId(TASK + "/plan/1").setRole(Role.MANAGER).setKind(StepKind.PLAN).setStepId("plan")
            .setTicket(Ticket.newBuilder().setTitle("Fix add").setDescription("add subtracts").build()).build()),
        Map.entry(Topics.STEP_RESULTS, StepResult.newBuilder().setMeta(Meta.of(TASK, null, "worker", T0.plusSeconds(12)))
            .setRequestId(TASK + "/s1/1").setRole(Role.CODE_EDIT).setKind(StepKind.EXECUTE).setStepId("s1").setOk(false)
            .setError("no SEARCH/REPLACE block").setUsage(new Usage(400, 100, 0.003)).build()),
        Map.entry(Topics.MODEL_CALLS, modelCall(Role.MANAGER, 1200, 300, 0.012)),
        Map.entry(Topics.MODEL_CALLS, modelCall(Role.CODE_EDIT, 400, 100, 0.003)),
        Map.entry(Topics.TASK_EVENTS, reviewed(T0.plusSeconds(80))),
        Map.entry(Topics.TASK_EVENTS, prOpened(pr)),
        Map.entry(Topics.TASK_EVENTS, event(pr, TaskEventType.STATE_CHANGED, TaskStatus.DONE)));
  }

  private static TaskEvent event(Instant at, TaskEventType type, TaskStatus status) {
    return TaskEvent.newBuilder().setMeta(Meta.of(TASK, null, "planner", at)).setType(type).setStatus(status).setMessage(type + " " + status).build();
  }

  private static TaskEvent reviewed(Instant at) {
    TaskEvent event = event(at, TaskEventType.REVIEWED, TaskStatus.VALIDATING);
    event.setReview(new Review(ReviewVerdict.APPROVE, "fine", List.of()));
    return event;
  }

  private static TaskEvent prOpened(Instant at) {
    TaskEvent event = event(at, TaskEventType.PR_OPENED, TaskStatus.PR_OPENED);
    event.setPullRequest(new PullRequest("agentline/" + TASK, "Fix add", "body", "file:///repo.git#agentline/" + TASK, null));
    return event;
  }

  private static ModelCall modelCall(Role role, int in, int outTokens, double cost) {
    return ModelCall.newBuilder().setMeta(Meta.of(TASK, null, "worker", T0.plusSeconds(11))).setRequestId(TASK + "/x/1").setRole(role)
        .setKind(StepKind.EXECUTE).setProvider("replay").setModel("m").setPrompt(List.of(new ChatMessage("user", "hi"))).setResponse("ok")
        .setUsage(new Usage(in, outTokens, cost)).setLatencyMs(10).setOk(true).build();
  }
}
