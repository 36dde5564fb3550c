package dev.agentline.planner.workflow;

import dev.agentline.schemas.GuardrailOverrides;
import dev.agentline.schemas.TaskSubmitted;
import java.util.List;

/**
 * Guardrails per repository, with per-ticket overrides: the defaults, then the first rule whose
 * repository glob matches the ticket's repository, then the ticket's own overrides.
 */
public record GuardrailPolicy(Guardrails defaults, List<Rule> rules) {

  /** Overrides for every repository whose URL or path matches {@code repositoryGlob}. */
  public record Rule(String repositoryGlob, GuardrailOverrides overrides) {}

  public GuardrailPolicy {
    rules = List.copyOf(rules);
  }

  public static GuardrailPolicy of(Guardrails defaults) {
    return new GuardrailPolicy(defaults, List.of());
  }

  public Guardrails forTask(TaskSubmitted ticket) {
    Guardrails limits = defaults;
    for (Rule rule : rules) {
      if (PathRules.matches(rule.repositoryGlob(), ticket.getRepository())) {
        limits = limits.overriddenBy(rule.overrides());
        break;
      }
    }
    return limits.overriddenBy(ticket.getGuardrails());
  }
}
