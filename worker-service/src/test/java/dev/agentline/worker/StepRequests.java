package dev.agentline.worker;

import dev.agentline.platform.Meta;
import dev.agentline.schemas.FileContent;
import dev.agentline.schemas.Plan;
import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepType;
import dev.agentline.schemas.Ticket;
import java.util.List;

/** Step requests as the planner sends them, for tests. */
public final class StepRequests {
  public static final String TITLE = "Add a greeting endpoint";

  private StepRequests() {}

  public static Ticket ticket() {
    return Ticket.newBuilder()
        .setTitle(TITLE)
        .setDescription("GET /hello should answer with a friendly greeting.")
        .setAcceptanceCriteria(List.of("GET /hello returns 200", "the body contains Hello"))
        .build();
  }

  public static Plan plan() {
    return Plan.newBuilder()
        .setGoal("Serve a greeting")
        .setSteps(List.of(
            PlanStep.newBuilder().setId("s1").setType(StepType.CODE_EDIT).setDescription("Add the Hello controller")
                .setFiles(List.of("src/main/java/demo/Hello.java")).build(),
            PlanStep.newBuilder().setId("s2").setType(StepType.TEST_WRITE).setDescription("Test the Hello controller")
                .setFiles(List.of("src/test/java/demo/HelloTest.java")).setDependsOn(List.of("s1")).build()))
        .build();
  }

  public static StepRequest.Builder planRequest(String taskId) {
    return base(taskId, Role.MANAGER, StepKind.PLAN, "plan", 1)
        .setRepositoryFiles(List.of("pom.xml", "src/main/java/demo/App.java"));
  }

  public static StepRequest.Builder executeRequest(String taskId, Role role, String stepId, int attempt) {
    return base(taskId, role, StepKind.EXECUTE, stepId, attempt)
        .setPlan(plan())
        .setFiles(List.of(FileContent.newBuilder().setPath("src/main/java/demo/App.java").setContent("package demo;\n\nclass App {}\n").build()));
  }

  public static StepRequest.Builder summarizeRequest(String taskId) {
    return base(taskId, Role.MANAGER, StepKind.SUMMARIZE, "summary", 1)
        .setPlan(plan())
        .setNotes("s1 done: Hello.java added; s2 done: 1 test passes");
  }

  public static StepRequest.Builder analyzeRequest(String taskId) {
    return base(taskId, Role.ANALYSIS, StepKind.ANALYZE, "analysis", 1)
        .setRepositoryFiles(List.of("pom.xml", "src/main/java/demo/App.java"))
        .setRepositoryMap("src/main/java/demo/App.java\n  class App\n");
  }

  public static StepRequest.Builder evaluateRequest(String taskId) {
    return base(taskId, Role.MANAGER, StepKind.EVALUATE, "s1", 1)
        .setPlan(plan())
        .setDiff("--- /dev/null\n+++ b/src/main/java/demo/Hello.java\n@@ -0,0 +1 @@\n+class Hello {}\n")
        .setTests(tests(true))
        .setNotes("s1 applied: 1 file changed");
  }

  public static StepRequest.Builder reviseRequest(String taskId) {
    Plan plan = plan();
    plan.getSteps().get(0).setStatus(dev.agentline.schemas.StepStatus.DONE);
    return base(taskId, Role.MANAGER, StepKind.REVISE, "plan", 1)
        .setPlan(plan)
        .setFeedback("s2 cannot test Hello without a web client")
        .setRepositoryFiles(List.of("pom.xml", "src/main/java/demo/App.java", "src/main/java/demo/Hello.java"));
  }

  public static StepRequest.Builder reviewRequest(String taskId) {
    return base(taskId, Role.REVIEW, StepKind.REVIEW, "review", 1)
        .setPlan(plan())
        .setDiff("--- /dev/null\n+++ b/src/main/java/demo/Hello.java\n@@ -0,0 +1 @@\n+class Hello {}\n")
        .setTests(tests(true));
  }

  public static dev.agentline.schemas.TestRun tests(boolean passed) {
    return dev.agentline.schemas.TestRun.newBuilder().setExitCode(passed ? 0 : 1).setPassed(passed)
        .setSummary(passed ? "Tests run: 3, Failures: 0" : "Tests run: 3, Failures: 1")
        .setOutputTail(passed ? "BUILD SUCCESS\n" : "HelloTest.greets: expected 200 but was 404\nBUILD FAILURE\n").setDurationMs(1234).build();
  }

  private static StepRequest.Builder base(String taskId, Role role, StepKind kind, String stepId, int attempt) {
    return StepRequest.newBuilder()
        .setMeta(Meta.of(taskId, null, "planner-test"))
        .setRequestId(taskId + "/" + stepId + "/" + attempt)
        .setRole(role)
        .setKind(kind)
        .setStepId(stepId)
        .setAttempt(attempt)
        .setTicket(ticket());
  }
}
