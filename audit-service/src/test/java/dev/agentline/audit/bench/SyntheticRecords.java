package dev.agentline.audit.bench;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Meta;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.ChatMessage;
import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.Plan;
import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.PullRequest;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepType;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.TaskSubmitted;
import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import dev.agentline.schemas.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Deterministic, realistic agentline traffic for benchmarks and tests: tasks of a TaskSubmitted,
 * TaskEvents (state changes, the accepted plan, step outcomes, the PR), ModelCalls whose prompts are
 * a few KB of code and prose, and ToolResults with test output. About 1 record in 200 carries a
 * secret (an API key, a password in a URL) for the redactor to find. Same seed, same records.
 */
public final class SyntheticRecords {
  /** One record to publish: its topic, key (the task id) and value. */
  public record Synthetic(String topic, String key, SpecificRecordBase value) {
    public byte[] encoded() {
      return AvroCodec.get().encode(value);
    }
  }

  private static final String[] WORDS = (
      "the frobnicator service parses incoming orders and retries failed payments with exponential backoff while the "
      + "ledger keeps balances consistent across accounts invoices customers refunds currency conversion rounding "
      + "compilation error null pointer exception timeout connection pool repository controller validation schema "
      + "migration index query transaction commit rollback deadlock cache eviction serializer deserializer config "
      + "gradle maven junit assertion expected actual mock stub fixture integration unit flaky build pipeline lint "
      + "refactor extract method rename variable inline duplicate dead code coverage branch merge conflict review")
      .split(" ");
  private static final String[] IDENTIFIERS = {"OrderService", "PaymentRetry", "LedgerEntry", "InvoiceMapper",
      "CustomerRepository", "RefundPolicy", "CurrencyConverter", "FrobController", "BackoffPolicy", "AccountBalance"};
  private static final Role[] ROLES = {Role.MANAGER, Role.CODE_EDIT, Role.CODE_EDIT, Role.TEST_WRITER, Role.REVIEW};

  private final Random random;
  private final Instant start;
  private final int recordsPerTask;

  /**
   * @param start when the first task happened; later records are spread after it
   * @param recordsPerTask about how many records each task gets (at least 8)
   */
  public SyntheticRecords(long seed, Instant start, int recordsPerTask) {
    this.random = new Random(seed);
    this.start = start;
    this.recordsPerTask = Math.max(8, recordsPerTask);
  }

  public SyntheticRecords(long seed) {
    this(seed, Instant.parse("2026-11-01T08:00:00Z"), 24);
  }

  /** The next {@code n} records, task after task, in the order a run would produce them. */
  public List<Synthetic> next(int n) {
    List<Synthetic> out = new ArrayList<>(n);
    while (out.size() < n) {
      for (Synthetic s : task()) {
        if (out.size() == n) break;
        out.add(s);
      }
    }
    return out;
  }

  private int taskNumber;

  /** One whole task: submitted, planned, steps with model calls and tests, a PR. */
  public List<Synthetic> task() {
    return task("task-" + String.format("%07d", taskNumber + 1) + "-" + Integer.toHexString(random.nextInt(1 << 20)));
  }

  /** One whole task of that id, exactly {@code recordsPerTask} records. */
  public List<Synthetic> task(String taskId) {
    taskNumber++;
    Instant at = start.plusSeconds(taskNumber * 600L);
    List<Synthetic> out = new ArrayList<>(recordsPerTask);
    String title = "Fix " + word() + " in " + identifier();
    out.add(new Synthetic(Topics.TASKS, taskId, TaskSubmitted.newBuilder()
        .setMeta(Meta.of(taskId, null, "intake", at)).setRepository("https://git.example.com/shop/" + word() + ".git")
        .setTitle(title).setDescription(prose(40)).setTestCommand("mvn -q test").setRequester("dev" + random.nextInt(20))
        .setLabels(List.of(word(), word())).build()));
    int step = 0;
    while (out.size() < recordsPerTask - 2) {
      at = at.plusSeconds(5 + random.nextInt(60));
      int kind = out.size() % 4;
      if (kind == 1) {
        out.add(new Synthetic(Topics.MODEL_CALLS, taskId, modelCall(taskId, at, step)));
      } else if (kind == 2) {
        out.add(new Synthetic(Topics.TOOL_RESULTS, taskId, toolResult(taskId, at, step)));
        step++;
      } else {
        out.add(new Synthetic(Topics.TASK_EVENTS, taskId, taskEvent(taskId, at, step)));
      }
    }
    at = at.plusSeconds(30);
    out.add(new Synthetic(Topics.TASK_EVENTS, taskId, TaskEvent.newBuilder()
        .setMeta(Meta.of(taskId, null, "planner", at)).setType(TaskEventType.PLAN_ACCEPTED).setStatus(TaskStatus.EXECUTING)
        .setMessage("plan accepted").setPlan(plan()).build()));
    out.add(new Synthetic(Topics.TASK_EVENTS, taskId, TaskEvent.newBuilder()
        .setMeta(Meta.of(taskId, null, "planner", at.plusSeconds(40))).setType(TaskEventType.PR_OPENED)
        .setStatus(TaskStatus.PR_OPENED).setPreviousStatus(TaskStatus.SUMMARIZING).setMessage("pull request opened")
        .setPullRequest(new PullRequest("agentline/" + taskId, title, prose(30), "https://git.example.com/shop/pulls/" + taskNumber, null))
        .build()));
    return out;
  }

  private ModelCall modelCall(String taskId, Instant at, int step) {
    Role role = ROLES[random.nextInt(ROLES.length)];
    StepKind kind = role == Role.MANAGER ? StepKind.PLAN : role == Role.REVIEW ? StepKind.REVIEW : StepKind.EXECUTE;
    String user = "Ticket: " + prose(60) + "\n\nFile src/main/java/shop/" + identifier() + ".java:\n" + code(40 + random.nextInt(40))
        + "\n\nFailing test output:\n" + testOutput() + secretSometimes();
    int in = user.length() / 4;
    return ModelCall.newBuilder()
        .setMeta(Meta.of(taskId, null, "worker", at)).setRequestId(taskId + "/s" + step + "/1").setRole(role).setKind(kind)
        .setProvider("replay").setModel(role == Role.MANAGER ? "strong-1" : "fast-1")
        .setPrompt(List.of(new ChatMessage("system", "You are the " + role + " role. " + prose(30)), new ChatMessage("user", user)))
        .setResponse(kind == StepKind.EXECUTE ? "src/main/java/shop/" + identifier() + ".java\n<<<<<<< SEARCH\n" + code(4)
            + "=======\n" + code(5) + ">>>>>>> REPLACE\n" : "{\"goal\": \"" + prose(12) + "\"}")
        .setUsage(new Usage(in, 200 + random.nextInt(800), in * 0.000003)).setLatencyMs(300 + random.nextInt(4000))
        .setOk(random.nextInt(20) != 0).setPromptVersion(role.name().toLowerCase() + "@2").build();
  }

  private ToolResult toolResult(String taskId, Instant at, int step) {
    boolean passed = random.nextInt(4) != 0;
    return ToolResult.newBuilder()
        .setMeta(Meta.of(taskId, null, "tool-runner", at)).setRequestId(taskId + "/s" + step + "/1/test").setTool(ToolName.RUN_TESTS)
        .setOk(passed).setError(passed ? null : "tests failed").setOutput(testOutput())
        .setTests(TestRun.newBuilder().setExitCode(passed ? 0 : 1).setPassed(passed)
            .setSummary(passed ? "40 passed" : "2 of 40 failed").setOutputTail(testOutput()).setDurationMs(2000 + random.nextInt(9000)).build())
        .setDurationMs(2100 + random.nextInt(9000)).build();
  }

  private TaskEvent taskEvent(String taskId, Instant at, int step) {
    TaskEventType[] types = {TaskEventType.STEP_STARTED, TaskEventType.STEP_COMPLETED, TaskEventType.TESTS_PASSED,
        TaskEventType.TESTS_FAILED, TaskEventType.STEP_RETRIED, TaskEventType.STATE_CHANGED};
    TaskEventType type = types[random.nextInt(types.length)];
    return TaskEvent.newBuilder()
        .setMeta(Meta.of(taskId, null, "planner", at)).setType(type).setStatus(TaskStatus.EXECUTING)
        .setMessage(type.name().toLowerCase().replace('_', ' ') + " s" + step + ": " + prose(12)).setStepId("s" + step).build();
  }

  private Plan plan() {
    List<PlanStep> steps = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      steps.add(PlanStep.newBuilder().setId("s" + i).setType(i == 2 ? StepType.TEST_WRITE : StepType.CODE_EDIT)
          .setDescription(prose(15)).setFiles(List.of("src/main/java/shop/" + identifier() + ".java")).build());
    }
    return Plan.newBuilder().setGoal(prose(10)).setSteps(steps).build();
  }

  private String testOutput() {
    StringBuilder out = new StringBuilder();
    out.append("[INFO] Running shop.").append(identifier()).append("Test\n");
    out.append("[ERROR] Tests run: 40, Failures: 2, Errors: 0, Skipped: 1\n");
    out.append("[ERROR] ").append(identifier()).append("Test.").append(word()).append("Handles").append(identifier())
        .append(" expected:<").append(random.nextInt(100)).append("> but was:<").append(random.nextInt(100)).append(">\n");
    for (int i = 0; i < 6; i++) out.append("\tat shop.").append(identifier()).append('.').append(word()).append("(")
        .append(identifier()).append(".java:").append(10 + random.nextInt(300)).append(")\n");
    return out.toString();
  }

  private String code(int lines) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      String id = identifier();
      switch (random.nextInt(4)) {
        case 0 -> out.append("    ").append(id).append(' ').append(word()).append(" = new ").append(id).append("(").append(word()).append(");\n");
        case 1 -> out.append("    if (").append(word()).append(" == null) throw new IllegalStateException(\"").append(prose(5)).append("\");\n");
        case 2 -> out.append("    // ").append(prose(8)).append('\n');
        default -> out.append("    return ").append(word()).append('.').append(word()).append("(").append(random.nextInt(1000)).append(");\n");
      }
    }
    return out.toString();
  }

  private String secretSometimes() {
    return switch (random.nextInt(200)) {
      case 0 -> "\nEnvironment: OPENAI_API_KEY=sk-proj-" + Long.toHexString(random.nextLong()) + "Zz9" + Long.toHexString(random.nextLong());
      case 1 -> "\nremote: https://deploy:" + Long.toHexString(random.nextLong()) + "@git.example.com/shop.git";
      default -> "";
    };
  }

  private String prose(int words) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < words; i++) {
      if (i > 0) out.append(' ');
      out.append(word());
    }
    return out.toString();
  }

  private String word() {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private String identifier() {
    return IDENTIFIERS[random.nextInt(IDENTIFIERS.length)];
  }
}
