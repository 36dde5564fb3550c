package dev.agentline.worker.contracts;

import dev.agentline.platform.edits.RepoPaths;
import dev.agentline.schemas.Plan;
import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.StepStatus;
import dev.agentline.schemas.StepType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads the manager's plan: JSON (optionally fenced, prose around it tolerated) checked against
 * {@code contracts/plan.schema.json}, then the rules a schema cannot state: unique ids, known
 * dependencies, no cycles, safe paths.
 */
final class PlanReader {
  static final String SCHEMA_RESOURCE = "contracts/plan.schema.json";
  /** Step ids the planner uses for its own model calls. */
  private static final Set<String> RESERVED_IDS = Set.of("plan", "validate", "summary", "analysis", "review");

  private final JsonAnswer json = new JsonAnswer(SCHEMA_RESOURCE);

  StepOutput read(String answer) {
    JsonAnswer.Read read = json.read(answer);
    if (!read.ok()) return StepOutput.invalid(read.error());
    return checkRules(toPlan(read.tree()));
  }

  private static Plan toPlan(JsonNode tree) {
    List<PlanStep> steps = new ArrayList<>();
    for (JsonNode step : tree.get("steps")) {
      steps.add(PlanStep.newBuilder()
          .setId(step.get("id").asString())
          .setType(step.get("type").asString().equals("code-edit") ? StepType.CODE_EDIT : StepType.TEST_WRITE)
          .setDescription(step.get("description").asString())
          .setFiles(strings(step.get("files")))
          .setDependsOn(strings(step.get("dependsOn")))
          .setSearchQueries(strings(step.get("searchQueries")))
          .setTestCommand(step.hasNonNull("testCommand") && !step.get("testCommand").asString().isBlank() ? step.get("testCommand").asString() : null)
          .setStatus(StepStatus.PENDING)
          .build());
    }
    return Plan.newBuilder().setGoal(tree.get("goal").asString()).setSteps(steps).setVersion(1).build();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    if (array != null) array.forEach(value -> values.add(value.asString()));
    return values;
  }

  private static StepOutput checkRules(Plan plan) {
    Map<String, PlanStep> byId = new LinkedHashMap<>();
    for (PlanStep step : plan.getSteps()) {
      if (RESERVED_IDS.contains(step.getId())) return StepOutput.invalid("plan invalid: step id '" + step.getId() + "' is reserved (" + String.join(", ", new java.util.TreeSet<>(RESERVED_IDS)) + ")");
      if (byId.put(step.getId(), step) != null) return StepOutput.invalid("plan invalid: duplicate step id " + step.getId());
      for (String file : step.getFiles()) {
        Optional<String> problem = RepoPaths.problem(file);
        if (problem.isPresent()) return StepOutput.invalid("plan invalid: step " + step.getId() + ": " + problem.get());
      }
    }
    for (PlanStep step : plan.getSteps()) {
      for (String dependency : step.getDependsOn()) {
        if (!byId.containsKey(dependency)) {
          return StepOutput.invalid("plan invalid: step " + step.getId() + " depends on unknown step " + dependency);
        }
      }
    }
    Optional<List<String>> cycle = cycle(byId);
    if (cycle.isPresent()) return StepOutput.invalid("plan invalid: dependency cycle " + String.join(" -> ", cycle.get()));
    return StepOutput.plan(plan);
  }

  /** A dependency cycle as the ids along it (first id repeated at the end), if there is one. */
  private static Optional<List<String>> cycle(Map<String, PlanStep> byId) {
    Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
    for (String id : byId.keySet()) {
      List<String> path = new ArrayList<>();
      Optional<List<String>> found = visit(id, byId, state, path);
      if (found.isPresent()) return found;
    }
    return Optional.empty();
  }

  private static Optional<List<String>> visit(String id, Map<String, PlanStep> byId, Map<String, Integer> state, List<String> path) {
    Integer seen = state.get(id);
    if (seen != null && seen == 2) return Optional.empty();
    if (seen != null) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
      cycle.add(id);
      return Optional.of(cycle);
    }
    state.put(id, 1);
    path.add(id);
    for (String dependency : byId.get(id).getDependsOn()) {
      Optional<List<String>> found = visit(dependency, byId, state, path);
      if (found.isPresent()) return found;
    }
    path.remove(path.size() - 1);
    state.put(id, 2);
    return Optional.empty();
  }
}
