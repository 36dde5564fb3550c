package dev.agentline.worker.contracts;

import dev.agentline.platform.work.WorkTemplate;
import dev.agentline.platform.work.WorkTemplates;
import dev.agentline.schemas.StepRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Manager, PLAN ({@code manager.plan@5}): the ticket (with its work type's template, when it names one), the
 * analysis and the repository in, a JSON plan out.
 */
final class PlanContract extends TemplateContract {
  private final PlanReader reader;

  PlanContract(PlanReader reader) {
    super("manager.plan.v5");
    this.reader = reader;
  }

  @Override
  Map<String, String> fixedSections(StepRequest request) {
    Map<String, String> sections = new LinkedHashMap<>();
    sections.put("ticket", Sections.ticket(request.getTicket()));
    sections.put("workType", WorkTemplates.find(request.getTicket().getWorkType()).map(WorkTemplate::guidance).orElse(""));
    sections.put("feedback", Sections.feedback(request.getFeedback()));
    return sections;
  }

  @Override
  void contextSections(StepRequest request, ContextBudget budget, Map<String, String> into) {
    into.put("analysis", Sections.analysis(request.getAnalysis(), budget));
    into.put("repositoryMap", Sections.repositoryMap(request.getRepositoryMap(), budget));
    into.put("repositoryFiles", Sections.repositoryFiles(request.getRepositoryFiles(), budget));
    into.put("files", Sections.files(request, budget, null));
  }

  @Override
  public StepOutput read(StepRequest request, String answer) {
    return reader.read(answer);
  }
}
