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
