package dev.agentline.worker.contracts;

import dev.agentline.schemas.Evaluation;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.Verdict;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Manager, EVALUATE ({@code manager.evaluate@2}): a step's diff and test run in;
 * {@code {"verdict": "accept"|"retry"|"revise", "feedback"}} out, checked against
 * {@code contracts/evaluation.schema.json}.
 */
final class EvaluateContract extends TemplateContract {
  private final JsonAnswer json = new JsonAnswer("contracts/evaluation.schema.json");

  EvaluateContract() {
    super("manager.evaluate.v2");
  }

  @Override
  Map<String, String> fixedSections(StepRequest request) {
    Map<String, String> sections = new LinkedHashMap<>();
    sections.put("ticket", Sections.ticket(request.getTicket()));
    sections.put("plan", Sections.plan(request.getPlan(), request.getStepId()));
    sections.put("step", Sections.step(request));
    sections.put("notes", Sections.notes(request.getNotes()));
    return sections;
  }

  @Override
  void contextSections(StepRequest request, ContextBudget budget, Map<String, String> into) {
    into.put("tests", Sections.tests(request.getTests(), "Tests after the step", budget));
    into.put("diff", Sections.diff(request.getDiff(), "The step's changes", budget));
  }

  @Override
  public StepOutput read(StepRequest request, String answer) {
    JsonAnswer.Read read = json.read(answer);
    if (!read.ok()) return StepOutput.invalid(read.error());
    Verdict verdict = Verdict.valueOf(read.tree().get("verdict").asString().toUpperCase(Locale.ROOT));
    return StepOutput.evaluation(new Evaluation(verdict, read.tree().get("feedback").asString().strip()));
  }
}
