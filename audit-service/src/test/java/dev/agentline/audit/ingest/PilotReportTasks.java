package dev.agentline.audit.ingest;

import dev.agentline.audit.store.IngestRecord;
import dev.agentline.schemas.CiConclusion;
import dev.agentline.schemas.FailureReason;
import dev.agentline.schemas.PullRequestEventType;
import dev.agentline.schemas.ReviewState;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Five tasks of a pilot after their pull requests opened (issue 11), for the pilot report:
 * <ul>
 *   <li>{@code t-merged}: PR ready after 10 min; a reviewer requests changes with two line comments, a person and a bot
 *       comment on the conversation and agentline's reply is seen too; iteration 2 updates the PR; a CI run fails (seen by
 *       webhook and again by polling: one run), the next passes; merged. Cost 0.05.</li>
 *   <li>{@code t-closed}: its first plan rejected by ana and revised; PR ready after 30 min; sam takes it over, two CI runs
 *       fail (one times out), sam hands it back; closed. Cost 0.03.</li>
 *   <li>{@code t-open}: PR ready after 20 min, one comment (found by polling), still open. Cost 0.01.</li>
 *   <li>{@code t-nopr}: fails before a PR. Cost 0.01.</li>
 *   <li>{@code t-old}: 40 days before, merged: outside a 28-day period.</li>
 * </ul>
 * For the period: 4 tasks, 3 PRs, 4 review comments (4/3 per PR), 3 CI failures (1 per PR), 1 merged, 1 closed, 1 open,
 * iterations 2+1+1, 1 takeover, 1 hand-back, 1 plan revision and 1 rejected plan (t-closed), cost 0.10 per merged PR.
 */
public final class PilotReportTasks {
  private PilotReportTasks() {}

  /** Raw and normalised rows, as the ingest makes them. */
  public static List<IngestRecord> rows(Instant start) {
    List<IngestRecord> rows = new ArrayList<>();
    rows.addAll(merged(start).ingested());
    rows.addAll(closed(start.plus(Duration.ofHours(1))).ingested());
    rows.addAll(open(start.plus(Duration.ofHours(2))).ingested());
    rows.addAll(noPr(start.plus(Duration.ofHours(3))).ingested());
    rows.addAll(old(start.minus(Duration.ofDays(40))).ingested());
    return rows;
  }

  private static TaskStory planned(String taskId, Instant start, double cost) {
    return new TaskStory(taskId, start).submitted("Ticket " + taskId, "bob")
        .transition(TaskStatus.PLANNING, "workspace ready")
        .modelStep(Role.MANAGER, StepKind.PLAN, "plan", 1, 400, 100, cost, null)
        .planAccepted("s1")
        .transition(TaskStatus.EXECUTING, "executing 1 step(s)");
  }

  private static TaskStory prAt(TaskStory t, Instant at) {
    return t.after(Duration.between(t.now(), at)).prOpened().transition(TaskStatus.PR_OPENED, "waiting for review");
  }

  static TaskStory merged(Instant start) {
    TaskStory t = prAt(planned("t-merged", start, 0.03), start.plus(Duration.ofMinutes(10)))
        .review("900", "rev", ReviewState.CHANGES_REQUESTED, "A few things.")
        .reviewComment("901", "rev", "src/main/java/demo/Calculator.java", 4, "please also handle null input")
        .reviewComment("902", "rev", "src/test/java/demo/CalculatorTest.java", 12, "a test for overflow?")
        .prEvent(PullRequestEventType.COMMENT, "github:comment:903", "pat", "+1 to the null handling", "webhook", null)
        .prEvent(PullRequestEventType.COMMENT, "github:comment:904", "dependabot[bot]", "Bump junit", "webhook", null)
        .prEvent(PullRequestEventType.COMMENT, "github:comment:905", "agentline-bot",
            "Handled null input in add.\n<!-- agentline-reply -->", "poll", null)
        .iteration(2, "2 review comment(s) from rev")
        .modelStep(Role.CODE_EDIT, StepKind.EXECUTE, "s1-i2", 1, 500, 80, 0.02, null)
        .event(TaskEventType.PR_UPDATED, TaskStatus.PR_OPENED, null, "pushed iteration 2")
        .event(TaskEventType.COMMENTS_REPLIED, null, null, "replied to 2 comment(s)")
        .ci("41", "build", CiConclusion.FAILURE)
        .prEvent(PullRequestEventType.CI_COMPLETED, "github:check-run:41", "github-actions[bot]", null, "poll",
            e -> e.setCiName("build").setCiConclusion(CiConclusion.FAILURE))
        .ci("42", "build", CiConclusion.SUCCESS);
    return t.prEnded(true, "rev");
  }

  static TaskStory closed(Instant start) {
    TaskStory t = planned("t-closed", start, 0.01)
        .actor(TaskEventType.PLAN_REJECTED, null, "ana", "plan v1 rejected by ana: touches the wrong module")
        .modelStep(Role.MANAGER, StepKind.REVISE, "revise-2", 1, 400, 100, 0.02, null)
        .planRevised(2, "s1", "t2");
    return prAt(t, start.plus(Duration.ofMinutes(30)))
        .takenOver("sam")
        .ci("51", "build", CiConclusion.FAILURE)
        .ci("52", "integration", CiConclusion.TIMED_OUT)
        .handedBack("sam")
        .prEnded(false, "sam");
  }

  static TaskStory open(Instant start) {
    return prAt(planned("t-open", start, 0.01), start.plus(Duration.ofMinutes(20)))
        .prEvent(PullRequestEventType.COMMENT, "github:comment:700", "pat", "Could this wait until Monday?", "poll", null);
  }

  static TaskStory noPr(Instant start) {
    return planned("t-nopr", start, 0.01).failed(FailureReason.ATTEMPT_LIMIT, "step s1 failed");
  }

  static TaskStory old(Instant start) {
    return prAt(planned("t-old", start, 0.5), start.plus(Duration.ofMinutes(5)))
        .reviewComment("100", "rev", "README.md", 1, "typo").prEnded(true, "rev");
  }
}
