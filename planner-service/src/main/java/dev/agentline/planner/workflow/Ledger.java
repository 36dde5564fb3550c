package dev.agentline.planner.workflow;

import dev.agentline.schemas.Budget;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.RoleSpend;
import dev.agentline.schemas.TaskState;
import dev.agentline.schemas.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A task's spending: what each role has spent, what the call in flight holds, and whether the
 * budget covers the next call's worst case. Works on the task's state; no I/O.
 */
final class Ledger {
  private Ledger() {}

  static long spentTokens(TaskState state) {
    return state.getSpend().stream().mapToLong(s -> s.getInputTokens() + s.getOutputTokens()).sum();
  }

  static double spentCost(TaskState state) {
    return state.getSpend().stream().mapToDouble(RoleSpend::getCostUsd).sum();
  }

  /** Why the budget cannot cover {@code next} on top of what is spent; empty when it can. */
  static Optional<String> shortfall(TaskState state, CallCosts.Reservation next, String what) {
    Budget budget = state.getBudget();
    if (budget == null) return Optional.empty();
    // budgets apply per iteration: a review iteration starts with the whole budget again
    long tokens = spentTokens(state) - state.getIterationStartTokens();
    double cost = spentCost(state) - state.getIterationStartCostUsd();
    if (budget.getMaxTokens() != null && tokens + next.tokens() > budget.getMaxTokens()) {
      return Optional.of(String.format(Locale.ROOT,
          "budget exhausted: spent %d of %d tokens ($%.4f); %s could need up to %d more tokens", tokens, budget.getMaxTokens(), cost, what,
          next.tokens()));
    }
    if (budget.getMaxCostUsd() != null && cost + next.costUsd() > budget.getMaxCostUsd()) {
      return Optional.of(String.format(Locale.ROOT,
          "budget exhausted: spent $%.4f of $%.4f (%d tokens); %s could cost up to $%.4f more", cost, budget.getMaxCostUsd(), tokens, what,
          next.costUsd()));
    }
    return Optional.empty();
  }

  static void reserve(TaskState state, CallCosts.Reservation reservation) {
    state.setReservedTokens(reservation.tokens());
    state.setReservedCostUsd(reservation.costUsd());
  }

  /** Releases what the answered call held. */
  static void release(TaskState state) {
    state.setReservedTokens(0L);
    state.setReservedCostUsd(0.0);
  }

  /** Books what a model step really used, stale answers included: their calls were paid too. */
  static void book(TaskState state, Role role, Usage usage, int calls) {
    List<RoleSpend> spend = new ArrayList<>(state.getSpend());
    RoleSpend current = spend.stream().filter(s -> s.getRole() == role).findFirst().orElse(null);
    if (current == null) {
      current = RoleSpend.newBuilder().setRole(role).build();
      spend.add(current);
    }
    current.setInputTokens(current.getInputTokens() + usage.getInputTokens());
    current.setOutputTokens(current.getOutputTokens() + usage.getOutputTokens());
    current.setCostUsd(current.getCostUsd() + usage.getCostUsd());
    current.setCalls(current.getCalls() + Math.max(1, calls));
    state.setSpend(spend);
  }

  /** Rough tokens of a text: four characters a token, the usual estimate for English and code. */
  static long tokensOf(String text) {
    return text == null ? 0 : (text.length() + 3) / 4;
  }
}
