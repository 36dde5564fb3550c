package dev.agentline.worker.contracts;

import dev.agentline.schemas.StepRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Manager, SUMMARIZE ({@code manager.summarize@4}): the ticket, plan, notes, final tests and diff in, the pull request
 * description out; in a review iteration (2 and up) the review feedback and the iteration's diff in, and out a short
 * "what changed for the review", which is posted as the reply to each comment.
 */
final class SummarizeContract extends TemplateContract {

  SummarizeContract() {
    super("manager.summarize.v4");
  }

  @Override
  Map<String, String> fixedSections(StepRequest request) {
    Map<String, String> sections = new LinkedHashMap<>();
    sections.put("ticket", Sections.ticket(request.getTicket()));
    sections.put("plan", Sections.plan(request.getPlan(), null));
    sections.put("notes", Sections.notes(request.getNotes()));
    return sections;
  }

  @Override
  void contextSections(StepRequest request, ContextBudget budget, Map<String, String> into) {
    boolean review = ReviewFeedback.inReview(request);
    into.put("review", ReviewFeedback.section(request, Set.of(), budget));
    into.put("tests", Sections.tests(request.getTests(), "Final test run", budget));
    into.put("diff", request.getDiff() == null ? "" : Sections.diff(request.getDiff(), review ? "This iteration's changes" : "The branch's changes", budget));
  }

  @Override
  public StepOutput read(StepRequest request, String answer) {
    String text = answer == null ? "" : answer.strip();
    return text.isEmpty() ? StepOutput.invalid("the summary is empty") : StepOutput.text(text);
  }
}
