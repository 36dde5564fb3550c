package dev.agentline.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.audit.store.IngestRecord;
import dev.agentline.audit.store.Normalised;
import dev.agentline.audit.store.Normalised.ModelCallRow;
import dev.agentline.audit.store.Normalised.PlanVersionRow;
import dev.agentline.audit.store.Normalised.PrEventRow;
import dev.agentline.audit.store.Normalised.TaskEventRow;
import dev.agentline.audit.store.Normalised.TaskUpdate;
import dev.agentline.audit.store.Normalised.ToolCallRow;
import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Meta;
import dev.agentline.schemas.CiConclusion;
import dev.agentline.schemas.CodeHostKind;
import dev.agentline.schemas.FailureReason;
import dev.agentline.schemas.Plan;
import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.schemas.PullRequestEventType;
import dev.agentline.schemas.StepType;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.TaskSubmitted;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalisedRowsTest {
  private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void taskSubmittedStartsTheTaskRow() {
    TaskSubmitted submitted = TaskSubmitted.newBuilder().setMeta(Meta.of("t1", null, "intake", AT)).setRepository("/repo")
        .setTitle("Fix it").setDescription("d").setTestCommand("mvn test").setRequester("ana").setLabels(List.of("bug")).build();

    assertThat(NormalisedRows.of(submitted, "t1", AT)).containsExactly(
        new TaskUpdate("t1", "/repo", "Fix it", "ana", List.of("bug"), "rest", AT, "RECEIVED", AT, null, null, null, AT));
  }

  @Test
  void acceptedPlanBecomesAPlanVersionAndTheEventMovesTheStatus() {
    Plan plan = Plan.newBuilder().setGoal("split the frobnicator").setVersion(2).setSteps(List.of(
        PlanStep.newBuilder().setId("s1").setType(StepType.CODE_EDIT).setDescription("extract").build())).build();
    TaskEvent revised = TaskEvent.newBuilder().setMeta(Meta.of("t1", null, "planner", AT)).setType(TaskEventType.PLAN_REVISED)
        .setStatus(TaskStatus.EXECUTING).setMessage("plan v2").setPlan(plan).build();

    List<Normalised> rows = NormalisedRows.of(revised, "t1", AT);

    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).isInstanceOfSatisfying(TaskEventRow.class, e -> assertThat(e.type()).isEqualTo("PLAN_REVISED"));
    assertThat(rows.get(1)).isEqualTo(TaskUpdate.at("t1", AT).withStatus("EXECUTING", AT));
    assertThat(rows.get(2)).isInstanceOfSatisfying(PlanVersionRow.class, p -> {
      assertThat(p.version()).isEqualTo(2);
      assertThat(p.steps()).isEqualTo(1);
      assertThat(p.planJson()).contains("\"goal\":\"split the frobnicator\"");
    });
  }

  @Test
  void aPullRequestEventIsAPrEventRowAndATaskEventKeepsItsIteration() {
    PullRequestEvent ci = PullRequestEvent.newBuilder().setMeta(Meta.of("t1", null, "tool-runner", AT)).setHost(CodeHostKind.GITLAB)
        .setType(PullRequestEventType.CI_COMPLETED).setDeliveryId("poll:gitlab:pipeline:7").setItemKey("gitlab:pipeline:7")
        .setRepository("acme/calculator").setNumber(5).setUrl("https://gitlab.example.com/acme/calculator/-/merge_requests/5")
        .setBranch("agentline/t1").setHeadCommit("abc123").setActor("ci").setCiName("pipeline").setCiConclusion(CiConclusion.FAILURE)
        .setCiUrl("https://gitlab.example.com/acme/calculator/-/pipelines/7").setLogExcerpt("FAIL").setHappenedAt(AT.minusSeconds(5))
        .setVia("poll").build();

    assertThat(NormalisedRows.of(ci, "t1", AT)).containsExactly(new PrEventRow("t1", "GITLAB", "CI_COMPLETED", "gitlab:pipeline:7",
        "poll:gitlab:pipeline:7", "acme/calculator", 5, "https://gitlab.example.com/acme/calculator/-/merge_requests/5", "agentline/t1",
        "abc123", "ci", null, null, null, null, null, null, "pipeline", "FAILURE", "https://gitlab.example.com/acme/calculator/-/pipelines/7",
        AT.minusSeconds(5), "poll", AT));
    TaskEvent activity = TaskEvent.newBuilder().setMeta(Meta.of("t1", null, "planner", AT)).setType(TaskEventType.PR_ACTIVITY)
        .setStatus(TaskStatus.PR_OPENED).setMessage("CI pipeline failed").setIteration(2).setPrItemKey("gitlab:pipeline:7").build();
    assertThat(NormalisedRows.of(activity, "t1", AT).get(0)).isInstanceOfSatisfying(TaskEventRow.class, e -> {
      assertThat(e.iteration()).isEqualTo(2);
      assertThat(e.prItemKey()).isEqualTo("gitlab:pipeline:7");
    });
  }

  @Test
  void aFailedTaskKeepsItsTypedReasonButAGuardrailWarningDoesNot() {
    TaskEvent failed = TaskEvent.newBuilder().setMeta(Meta.of("t1", null, "planner", AT)).setType(TaskEventType.STATE_CHANGED)
        .setStatus(TaskStatus.FAILED).setMessage("deadline").setReason(FailureReason.DEADLINE).build();
    TaskEvent warning = TaskEvent.newBuilder(failed).setType(TaskEventType.GUARDRAIL_HIT).setStatus(TaskStatus.EXECUTING).build();

    assertThat(((TaskUpdate) NormalisedRows.of(failed, "t1", AT).get(1)).failureCode()).isEqualTo("DEADLINE");
    assertThat(((TaskUpdate) NormalisedRows.of(warning, "t1", AT).get(1)).failureCode()).isNull();
  }

  @Test
  void modelCallTakesStepAndAttemptFromItsRequestId() {
    ModelCallRow row = (ModelCallRow) NormalisedRows.of(Records.modelCall("t/with/slash", AT, "p"), "t/with/slash", AT).get(0);
    assertThat(row.stepId()).isEqualTo("plan");
    assertThat(row.attempt()).isEqualTo(1);
    assertThat(row.role()).isEqualTo("MANAGER");
    assertThat(row.inputTokens()).isEqualTo(1200);
  }

  @Test
  void toolRequestAndResultAreTwoHalvesOfOneToolCall() {
    ToolRequest request = ToolRequest.newBuilder().setMeta(Meta.of("t1", null, "planner", AT)).setRequestId("t1/s1/1/test")
        .setTool(ToolName.RUN_TESTS).setRepository("/repo").setBaseBranch("main").setBranch("agentline/t1").build();
    ToolCallRow requested = (ToolCallRow) NormalisedRows.of(request, "t1", AT).get(0);
    ToolCallRow finished = (ToolCallRow) NormalisedRows.of(Records.failedTests("t1", AT.plusSeconds(5)), "t1", AT.plusSeconds(5)).get(0);

    assertThat(requested.with(finished)).isEqualTo(new ToolCallRow("t1/s1/1/test", "t1", "RUN_TESTS", "s1", 1, "test", AT, false,
        "tests failed", null, 4200L, AT.plusSeconds(5)));
  }

  @Test
  void aLaterStatusWinsWhateverOrderTheUpdatesArriveIn() {
    TaskUpdate executing = TaskUpdate.at("t1", AT.plusSeconds(10)).withStatus("EXECUTING", AT.plusSeconds(10));
    TaskUpdate received = TaskUpdate.at("t1", AT).withStatus("RECEIVED", AT).withBranch("agentline/t1");

    TaskUpdate merged = executing.then(received);
    assertThat(merged.status()).isEqualTo("EXECUTING");
    assertThat(merged.branch()).isEqualTo("agentline/t1");
    assertThat(merged.at()).isEqualTo(AT.plusSeconds(10));
  }

  @Test
  void deadLettersAndUndecodableValuesStayRawOnly() {
    IngestRecord garbage = AuditRows.ingest(new IncomingRecord("agentline.tasks", 0, 1, "t1", new byte[] {1, 2}, AT, List.of()));
    IngestRecord dead = AuditRows.ingest(new IncomingRecord("agentline.tasks.dlt", 0, 1, "t1",
        AvroCodec.get().encode(Records.taskEvent("t1", AT, "x")), AT, List.of()));

    assertThat(garbage.normalised()).isEmpty();
    assertThat(dead.normalised()).isEmpty();
  }

  @Test
  void normalisedRowsSeeTheRedactedRecord() {
    TaskEvent event = TaskEvent.newBuilder().setMeta(Meta.of("t1", null, "planner", AT)).setType(TaskEventType.STEP_FAILED)
        .setStatus(TaskStatus.EXECUTING).setMessage("push failed: https://bot:hunter22@git.example.com/r.git").build();

    IngestRecord ingested = AuditRows.ingest(new IncomingRecord("agentline.task-events", 0, 1, "t1",
        AvroCodec.get().encode(event), AT, List.of()));

    assertThat(((TaskEventRow) ingested.normalised().get(0)).message()).isEqualTo("push failed: https://bot:***@git.example.com/r.git");
    assertThat(ingested.raw().summary()).doesNotContain("hunter22");
    assertThat(ingested.raw().redactions()).containsEntry("url-password", 1);
  }

  @Test
  void requestIdsOfOtherShapesLeaveThePartsUnknown() {
    assertThat(RequestIds.parse("t1", "t1/s2/3/apply")).isEqualTo(new RequestIds("s2", 3, "apply"));
    assertThat(RequestIds.parse("t1", "t1/plan/x")).isEqualTo(new RequestIds("plan", null, null));
    assertThat(RequestIds.parse("t1", null)).isEqualTo(new RequestIds(null, null, null));
  }
}
