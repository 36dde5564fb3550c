package dev.agentline.planner.kafka;

import dev.agentline.planner.workflow.CallCosts;
import dev.agentline.platform.models.ModelCatalog;
import dev.agentline.platform.models.ModelSpec;
import dev.agentline.schemas.Role;

/**
 * The worst case of a model step from the models config every service shares: the call with the
 * role's whole output allowance, then a re-ask whose prompt also carries that answer and the
 * validation error.
 */
final class ModelCallCosts implements CallCosts {
  /** The re-ask's extra prompt: the validation error and the instruction to fix it. */
  static final long REASK_TOKENS = 200;
  private final ModelCatalog catalog;

  ModelCallCosts(ModelCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public Reservation worstCase(Role role, long estimatedInputTokens) {
    ModelSpec spec = catalog.spec(role);
    long out = spec.maxOutputTokens();
    long reaskInput = estimatedInputTokens + out + REASK_TOKENS;
    long tokens = estimatedInputTokens + out + reaskInput + out;
    double cost = spec.costUsd(estimatedInputTokens, out) + spec.costUsd(reaskInput, out);
    return new Reservation(tokens, cost);
  }
}
