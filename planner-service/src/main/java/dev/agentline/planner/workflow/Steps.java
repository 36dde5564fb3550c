package dev.agentline.planner.workflow;

import dev.agentline.schemas.Plan;
import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.StepProgress;
import dev.agentline.schemas.TaskState;
import java.util.Optional;

/** Finds a plan step, or what the planner knows of its execution, by id. */
public final class Steps {
  private Steps() {}

  public static Optional<PlanStep> step(Plan plan, String stepId) {
    if (plan == null || stepId == null) return Optional.empty();
    return plan.getSteps().stream().filter(s -> s.getId().equals(stepId)).findFirst();
  }

  public static Optional<StepProgress> progress(TaskState state, String stepId) {
    return state.getSteps().stream().filter(p -> p.getStepId().equals(stepId)).findFirst();
  }
}
