package dev.agentline.worker.contracts;

import dev.agentline.platform.edits.EditAnswer;
import dev.agentline.platform.edits.EditAnswers;
import dev.agentline.schemas.StepRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Code-edit and test-writer, EXECUTE ({@code code-edit.execute@4}, {@code test-writer.execute@4}):
 * one plan step with its files, search hits, repository map and analysis in (fitted into the
 * role's context budget in that order, after the review feedback in a review iteration, those on the
 * step's files first), SEARCH/REPLACE blocks or a unified diff out, read by the
 * platform's forgiving {@link EditAnswers} (the tool runner reads diffs with the same code). A
 * diff is passed on in canonical git form, its hunk counts recounted.
 */
final class ExecuteContract extends TemplateContract {
  ExecuteContract(String templateName) {
    super(templateName);
  }

  @Override
  Map<String, String> fixedSections(StepRequest request) {
    Map<String, String> sections = new LinkedHashMap<>();
    sections.put("ticket", Sections.ticket(request.getTicket()));
    sections.put("plan", Sections.plan(request.getPlan(), request.getStepId()));
    sections.put("step", Sections.step(request));
    sections.put("feedback", Sections.feedback(request.getFeedback()));
    sections.put("notes", request.getNotes() == null || request.getNotes().isBlank() ? "" : Sections.notes(request.getNotes()));
    return sections;
  }

  @Override
  void contextSections(StepRequest request, ContextBudget budget, Map<String, String> into) {
    into.put("review", ReviewFeedback.section(request, Sections.stepFiles(request), budget));
    into.put("files", Sections.files(request, budget, "(no file contents given: files you create start empty)"));
    into.put("searchHits", Sections.searchHits(request.getSearchHits(), budget));
    into.put("repositoryMap", Sections.repositoryMap(request.getRepositoryMap(), budget));
    into.put("analysis", Sections.analysis(request.getAnalysis(), budget));
  }

  @Override
  public StepOutput read(StepRequest request, String answer) {
    EditAnswer edits = EditAnswers.read(answer);
    if (!edits.ok()) return StepOutput.invalid(edits.error());
    if (edits.unifiedDiff() != null) return StepOutput.diff(edits.unifiedDiff());
    return StepOutput.edits(edits.edits(), edits.explanation());
  }
}
