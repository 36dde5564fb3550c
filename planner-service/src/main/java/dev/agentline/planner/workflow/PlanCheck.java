package dev.agentline.planner.workflow;

import dev.agentline.schemas.Plan;
import dev.agentline.schemas.PlanStep;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Checks a proposed plan before the planner accepts it; returns the first problem found. */
final class PlanCheck {
  private PlanCheck() {}

  static Optional<String> problem(Plan plan, int maxSteps) {
    List<PlanStep> steps = plan.getSteps();
    if (plan.getGoal() == null || plan.getGoal().isBlank()) return Optional.of("plan has no goal");
    if (steps.isEmpty()) return Optional.of("plan has no steps");
    if (steps.size() > maxSteps) {
      return Optional.of("plan has " + steps.size() + " steps, more than the limit of " + maxSteps + " (max-steps)");
    }
    Map<String, PlanStep> byId = new HashMap<>();
    for (PlanStep step : steps) {
      if (byId.put(step.getId(), step) != null) return Optional.of("plan has two steps with id " + step.getId());
    }
    for (PlanStep step : steps) {
      for (String dep : step.getDependsOn()) {
        if (!byId.containsKey(dep)) return Optional.of("step " + step.getId() + " depends on unknown step " + dep);
      }
    }
    Set<String> done = new HashSet<>();
    Set<String> visiting = new HashSet<>();
    for (PlanStep step : steps) {
      String cycle = cycleFrom(step.getId(), byId, visiting, done);
      if (cycle != null) return Optional.of("plan has a dependency cycle through step " + cycle);
    }
    return Optional.empty();
  }

  private static String cycleFrom(String id, Map<String, PlanStep> byId, Set<String> visiting, Set<String> done) {
    if (done.contains(id)) return null;
    if (!visiting.add(id)) return id;
    for (String dep : byId.get(id).getDependsOn()) {
      String cycle = cycleFrom(dep, byId, visiting, done);
      if (cycle != null) return cycle;
    }
    visiting.remove(id);
    done.add(id);
    return null;
  }
}
