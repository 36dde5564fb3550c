package dev.agentline.audit.ingest;

import dev.agentline.audit.store.AuditRow;
import dev.agentline.schemas.FailureReason;
import dev.agentline.schemas.ReviewVerdict;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Three tasks shaped like the demo's, with the troubles a pilot meets:
 * <ul>
 *   <li>{@code t-clean}: the demo itself, two steps done first time, PR ready 10 min after the ticket, review approves;</li>
 *   <li>{@code t-bumpy}: the code-edit step fails its tests once (the manager asks again), the test-writer's first answer
 *       is unusable, the plan is revised once (s3 added, t2 dropped), PR ready after 30 min, review requests changes;</li>
 *   <li>{@code t-gated}: the plan waits 5 min for ana's approval, then the code-edit worker's edits touch a protected
 *       path twice and the task fails (ATTEMPT_LIMIT) with no PR.</li>
 * </ul>
 */
public final class DemoLikeTasks {
  private DemoLikeTasks() {}

  public static List<AuditRow> rows(Instant start) {
    List<AuditRow> rows = new ArrayList<>();
    rows.addAll(clean(start).rows());
    rows.addAll(bumpy(start.plus(Duration.ofHours(1))).rows());
    rows.addAll(gated(start.plus(Duration.ofHours(2))).rows());
    return rows;
  }

  static TaskStory clean(Instant start) {
    TaskStory t = new TaskStory("t-clean", start).submitted("Calculator.add subtracts instead of adding", "bob")
        .transition(TaskStatus.PLANNING, "workspace ready")
        .modelStep(Role.ANALYSIS, StepKind.ANALYZE, "analysis", 1, 350, 140, 0.0005, null)
        .modelStep(Role.MANAGER, StepKind.PLAN, "plan", 1, 412, 160, 0.0040, null)
        .planAccepted("s1", "t2")
        .transition(TaskStatus.EXECUTING, "executing 2 step(s)");
    codeStep(t, "s1", 1, Role.CODE_EDIT);
    t.evaluated("s1", 1, Verdict.ACCEPT).event(TaskEventType.STEP_COMPLETED, null, "s1", "step s1 done on attempt 1");
    codeStep(t, "t2", 1, Role.TEST_WRITER);
    t.evaluated("t2", 1, Verdict.ACCEPT).event(TaskEventType.STEP_COMPLETED, null, "t2", "step t2 done on attempt 1");
    return finish(t, start.plus(Duration.ofMinutes(10)), ReviewVerdict.APPROVE);
  }

  static TaskStory bumpy(Instant start) {
    TaskStory t = new TaskStory("t-bumpy", start).submitted("Calculator.multiply overflows", "carol")
        .transition(TaskStatus.PLANNING, "workspace ready")
        .modelStep(Role.MANAGER, StepKind.PLAN, "plan", 1, 450, 170, 0.0042, null)
        .planAccepted("s1", "t2")
        .transition(TaskStatus.EXECUTING, "executing 2 step(s)");
    codeStep(t, "s1", 1, Role.CODE_EDIT);
    t.tests("s1", false)
        .evaluated("s1", 1, Verdict.RETRY)
        .event(TaskEventType.STEP_FAILED, null, "s1", "step s1 attempt 1 failed: the tests failed after the edits: 1 of 3 failed"
            + "\nThe manager's feedback: try again")
        .event(TaskEventType.STEP_RETRIED, null, "s1", "retrying s1 (attempt 2) with the failure as feedback");
    codeStep(t, "s1", 2, Role.CODE_EDIT);
    t.evaluated("s1", 2, Verdict.REVISE).event(TaskEventType.STEP_COMPLETED, null, "s1", "step s1 done on attempt 2")
        .modelStep(Role.MANAGER, StepKind.REVISE, "revise-2", 1, 900, 200, 0.0060, null)
        .planRevised(2, "s1", "s3")
        .event(TaskEventType.STEP_STARTED, null, "s3", "step s3 started")
        .modelStep(Role.TEST_WRITER, StepKind.EXECUTE, "s3", 1, 600, 20, 0.0004, "the answer carried no SEARCH/REPLACE block")
        .event(TaskEventType.STEP_FAILED, null, "s3", "step s3 attempt 1 failed: the worker's answer was unusable: no edits")
        .event(TaskEventType.STEP_RETRIED, null, "s3", "retrying s3 (attempt 2) with the failure as feedback")
        .modelStep(Role.TEST_WRITER, StepKind.EXECUTE, "s3", 2, 640, 70, 0.0005, null)
        .tool(ToolName.APPLY_EDITS, "s3", 2, "apply", true, null, null)
        .tests("s3", true)
        .evaluated("s3", 2, Verdict.ACCEPT).event(TaskEventType.STEP_COMPLETED, null, "s3", "step s3 done on attempt 2");
    return finish(t, start.plus(Duration.ofMinutes(30)), ReviewVerdict.REQUEST_CHANGES);
  }

  static TaskStory gated(Instant start) {
    TaskStory t = new TaskStory("t-gated", start).submitted("Rename Calculator to Arithmetic", "bob")
        .transition(TaskStatus.PLANNING, "workspace ready")
        .modelStep(Role.MANAGER, StepKind.PLAN, "plan", 1, 430, 150, 0.0039, null)
        .planAccepted("s1")
        .transition(TaskStatus.AWAITING_APPROVAL, "waiting for a person to approve plan v1")
        .event(TaskEventType.APPROVAL_REQUESTED, null, null, "plan v1 needs approval (label risky)")
        .after(Duration.ofMinutes(5))
        .actor(TaskEventType.PLAN_APPROVED, null, "ana", "plan v1 approved by ana")
        .transition(TaskStatus.EXECUTING, "executing 1 step(s)");
    for (int attempt = 1; attempt <= 2; attempt++) {
      t.event(TaskEventType.STEP_STARTED, null, "s1", "step s1 started")
          .modelStep(Role.CODE_EDIT, StepKind.EXECUTE, "s1", attempt, 700, 90, 0.0006, null)
          .tool(ToolName.APPLY_EDITS, "s1", attempt, "apply", false, FailureReason.PROTECTED_PATH, "build.gradle is protected")
          .event(TaskEventType.GUARDRAIL_HIT, null, "s1", "PROTECTED_PATH: the tool runner refused the edits")
          .event(TaskEventType.STEP_FAILED, null, "s1",
              "step s1 attempt " + attempt + " failed: the edits could not be applied: build.gradle is protected");
    }
    return t.failed(FailureReason.PROTECTED_PATH, "step s1 failed (after 2 attempt(s), max-attempts-per-step 2)");
  }

  private static void codeStep(TaskStory t, String stepId, int attempt, Role role) {
    t.event(TaskEventType.STEP_STARTED, null, stepId, "step " + stepId + " started")
        .modelStep(role, StepKind.EXECUTE, stepId, attempt, 530, 48, 0.0004, null)
        .tool(ToolName.APPLY_EDITS, stepId, attempt, "apply", true, null, null)
        .event(TaskEventType.EDITS_APPLIED, null, stepId, "step " + stepId + ": applied")
        .tests(stepId, true);
  }

  private static TaskStory finish(TaskStory t, Instant prAt, ReviewVerdict verdict) {
    t.transition(TaskStatus.VALIDATING, "running the full test suite").tests("validate", true).reviewed(verdict)
        .transition(TaskStatus.SUMMARIZING, "reviewed")
        .modelStep(Role.MANAGER, StepKind.SUMMARIZE, "summary", 1, 380, 90, 0.0028, null);
    return atTime(t, prAt).prOpened();
  }

  private static TaskStory atTime(TaskStory t, Instant at) {
    return t.after(Duration.between(t.now(), at));
  }
}
