package dev.agentline.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.platform.Meta;
import dev.agentline.schemas.CommandType;
import dev.agentline.schemas.Edit;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.TaskCommand;
import dev.agentline.schemas.TaskSubmitted;
import dev.agentline.schemas.Ticket;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.Usage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummariesTest {
  private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void taskEventIsSummarizedByItsMessageAndTypedByItsType() {
    Summary summary = Summaries.of(Records.taskEvent("t1", AT, "plan requested\nfrom the manager"));
    assertThat(summary.eventType()).isEqualTo("STATE_CHANGED");
    assertThat(summary.line()).isEqualTo("plan requested from the manager");
  }

  @Test
  void modelCallShowsRoleKindModelAndTokens() {
    Summary summary = Summaries.of(Records.modelCall("t1", AT, "refactor"));
    assertThat(summary.eventType()).isEqualTo("PLAN");
    assertThat(summary.line()).isEqualTo("MANAGER/PLAN replay/strong-1, 1200+345 tokens, $0.0123, 850 ms, ok");
  }

  @Test
  void toolResultShowsToolOutcomeAndTests() {
    Summary summary = Summaries.of(Records.failedTests("t1", AT));
    assertThat(summary.eventType()).isEqualTo("RUN_TESTS");
    assertThat(summary.line()).isEqualTo("RUN_TESTS error: tests failed, tests failed (exit 1): 2 of 40 failed (4200 ms)");
  }

  @Test
  void stepResultShowsKindStepAndError() {
    StepResult result = StepResult.newBuilder()
        .setMeta(Meta.of("t1", null, "worker", AT)).setRequestId("t1/s1/2").setRole(Role.CODE_EDIT).setKind(StepKind.EXECUTE)
        .setStepId("s1").setAttempt(2).setOk(false).setError("edit does not apply").setUsage(new Usage(10, 5, 0.0)).build();
    Summary summary = Summaries.of(result);
    assertThat(summary.eventType()).isEqualTo("EXECUTE");
    assertThat(summary.line()).isEqualTo("CODE_EDIT EXECUTE step s1 attempt 2 error: edit does not apply, 10+5 tokens, $0.0000");
  }

  @Test
  void stepRequestShowsKindStepAndFeedback() {
    StepRequest request = StepRequest.newBuilder()
        .setMeta(Meta.of("t1", null, "planner", AT)).setRequestId("t1/s1/2").setRole(Role.CODE_EDIT).setKind(StepKind.EXECUTE)
        .setStepId("s1").setAttempt(2).setTicket(Ticket.newBuilder().setTitle("title").setDescription("desc").build()).setFeedback("tests failed").build();
    assertThat(Summaries.of(request).line()).isEqualTo("CODE_EDIT EXECUTE step s1 attempt 2 requested with feedback: tests failed");
  }

  @Test
  void toolRequestShowsToolBranchAndWhatItWorksOn() {
    ToolRequest request = ToolRequest.newBuilder()
        .setMeta(Meta.of("t1", null, "planner", AT)).setRequestId("t1/s1/1/apply").setTool(ToolName.APPLY_EDITS)
        .setRepository("/repo").setBaseBranch("main").setBranch("agentline/t1")
        .setEdits(List.of(new Edit("A.java", "a", "b"))).build();
    Summary summary = Summaries.of(request);
    assertThat(summary.eventType()).isEqualTo("APPLY_EDITS");
    assertThat(summary.line()).isEqualTo("APPLY_EDITS requested on agentline/t1: 1 edit(s)");
  }

  @Test
  void taskSubmittedAndTaskCommandAreSummarized() {
    TaskSubmitted submitted = TaskSubmitted.newBuilder()
        .setMeta(Meta.of("t1", null, "intake", AT)).setRepository("https://git.example/repo.git").setTitle("Fix the frobnicator")
        .setDescription("d").setTestCommand("mvn test").build();
    assertThat(Summaries.of(submitted))
        .isEqualTo(new Summary(null, "submitted \"Fix the frobnicator\" for https://git.example/repo.git (main) via rest"));
    TaskCommand command = TaskCommand.newBuilder()
        .setMeta(Meta.of("t1", null, "cli", AT)).setType(CommandType.REJECT_PLAN).setReason("too risky").setActor("ana").build();
    assertThat(Summaries.of(command)).isEqualTo(new Summary("REJECT_PLAN", "REJECT_PLAN by ana: too risky"));
  }

  @Test
  void longTextIsCutToOneLine() {
    String line = Summary.oneLine("a\u0000b " + "x".repeat(500));
    assertThat(line).hasSize(240).startsWith("a\uFFFDb x").endsWith("…");
  }
}
