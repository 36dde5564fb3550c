package dev.agentline.planner.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.schemas.Budget;
import dev.agentline.schemas.CiConclusion;
import dev.agentline.schemas.CommandType;
import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.schemas.PullRequestEventType;
import dev.agentline.schemas.ReviewState;
import dev.agentline.schemas.Evaluation;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.TaskCommand;
import dev.agentline.schemas.TaskState;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.schemas.Usage;
import dev.agentline.schemas.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property test of the workflow core: random runs — answers that succeed or fail, duplicates, stale
 * results, clock jumps, people's commands, random limits and gates — must keep the invariants. Each
 * run is seeded; a failing seed reproduces the run exactly.
 */
class WorkflowInvariantsTest {

  static LongStream seeds() {
    return LongStream.range(0, 400);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomRunsKeepTheInvariants(long seed) {
    runChecked(seed);
  }

  /** The runs are not vacuous: together they reach every way a task can end, and the gates. */
  @org.junit.jupiter.api.Test
  void theRandomRunsCoverEveryEnding() {
    java.util.Set<TaskStatus> seen = java.util.EnumSet.noneOf(TaskStatus.class);
    seeds().forEach(seed -> seen.addAll(runChecked(seed)));
    assertThat(seen).contains(TaskStatus.DONE, TaskStatus.FAILED, TaskStatus.CANCELLED, TaskStatus.BUDGET_EXHAUSTED,
        TaskStatus.AWAITING_APPROVAL, TaskStatus.EXECUTING, TaskStatus.TAKEN_OVER, TaskStatus.MERGED, TaskStatus.CLOSED);
    assertThat(ITERATIONS.get()).as("some runs went through a review iteration").isGreaterThan(1);
  }

  /** The most iterations one random run reached. */
  private static final java.util.concurrent.atomic.AtomicInteger ITERATIONS = new java.util.concurrent.atomic.AtomicInteger();

  /** One random run, checking the invariants after every input; returns every status the task passed through. */
  private static java.util.Set<TaskStatus> runChecked(long seed) {
    java.util.Set<TaskStatus> statuses = java.util.EnumSet.noneOf(TaskStatus.class);
    Random random = new Random(seed);
    Guardrails limits = new Guardrails(4, 1 + random.nextInt(3), Duration.ofMinutes(30), 60, random.nextInt(3), 3 + random.nextInt(10),
        Duration.ofMinutes(5), null, null, PathRules.NONE, 2);
    ApprovalPolicy approvals = new ApprovalPolicy(random.nextBoolean() ? ApprovalPolicy.Mode.ALWAYS : ApprovalPolicy.Mode.NEVER, List.of(), 5,
        List.of(), Duration.ofHours(1), random.nextInt(4) == 0);
    Budget budget = random.nextBoolean() ? new Budget(2_000L + random.nextInt(40_000), null) : null;
    WorkflowRun run = new WorkflowRun(new TaskWorkflow(GuardrailPolicy.of(limits), approvals, CallCosts.free(500), budget));
    List<SpecificRecordBase> answered = new ArrayList<>();
    List<PullRequestEvent> prEvents = new ArrayList<>();

    Decision decision = run.apply(new TaskInput.Submitted(run.ticket()));
    SpecificRecordBase pending = WorkflowRun.lastRequest(decision);
    for (int i = 0; i < 200; i++) {
      TaskState before = run.state;
      int dice = random.nextInt(100);
      TaskInput input;
      boolean stale = false;
      if (dice < 8 && !answered.isEmpty()) {
        input = toInput(answered.get(random.nextInt(answered.size())));       // a duplicate or stale answer
        stale = !requestIdOf(input).equals(before.getPendingRequestId());
      } else if (dice < 13) {
        run.now = run.now.plus(Duration.ofMinutes(random.nextInt(8)));
        input = new TaskInput.Tick();
      } else if (dice < 23) {
        input = new TaskInput.Command(command(run, random));
      } else if (dice < 30) {
        PullRequestEvent event = !prEvents.isEmpty() && random.nextInt(4) == 0 ? prEvents.get(random.nextInt(prEvents.size())) : prEvent(run, random);
        prEvents.add(event);
        input = new TaskInput.PullRequestActivity(event);
      } else if (pending != null) {
        SpecificRecordBase answer = answer(pending, random, before);
        answered.add(answer);
        input = toInput(answer);
      } else {
        input = new TaskInput.Tick();
      }

      decision = run.apply(input);
      TaskState after = run.state;
      statuses.add(after.getStatus());
      SpecificRecordBase request = WorkflowRun.lastRequest(decision);
      if (request != null) pending = request;

      // no step runs after a terminal state (a person's RETRY of a failed step revives the task first)
      if (TaskWorkflow.isTerminal(before.getStatus()) && TaskWorkflow.isTerminal(after.getStatus())) {
        assertThat(request).as("seed %d step %d: a request after %s", seed, i, before.getStatus()).isNull();
      }
      // a stale answer changes nothing but the spend it reports
      if (stale) {
        assertThat(after.getStatus()).isEqualTo(before.getStatus());
        assertThat(after.getPendingRequestId()).isEqualTo(before.getPendingRequestId());
        assertThat(after.getPlan()).isEqualTo(before.getPlan());
        assertThat(request).isNull();
      }
      // a model step is dispatched only when the budget covers its worst case on top of what is spent
      if (request instanceof StepRequest && after.getBudget() != null && after.getBudget().getMaxTokens() != null) {
        assertThat(Ledger.spentTokens(after) - after.getIterationStartTokens() + after.getReservedTokens()).as("seed %d step %d", seed, i)
            .isLessThanOrEqualTo(after.getBudget().getMaxTokens());
      }
      // every terminal task has a reason
      if (TaskWorkflow.isTerminal(after.getStatus())) {
        if (after.getStatus() == TaskStatus.DONE) {
          assertThat(after.getPullRequest()).isNotNull();
        } else if (after.getStatus() == TaskStatus.TAKEN_OVER) {
          assertThat(after.getTakenOverBy()).as("seed %d", seed).isNotBlank();
        } else if (after.getStatus() != TaskStatus.MERGED && after.getStatus() != TaskStatus.CLOSED) {
          assertThat(after.getFailureReason()).as("seed %d", seed).isNotBlank();
          assertThat(after.getFailureCode()).as("seed %d", seed).isNotNull();
        }
        assertThat(after.getPendingRequestId()).isNull();
      }
      assertThat(after.getManagerCalls()).isLessThanOrEqualTo(limits.maxManagerCalls());
      // iterations are capped, and every request of a later iteration is marked with it
      assertThat(after.getIteration()).isLessThanOrEqualTo(1 + ReviewPolicy.DEFAULT.maxIterations());
      if (request != null && after.getIteration() > 1) {
        String id = request instanceof StepRequest r ? r.getRequestId() : ((ToolRequest) request).getRequestId();
        assertThat(id).endsWith("/i" + after.getIteration());
      }
      ITERATIONS.accumulateAndGet(after.getIteration(), Math::max);
    }
    return statuses;
  }

  private static TaskInput toInput(SpecificRecordBase answer) {
    return answer instanceof StepResult r ? new TaskInput.StepAnswered(r) : new TaskInput.ToolAnswered((ToolResult) answer);
  }

  private static String requestIdOf(TaskInput input) {
    return input instanceof TaskInput.StepAnswered a ? a.record().getRequestId() : ((TaskInput.ToolAnswered) input).record().getRequestId();
  }

  /** An answer to the request: mostly a success, sometimes a failure; its usage never exceeds the reservation. */
  private static SpecificRecordBase answer(SpecificRecordBase request, Random random, TaskState state) {
    boolean fails = random.nextInt(100) < 15;
    if (request instanceof StepRequest r) {
      if (fails) return WorkflowRun.stepResult(r, false, "malformed answer " + random.nextInt(3)).build();
      StepResult result = (StepResult) WorkflowRun.success(r);
      long reserved = Math.max(2, state.getReservedTokens());
      long in = random.nextLong(reserved / 2 + 1);
      result.setUsage(new Usage((int) in, (int) random.nextLong(reserved / 2 + 1), 0.0));
      if (r.getKind() == StepKind.EVALUATE) {
        Verdict verdict = Verdict.values()[random.nextInt(Verdict.values().length)];
        result.setEvaluation(new Evaluation(verdict, "verdict " + verdict));
      }
      return result;
    }
    ToolRequest r = (ToolRequest) request;
    if (fails && r.getTool() != ToolName.RUN_TESTS) return WorkflowRun.toolResult(r, false, "tool broke " + random.nextInt(3)).build();
    ToolResult result = (ToolResult) WorkflowRun.success(r);
    if (r.getTool() == ToolName.RUN_TESTS && fails) {
      TestRun failed = WorkflowRun.tests(false);
      failed.setOutputTail("FAIL " + random.nextInt(2));
      result.setTests(failed);
    }
    return result;
  }

  /** Something a reviewer, CI or the code host does on the pull request; merges and closes are rare. */
  private static PullRequestEvent prEvent(WorkflowRun run, Random random) {
    int kind = random.nextInt(20);
    String key = "github:item:" + random.nextInt(1_000_000);
    String head = run.state.getPullRequest() == null ? null : run.state.getPullRequest().getHeadCommit();
    PullRequestEvent.Builder event;
    if (kind < 6) {
      event = run.prEvent(PullRequestEventType.COMMENT, key, "maya").setBody(random.nextBoolean() ? "@agentline handle null" : "looks fine").setCommentId(key);
    } else if (kind < 10) {
      event = run.prEvent(PullRequestEventType.REVIEW_SUBMITTED, key, "maya").setReviewState(ReviewState.CHANGES_REQUESTED).setBody("rename it");
    } else if (kind < 13) {
      event = run.prEvent(PullRequestEventType.REVIEW_COMMENT, key, "maya").setBody("here").setPath("src/Calculator.java").setLine(1).setCommentId(key);
    } else if (kind < 16) {
      event = run.prEvent(PullRequestEventType.CI_COMPLETED, key, "ci").setCiName("build").setHeadCommit(head)
          .setCiConclusion(random.nextBoolean() ? CiConclusion.FAILURE : CiConclusion.SUCCESS).setLogExcerpt("boom");
    } else if (kind < 18) {
      event = run.prEvent(PullRequestEventType.COMMENT, key, "lee").setBody(random.nextBoolean() ? "@agentline takeover" : "@agentline handback").setCommentId(key);
    } else {
      event = run.prEvent(random.nextBoolean() ? PullRequestEventType.MERGED : PullRequestEventType.CLOSED, key, "lee");
    }
    return event.build();
  }

  private static TaskCommand command(WorkflowRun run, Random random) {
    CommandType type = CommandType.values()[random.nextInt(CommandType.values().length)];
    TaskCommand command = run.command(type);
    command.setActor(random.nextInt(3) == 0 ? "rita" : "sam");
    command.setStepId(random.nextBoolean() ? "s1" : null);
    return command;
  }
}
