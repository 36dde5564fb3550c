package dev.agentline.worker.contracts;

import dev.agentline.platform.work.WorkTemplate;
import dev.agentline.platform.work.WorkTemplates;
import dev.agentline.schemas.StepRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Manager, PLAN ({@code manager.plan@6}): the ticket (with its work type's template, when it names one), the
 * analysis and the repository in, a JSON plan out. In a review iteration (2 and up) also the review feedback to
 * address, what happened (e.g. a hand-back) and the branch's diff so far, and the plan covers only that feedback.
 */
final class PlanContract extends TemplateContract {
  private final PlanReader reader;

  PlanContract(PlanReader reader) {
    super("manager.plan.v6");
    this.reader = reader;
  }

  @Override
  Map<String, String> fixedSections(StepRequest request) {
    Map<String, String> sections = new LinkedHashMap<>();
    sections.put("ticket", Sections.ticket(request.getTicket()));
    sections.put("workType", WorkTemplates.find(request.getTicket().getWorkType()).map(WorkTemplate::guidance).orElse(""));
    sections.put("feedback", Sections.feedback(request.getFeedback()));
    boolean review = ReviewFeedback.inReview(request);
    sections.put("notes", review && request.getNotes() != null && !request.getNotes().isBlank() ? Sections.notes(request.getNotes()) : "");
    return sections;
  }

  @Override
  void contextSections(StepRequest request, ContextBudget budget, Map<String, String> into) {
    into.put("review", ReviewFeedback.section(request, Set.of(), budget));
    into.put("branchDiff", ReviewFeedback.inReview(request) ? Sections.diff(request.getDiff(), "The branch's changes so far", budget) : "");
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
