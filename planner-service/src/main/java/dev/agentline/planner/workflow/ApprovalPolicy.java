package dev.agentline.planner.workflow;

import dev.agentline.schemas.Plan;
import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.TaskSubmitted;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When a person must approve a plan (never, always, or when it is risky: it touches risky paths,
 * has many steps, or the ticket carries a risky label), how long the approval may take, and
 * whether each accepted step waits for a person too.
 */
public record ApprovalPolicy(Mode mode, List<String> riskyPaths, int riskyMinSteps, List<String> riskyLabels, Duration sla,
    boolean stepApproval) {

  public enum Mode { NEVER, ALWAYS, RISKY }

  public static final ApprovalPolicy NEVER = new ApprovalPolicy(Mode.NEVER, List.of(), Integer.MAX_VALUE, List.of(), Duration.ofHours(24), false);

  public ApprovalPolicy {
    riskyPaths = List.copyOf(riskyPaths);
    riskyLabels = List.copyOf(riskyLabels);
    if (sla == null || sla.isNegative() || sla.isZero()) throw new IllegalArgumentException("agentline.planner.gates.approval-sla must be positive, was " + sla);
    if (riskyMinSteps < 1) throw new IllegalArgumentException("agentline.planner.gates.risky-min-steps must be >= 1, was " + riskyMinSteps);
  }

  /** Why this plan needs a person's approval, or empty when it may run at once. */
  public Optional<String> reasonToApprove(TaskSubmitted ticket, Plan plan) {
    switch (mode) {
      case NEVER:
        return Optional.empty();
      case ALWAYS:
        return Optional.of("every plan needs approval (plan-approval: always)");
      default:
        for (String label : ticket.getLabels()) {
          if (riskyLabels.contains(label)) return Optional.of("the ticket is labelled " + label);
        }
        if (plan.getSteps().size() >= riskyMinSteps) {
          return Optional.of("the plan has " + plan.getSteps().size() + " steps (risky from " + riskyMinSteps + ")");
        }
        PathRules risky = new PathRules(List.of(), riskyPaths);
        for (PlanStep step : plan.getSteps()) {
          for (String file : step.getFiles()) {
            if (risky.isProtected(file)) return Optional.of("step " + step.getId() + " touches " + file + ", a risky path");
          }
        }
        return Optional.empty();
    }
  }
}
