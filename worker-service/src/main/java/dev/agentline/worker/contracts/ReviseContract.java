package dev.agentline.worker.contracts;

import dev.agentline.schemas.Plan;
import dev.agentline.schemas.PlanStep;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Manager, REVISE ({@code manager.revise@3}): the plan with its step statuses and why it must
 * change in, the whole revised plan out. DONE steps must keep their ids; they stay DONE, every
 * other step is PENDING, and the version is the old one plus one.
 */
final class ReviseContract extends TemplateContract {
  private final PlanReader reader;

  ReviseContract(PlanReader reader) {
    super("manager.revise.v3");
    this.reader = reader;
  }

  @Override
  Map<String, String> fixedSections(StepRequest request) {
    Map<String, String> sections = new LinkedHashMap<>();
    sections.put("ticket", Sections.ticket(request.getTicket()));
    sections.put("plan", Sections.plan(request.getPlan(), null));
    sections.put("reason", Sections.revisionReason(request.getFeedback()));
    return sections;
  }

  @Override
  void contextSections(StepRequest request, ContextBudget budget, Map<String, String> into) {
    into.put("analysis", Sections.analysis(request.getAnalysis(), budget));
    into.put("repositoryFiles", Sections.repositoryFiles(request.getRepositoryFiles(), budget));
  }

  @Override
  public StepOutput read(StepRequest request, String answer) {
    StepOutput output = reader.read(answer);
    if (!output.ok() || request.getPlan() == null) return output;
    Set<String> done = request.getPlan().getSteps().stream()
        .filter(step -> step.getStatus() == StepStatus.DONE).map(PlanStep::getId).collect(Collectors.toCollection(java.util.TreeSet::new));
    Set<String> revised = output.plan().getSteps().stream().map(PlanStep::getId).collect(Collectors.toSet());
    List<String> dropped = done.stream().filter(id -> !revised.contains(id)).toList();
    if (!dropped.isEmpty()) return StepOutput.invalid("$.steps must keep every DONE step with its id; missing: " + String.join(", ", dropped));
    List<PlanStep> steps = output.plan().getSteps().stream()
        .map(step -> PlanStep.newBuilder(step).setStatus(done.contains(step.getId()) ? StepStatus.DONE : StepStatus.PENDING).build())
        .toList();
    return StepOutput.plan(Plan.newBuilder(output.plan()).setSteps(steps).setVersion(request.getPlan().getVersion() + 1).build());
  }
}
