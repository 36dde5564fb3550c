package dev.agentline.worker.contracts;

import dev.agentline.schemas.StepRequest;
import dev.agentline.worker.models.Message;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A contract whose prompt is a {@link PromptTemplate} filled with fixed sections, then context sections in priority order. */
abstract class TemplateContract implements PromptContract {
  private final PromptTemplate template;

  TemplateContract(String templateName) {
    this.template = PromptTemplate.load(templateName);
  }

  @Override
  public final String version() {
    return template.version();
  }

  @Override
  public final List<Message> prompt(StepRequest request, int contextTokens) {
    boolean review = ReviewFeedback.inReview(request);
    Map<String, String> sections = new LinkedHashMap<>(fixedSections(request));
    int used = template.fixedChars(review) + sections.values().stream().mapToInt(String::length).sum();
    String role = request.getRole().name().toLowerCase(Locale.ROOT).replace('_', '-');
    contextSections(request, new ContextBudget(role, contextTokens, used), sections);
    return template.render(sections, review);
  }

  /** Sections sent whole, by placeholder name. */
  abstract Map<String, String> fixedSections(StepRequest request);

  /** Adds the context sections, most important first: each takes from the budget what is left. */
  abstract void contextSections(StepRequest request, ContextBudget budget, Map<String, String> into);
}
