package dev.agentline.audit.synthetic;

import dev.agentline.platform.Topics;
import dev.agentline.schemas.ChatMessage;
import dev.agentline.schemas.Edit;
import dev.agentline.schemas.Evaluation;
import dev.agentline.schemas.FileContent;
import dev.agentline.schemas.Metadata;
import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.Plan;
import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.PullRequest;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.StepType;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.TaskStatus;
import dev.agentline.schemas.TaskSubmitted;
import dev.agentline.schemas.TestFailure;
import dev.agentline.schemas.TestOutcome;
import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.Ticket;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.schemas.Usage;
import dev.agentline.schemas.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Realistic synthetic task histories as the agentline services would write them: a ticket, the
 * analysis and plan model calls, per plan step the context gathering, the worker's model call and
 * edits, applying them, the tests (failing sometimes, with a stack trace, then retried), the
 * manager's evaluation, then review, summary and the pull request. About 60–110 records a task.
 *
 * <p>Text is varied: ticket templates over a domain vocabulary, Java-like source files, stack
 * traces, diffs, tool output; filler words follow a Zipf distribution, so some words are in most
 * records and others in a handful, and ranking matters. Deterministic for a seed. Reusable: feed the
 * records to Kafka (ingest benchmark) or straight to the store (search benchmark).
 */
public final class SyntheticHistory {
  /** One record as a service would publish it. */
  public record Published(String topic, String key, Instant at, SpecificRecordBase record) {}

  /** The repositories tasks are spread over. */
  public static final List<String> REPOSITORIES;
  private static final String[] OWNERS = {"acme", "globex", "initech", "umbrella", "hooli", "stark"};
  private static final String[] SYSTEMS = {"billing", "ledger", "checkout", "inventory", "identity", "reporting", "shipping", "search"};

  static {
    List<String> repos = new ArrayList<>();
    for (String owner : OWNERS) {
      for (int i = 0; i < 4; i++) repos.add("https://git.example.com/" + owner + "/" + SYSTEMS[(owner.length() + i * 3) % SYSTEMS.length] + "-service.git");
    }
    REPOSITORIES = List.copyOf(repos);
  }

  private static final String[] NOUNS = {
      "Invoice", "Ledger", "Account", "Customer", "Order", "Payment", "Shipment", "Cart", "Token", "Session", "Cache",
      "Report", "Schedule", "Tenant", "Audit", "Policy", "Rate", "Quota", "Webhook", "Export", "Import", "Parser",
      "Template", "Discount", "Coupon", "Refund", "Currency", "Address", "Warehouse", "Stock", "Catalog", "Price",
      "Subscription", "Plan", "Usage", "Meter", "Notification", "Email", "Retry", "Batch", "Journal", "Balance"};
  private static final String[] SUFFIXES = {
      "Service", "Repository", "Controller", "Mapper", "Validator", "Factory", "Client", "Handler", "Job", "Calculator", "Formatter", "Store"};
  private static final String[] VERBS = {
      "compute", "apply", "validate", "load", "save", "render", "parse", "merge", "split", "round", "convert", "refresh",
      "schedule", "cancel", "retry", "export", "import", "notify", "lookup", "resolve", "reconcile", "summarize"};
  private static final String[] PROBLEMS = {
      "rounds half-cent amounts down instead of half-even", "throws a NullPointerException when the address is missing",
      "double-counts refunds issued on the same day", "ignores the tenant time zone at month end",
      "times out when the catalog has more than ten thousand items", "returns stale prices after a currency update",
      "loses the coupon when the cart is merged", "sends the reminder email twice", "accepts negative quantities",
      "reports the wrong balance after a partial refund", "deadlocks when two batches reconcile the same journal",
      "fails to parse ISO week dates", "drops the last line of the export", "retries forever on a 4xx response"};
  private static final String[] FEATURES = {
      "support for partial refunds", "a CSV export of the ledger", "per-tenant rate limits", "idempotency keys on webhooks",
      "pagination to the catalog endpoint", "a dry-run mode for the batch job", "currency conversion with daily rates",
      "an audit trail for discount changes", "structured logging of retries", "a health check for the warehouse client"};
  // Common English and engineering words; earlier ones are drawn more often (Zipf).
  private static final String[] WORDS = (
      "the to of and a in is that for it with as on be this are by not or from at we have an can if will but all "
      + "test tests file files method class value error code change return null should call when new use data list "
      + "update check case result step fails failed missing expected actual line number string type field build run "
      + "function object order amount total price time date request response user service config default state "
      + "handle handler input output parse format empty invalid valid exception message log debug warn info trace "
      + "assert assertion verify mock stub fixture setup teardown before after each first last next previous index "
      + "map key set array loop branch commit merge diff patch edit replace search context module package import "
      + "public private static final void int long double boolean throws catch try finally synchronized volatile "
      + "thread lock queue batch job schedule retry timeout latency cache hit miss evict size limit quota rate "
      + "tenant customer invoice ledger account payment refund discount coupon currency tax rounding precision "
      + "decimal cents half even up down floor ceiling overflow underflow negative positive zero boundary edge "
      + "regression flaky deterministic reproduce minimal isolate root cause fix workaround revert rollback deploy "
      + "migration schema column table row query index transaction isolation deadlock constraint unique foreign "
      + "endpoint route controller dto entity repository mapper validator factory builder adapter facade proxy "
      + "serialize deserialize json xml csv yaml encoding utf whitespace trailing newline indentation tab spaces "
      + "refactor extract inline rename move split combine simplify duplicate dead unused deprecated legacy "
      + "performance memory allocation garbage collection profiler benchmark throughput concurrency parallel "
      + "webhook signature idempotency replay duplicate delivery acknowledge backoff jitter exponential circuit "
      + "breaker fallback degrade healthcheck readiness liveness probe container image kubernetes helm chart "
      + "observability metric counter gauge histogram percentile span tracing correlation identifier "
      + "quarantine sharding rebalancing compaction tombstone watermark backpressure saga outbox choreography "
      + "bisect heisenbug monotonic clock skew leap daylight saving locale collation normalization unicode "
      + "frobnicate xylophone quasar zeppelin kumquat marzipan obsidian palimpsest quixotic sphinx").split(" ");
  private static final double[] CUMULATIVE = new double[WORDS.length];
  /** 300 made-up words, each drawn rarely: a search for one finds a handful of records. */
  public static final List<String> RARE_WORDS;

  static {
    String[] onsets = {"br", "k", "z", "qu", "th", "v", "gl", "sn", "pr", "dr"};
    String[] vowels = {"a", "o", "u", "ei", "y"};
    String[] codas = {"mbl", "x", "rk", "zz", "ft", "nd"};
    List<String> rare = new ArrayList<>();
    for (String onset : onsets) {
      for (String vowel : vowels) {
        for (String coda : codas) rare.add(onset + vowel + coda + "ix");
      }
    }
    RARE_WORDS = List.copyOf(rare);
  }

  static {
    double sum = 0;
    for (int i = 0; i < WORDS.length; i++) {
      sum += 1.0 / Math.pow(i + 1, 1.07);
      CUMULATIVE[i] = sum;
    }
    for (int i = 0; i < WORDS.length; i++) CUMULATIVE[i] /= sum;
  }

  private final Random random;
  private final Instant start;
  private final long spanMillis;

  /**
   * @param seed makes the history reproducible
   * @param start time of the first task; tasks spread evenly over {@code spanMillis}
   */
  public SyntheticHistory(long seed, Instant start, long spanMillis) {
    this.random = new Random(seed);
    this.start = start;
    this.spanMillis = spanMillis;
  }

  /** The records of task number {@code index} of {@code tasks}, in the order they were published. */
  public List<Published> task(int index, int tasks) {
    String taskId = "task-" + Long.toString(Integer.toUnsignedLong(index * 0x9E3779B9) , 36) + "-" + index;
    Instant t0 = start.plusMillis(spanMillis * index / Math.max(1, tasks));
    return new TaskWriter(taskId, t0).write();
  }

  /** A word drawn by its Zipf weight. */
  String word() {
    double u = random.nextDouble();
    int lo = 0;
    int hi = WORDS.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (CUMULATIVE[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return WORDS[lo];
  }

  String words(int count) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) out.append(i % 13 == 0 ? ". " : " ");
      out.append(word());
    }
    if (random.nextInt(400) == 0) out.append(' ').append(RARE_WORDS.get(random.nextInt(RARE_WORDS.size())));
    return out.append('.').toString();
  }

  private <T> T pick(T[] items) {
    return items[random.nextInt(items.length)];
  }

  private String className() {
    return pick(NOUNS) + pick(SUFFIXES);
  }

  private final class TaskWriter {
    private final String taskId;
    private final List<Published> out = new ArrayList<>();
    private final String repository;
    private final String pkg;
    private Instant now;
    private final Ticket ticket;
    private final List<String> files = new ArrayList<>();
    private String lastEventId;

    TaskWriter(String taskId, Instant t0) {
      this.taskId = taskId;
      this.now = t0;
      this.repository = REPOSITORIES.get(random.nextInt(REPOSITORIES.size()));
      String system = repository.substring(repository.lastIndexOf('/') + 1).replace("-service.git", "");
      this.pkg = "com." + repository.split("/")[3] + "." + system;
      String subject = className();
      String title = random.nextBoolean()
          ? subject + " " + pick(PROBLEMS)
          : "Add " + pick(FEATURES) + " in " + subject;
      String description = "When " + pick(VERBS) + "ing a " + pick(NOUNS).toLowerCase(Locale.ROOT) + ", " + subject + " " + pick(PROBLEMS) + ". "
          + words(20 + random.nextInt(40)) + " Reported by the " + pick(NOUNS).toLowerCase(Locale.ROOT) + " team, ticket "
          + pick(OWNERS).toUpperCase(Locale.ROOT) + "-" + (100 + random.nextInt(9000)) + ".";
      this.ticket = Ticket.newBuilder().setTitle(title).setDescription(description).setAcceptanceCriteria(List.of(
          subject + " " + pick(VERBS) + "s correctly for " + words(4), "existing tests still pass", words(6))).build();
      int fileCount = 20 + random.nextInt(40);
      for (int i = 0; i < fileCount; i++) {
        String name = className();
        files.add("src/main/java/" + pkg.replace('.', '/') + "/" + name + ".java");
        if (random.nextInt(3) == 0) files.add("src/test/java/" + pkg.replace('.', '/') + "/" + name + "Test.java");
      }
      files.add("pom.xml");
      files.add("README.md");
    }

    List<Published> write() {
      publish(Topics.TASKS, TaskSubmitted.newBuilder().setMeta(meta("intake")).setRepository(repository).setTitle(ticket.getTitle())
          .setDescription(ticket.getDescription()).setAcceptanceCriteria(ticket.getAcceptanceCriteria()).setTestCommand("mvn -q test")
          .setRequester("dev" + random.nextInt(40) + "@example.com").build());
      event(TaskEventType.STATE_CHANGED, TaskStatus.PLANNING, "planning started", null);
      modelStep(Role.ANALYSIS, StepKind.ANALYZE, "analysis", 1, analysisPrompt(), analysisAnswer(), null);
      Plan plan = plan();
      modelStep(Role.MANAGER, StepKind.PLAN, "plan", 1, planPrompt(), planAnswer(plan), plan);
      event(TaskEventType.PLAN_ACCEPTED, TaskStatus.EXECUTING, "plan accepted: " + plan.getGoal(), null);
      for (PlanStep step : plan.getSteps()) {
        int attempts = random.nextInt(4) == 0 ? 2 : 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
          boolean passes = attempt == attempts && random.nextInt(8) != 0;
          executeStep(step, attempt, passes);
          if (!passes && attempt < attempts) event(TaskEventType.STEP_RETRIED, TaskStatus.EXECUTING, "retrying " + step.getId(), step.getId());
        }
      }
      event(TaskEventType.STATE_CHANGED, TaskStatus.VALIDATING, "validating the whole branch", null);
      tool(ToolName.RUN_TESTS, "validate", 1, true);
      modelStep(Role.REVIEW, StepKind.REVIEW, "review", 1, reviewPrompt(), "APPROVE. " + words(30 + random.nextInt(40)), null);
      modelStep(Role.MANAGER, StepKind.SUMMARIZE, "summary", 1, reviewPrompt(), "## Summary\n" + ticket.getTitle() + "\n" + words(40), null);
      tool(ToolName.OPEN_PR, "pr", 1, true);
      event(TaskEventType.PR_OPENED, TaskStatus.PR_OPENED, "pull request opened: https://git.example.com/pr/" + random.nextInt(100000), null);
      event(TaskEventType.STATE_CHANGED, TaskStatus.DONE, "done", null);
      return out;
    }

    private void executeStep(PlanStep step, int attempt, boolean passes) {
      Role role = step.getType() == StepType.TEST_WRITE ? Role.TEST_WRITER : Role.CODE_EDIT;
      event(TaskEventType.STEP_STARTED, TaskStatus.EXECUTING, "step " + step.getId() + " started: " + step.getDescription(), step.getId());
      tool(ToolName.GATHER_CONTEXT, step.getId(), attempt, true);
      modelStep(role, StepKind.EXECUTE, step.getId(), attempt, executePrompt(step), editAnswer(step), null);
      tool(ToolName.APPLY_EDITS, step.getId(), attempt, true);
      event(TaskEventType.EDITS_APPLIED, TaskStatus.EXECUTING, "edits applied to " + String.join(", ", step.getFiles()), step.getId());
      tool(ToolName.RUN_TESTS, step.getId(), attempt, passes);
      event(passes ? TaskEventType.TESTS_PASSED : TaskEventType.TESTS_FAILED, TaskStatus.EXECUTING,
          passes ? "tests passed" : "tests failed: " + words(8), step.getId());
      modelStep(Role.MANAGER, StepKind.EVALUATE, step.getId(), attempt, evaluatePrompt(step), (passes ? "ACCEPT: " : "RETRY: ") + words(25), null);
      event(passes ? TaskEventType.STEP_COMPLETED : TaskEventType.STEP_FAILED, TaskStatus.EXECUTING,
          "step " + step.getId() + (passes ? " completed" : " failed: tests failed"), step.getId());
    }

    private void modelStep(Role role, StepKind kind, String stepId, int attempt, List<ChatMessage> prompt, String answer, Plan plan) {
      String requestId = taskId + "/" + stepId + "/" + attempt;
      List<FileContent> context = kind == StepKind.EXECUTE ? List.of(new FileContent(files.get(random.nextInt(files.size())), source())) : List.of();
      publish(Topics.steps(role), StepRequest.newBuilder().setMeta(meta("planner")).setRequestId(requestId).setRole(role).setKind(kind)
          .setStepId(stepId).setAttempt(attempt).setTicket(ticket).setFiles(context)
          .setRepositoryFiles(kind == StepKind.PLAN || kind == StepKind.ANALYZE ? files : List.of())
          .setNotes(kind == StepKind.EVALUATE ? words(30) : null).build());
      tick(3_000 + random.nextInt(40_000));
      boolean ok = random.nextInt(40) != 0;
      Usage usage = new Usage(800 + random.nextInt(12_000), 100 + random.nextInt(2_000), random.nextInt(5_000) / 100_000.0);
      String model = role == Role.MANAGER || role == Role.REVIEW ? "anthropic/strong-1" : "openai/fast-2";
      publish(Topics.MODEL_CALLS, ModelCall.newBuilder().setMeta(meta("worker")).setRequestId(requestId).setRole(role).setKind(kind)
          .setProvider(model.split("/")[0]).setModel(model.split("/")[1]).setPrompt(prompt).setResponse(ok ? answer : "")
          .setUsage(usage).setLatencyMs(400 + random.nextInt(30_000)).setOk(ok)
          .setError(ok ? null : "model error: 529 overloaded, " + words(5))
          .setPromptVersion(role.name().toLowerCase(Locale.ROOT) + "." + kind.name().toLowerCase(Locale.ROOT) + "@2").build());
      tick(50);
      publish(Topics.STEP_RESULTS, StepResult.newBuilder().setMeta(meta("worker")).setRequestId(requestId).setRole(role).setKind(kind)
          .setStepId(stepId).setAttempt(attempt).setOk(ok).setError(ok ? null : "model error: 529 overloaded")
          .setPlan(plan).setText(kind == StepKind.EXECUTE ? null : answer)
          .setEdits(kind == StepKind.EXECUTE ? List.of(new Edit(files.get(0), "return amount;", "return amount.setScale(2, RoundingMode.HALF_EVEN);")) : List.of())
          .setUsage(usage).setModel(model)
          .setEvaluation(kind == StepKind.EVALUATE ? new Evaluation(answer.startsWith("ACCEPT") ? Verdict.ACCEPT : Verdict.RETRY, answer) : null)
          .build());
      tick(200);
    }

    private void tool(ToolName tool, String stepId, int attempt, boolean ok) {
      String requestId = taskId + "/" + stepId + "/" + attempt + "/" + tool.name().toLowerCase(Locale.ROOT);
      List<String> paths = List.of(files.get(random.nextInt(files.size())), files.get(random.nextInt(files.size())));
      publish(Topics.TOOL_REQUESTS, ToolRequest.newBuilder().setMeta(meta("planner")).setRequestId(requestId).setTool(tool)
          .setRepository(repository).setBaseBranch("main").setBranch("agentline/" + taskId).setPaths(paths)
          .setQueries(tool == ToolName.GATHER_CONTEXT ? List.of(pick(NOUNS) + pick(SUFFIXES), pick(VERBS)) : List.of())
          .setCommand(tool == ToolName.RUN_TESTS ? "mvn -q test" : null)
          .setTitle(tool == ToolName.OPEN_PR ? ticket.getTitle() : null).build());
      tick(500 + random.nextInt(20_000));
      ToolResult.Builder result = ToolResult.newBuilder().setMeta(meta("tool-runner")).setRequestId(requestId).setTool(tool).setOk(ok)
          .setDurationMs(100 + random.nextInt(60_000)).setCommit(Long.toHexString(random.nextLong()));
      switch (tool) {
        case GATHER_CONTEXT -> result.setSearchHits(searchHits()).setRepositoryMap(repositoryMap()).setOutput("context gathered");
        case APPLY_EDITS -> result.setDiff(diff(paths.get(0))).setChangedFiles(List.of(paths.get(0))).setDiffLines(2 + random.nextInt(40))
            .setOutput("applied 1 edit to " + paths.get(0));
        case RUN_TESTS -> result.setTests(tests(ok)).setError(ok ? null : "tests failed").setOutput(ok ? "tests passed" : "tests failed");
        case OPEN_PR -> result.setPullRequest(new PullRequest("agentline/" + taskId, ticket.getTitle(), words(40),
            "https://git.example.com/pr/" + random.nextInt(100000), null)).setOutput("pull request opened");
        default -> result.setOutput(words(20));
      }
      publish(Topics.TOOL_RESULTS, result.build());
      tick(100);
    }

    private void event(TaskEventType type, TaskStatus status, String message, String stepId) {
      publish(Topics.TASK_EVENTS, TaskEvent.newBuilder().setMeta(meta("planner")).setType(type).setStatus(status).setMessage(message)
          .setStepId(stepId).build());
      tick(20);
    }

    private Plan plan() {
      List<PlanStep> steps = new ArrayList<>();
      int count = 2 + random.nextInt(3);
      for (int i = 1; i <= count; i++) {
        boolean test = i == count && random.nextBoolean();
        steps.add(PlanStep.newBuilder().setId("s" + i).setType(test ? StepType.TEST_WRITE : StepType.CODE_EDIT)
            .setDescription((test ? "Write a test: " : "") + pick(VERBS) + " " + className() + " so that " + words(10))
            .setFiles(List.of(files.get(random.nextInt(files.size())))).build());
      }
      return new Plan("Make " + ticket.getTitle().toLowerCase(Locale.ROOT), steps, 1);
    }

    private List<ChatMessage> analysisPrompt() {
      return List.of(new ChatMessage("system", "You map a repository for the engineers who will change it. Answer in JSON."),
          new ChatMessage("user", "Repository " + repository + ". Files:\n" + String.join("\n", files)));
    }

    private String analysisAnswer() {
      StringBuilder out = new StringBuilder("{\"modules\": [");
      for (int i = 0; i < 6; i++) out.append("{\"path\": \"").append(files.get(random.nextInt(files.size()))).append("\", \"purpose\": \"").append(words(8)).append("\"},");
      return out.append("]}").toString();
    }

    private List<ChatMessage> planPrompt() {
      return List.of(new ChatMessage("system", "You are the manager. Plan the smallest change that satisfies the ticket. " + words(30)),
          new ChatMessage("user", "# Ticket\n" + ticket.getTitle() + "\n\n" + ticket.getDescription() + "\n\n# Acceptance criteria\n- "
              + String.join("\n- ", ticket.getAcceptanceCriteria()) + "\n\n# Repository map\n" + repositoryMap()));
    }

    private String planAnswer(Plan plan) {
      StringBuilder out = new StringBuilder("{\"goal\": \"" + plan.getGoal() + "\", \"steps\": [");
      for (PlanStep step : plan.getSteps()) out.append("{\"id\": \"").append(step.getId()).append("\", \"description\": \"").append(step.getDescription()).append("\"},");
      return out.append("]}").toString();
    }

    private List<ChatMessage> executePrompt(PlanStep step) {
      return List.of(new ChatMessage("system", "Answer with SEARCH/REPLACE blocks only. " + words(20)),
          new ChatMessage("user", "# Step\n" + step.getDescription() + "\n\n# " + step.getFiles().get(0) + "\n" + source()
              + "\n# Search hits\n" + String.join("\n", searchHits())));
    }

    private String editAnswer(PlanStep step) {
      return step.getFiles().get(0) + "\n<<<<<<< SEARCH\n    return amount;\n=======\n    return amount.setScale(2, RoundingMode.HALF_EVEN);\n>>>>>>> REPLACE\n"
          + words(15);
    }

    private List<ChatMessage> evaluatePrompt(PlanStep step) {
      return List.of(new ChatMessage("system", "Judge whether the step did what the plan asked."),
          new ChatMessage("user", "# Step\n" + step.getDescription() + "\n# Diff\n" + diff(step.getFiles().get(0)) + "\n# Tests\n" + words(25)));
    }

    private List<ChatMessage> reviewPrompt() {
      return List.of(new ChatMessage("system", "Review the whole change as a senior engineer."),
          new ChatMessage("user", "# Ticket\n" + ticket.getTitle() + "\n# Diff\n" + diff(files.get(0)) + diff(files.get(files.size() / 2))));
    }

    private String source() {
      String name = className();
      StringBuilder out = new StringBuilder("package " + pkg + ";\n\nimport java.math.BigDecimal;\nimport java.math.RoundingMode;\n\n/** ")
          .append(words(12)).append(" */\npublic class ").append(name).append(" {\n");
      int methods = 2 + random.nextInt(4);
      for (int i = 0; i < methods; i++) {
        String verb = pick(VERBS);
        String noun = pick(NOUNS);
        out.append("  /** ").append(words(8)).append(" */\n  public BigDecimal ").append(verb).append(noun).append("(").append(noun)
            .append(" ").append(noun.toLowerCase(Locale.ROOT)).append(") {\n    if (").append(noun.toLowerCase(Locale.ROOT))
            .append(" == null) throw new IllegalArgumentException(\"").append(noun.toLowerCase(Locale.ROOT)).append(" is required\");\n")
            .append("    BigDecimal amount = ").append(noun.toLowerCase(Locale.ROOT)).append(".amount();\n    return amount;\n  }\n\n");
      }
      return out.append("}\n").toString();
    }

    private List<String> searchHits() {
      List<String> hits = new ArrayList<>();
      int count = 3 + random.nextInt(6);
      for (int i = 0; i < count; i++) {
        hits.add(files.get(random.nextInt(files.size())) + ":" + (1 + random.nextInt(300)) + ": " + pick(VERBS) + pick(NOUNS) + "(" + words(3) + ")");
      }
      return hits;
    }

    private String repositoryMap() {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        out.append(files.get(random.nextInt(files.size()))).append(": class ").append(className()).append(" { ").append(pick(VERBS))
            .append(pick(NOUNS)).append("(); ").append(pick(VERBS)).append(pick(NOUNS)).append("(); }\n");
      }
      return out.toString();
    }

    private String diff(String path) {
      return "--- a/" + path + "\n+++ b/" + path + "\n@@ -" + (10 + random.nextInt(200)) + ",6 +" + (10 + random.nextInt(200)) + ",7 @@\n"
          + "   BigDecimal amount = " + pick(NOUNS).toLowerCase(Locale.ROOT) + ".amount();\n-  return amount;\n+  return amount.setScale(2, RoundingMode.HALF_EVEN);\n"
          + "+  // " + words(8) + "\n";
    }

    private TestRun tests(boolean passed) {
      int total = 40 + random.nextInt(400);
      List<TestFailure> failures = new ArrayList<>();
      StringBuilder tail = new StringBuilder("[INFO] Running " + pkg + "." + className() + "Test\n");
      if (!passed) {
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
          String testClass = pkg + "." + className() + "Test";
          String testName = pick(VERBS) + pick(NOUNS) + "When" + pick(NOUNS) + "IsMissing";
          int expected = random.nextInt(1000);
          String message = random.nextBoolean()
              ? "expected: <" + expected + ".00> but was: <" + (expected + 1) + ".00>"
              : "Cannot invoke \"" + pkg + "." + pick(NOUNS) + ".amount()\" because \"" + pick(NOUNS).toLowerCase(Locale.ROOT) + "\" is null";
          String trace = (message.startsWith("expected") ? "org.opentest4j.AssertionFailedError: " : "java.lang.NullPointerException: ") + message
              + "\n\tat " + testClass + "." + testName + "(" + testClass.substring(testClass.lastIndexOf('.') + 1) + ".java:" + (10 + random.nextInt(200)) + ")";
          failures.add(new TestFailure(testClass, testName, message.startsWith("expected") ? TestOutcome.FAILED : TestOutcome.ERRORED, message, trace));
          tail.append("[ERROR] ").append(testName).append("  Time elapsed: 0.0").append(random.nextInt(9)).append(" s  <<< FAILURE!\n").append(trace).append('\n');
        }
      }
      tail.append("[INFO] Tests run: ").append(total).append(", Failures: ").append(failures.size()).append(", Errors: 0, Skipped: 0\n");
      return TestRun.newBuilder().setExitCode(passed ? 0 : 1).setPassed(passed).setSummary(passed ? total + " tests passed" : failures.size() + " of " + total + " failed")
          .setOutputTail(tail.toString()).setDurationMs(2_000 + random.nextInt(60_000)).setReportsFound(true)
          .setPassedTests(total - failures.size()).setFailedTests(failures.size()).setFailures(failures).build();
    }

    private Metadata meta(String producer) {
      String eventId = new UUID(random.nextLong(), random.nextLong()).toString();
      Metadata meta = Metadata.newBuilder().setEventId(eventId).setOccurredAt(now).setTaskId(taskId).setCausationId(lastEventId)
          .setProducer(producer).build();
      lastEventId = eventId;
      return meta;
    }

    private void tick(int millis) {
      now = now.plusMillis(millis);
    }

    private void publish(String topic, SpecificRecordBase record) {
      out.add(new Published(topic, taskId, now, record));
    }
  }
}
