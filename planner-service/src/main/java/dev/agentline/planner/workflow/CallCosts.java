package dev.agentline.planner.workflow;

import dev.agentline.schemas.Role;

/**
 * The worst case of one model step, known before it is dispatched: what the role's model could
 * consume and cost for a prompt of the given size, its maximum output, and one re-ask.
 */
public interface CallCosts {
  /** Model calls one step may make: the call and one re-ask after a malformed answer. */
  int CALLS_PER_STEP = 2;

  Reservation worstCase(Role role, long estimatedInputTokens);

  /** Every role: {@code maxOutputTokens} of output, no price (replayed or free models). */
  static CallCosts free(int maxOutputTokens) {
    return (role, input) -> new Reservation(CALLS_PER_STEP * (input + maxOutputTokens), 0.0);
  }

  /** Tokens and money held for a model step in flight. */
  record Reservation(long tokens, double costUsd) {
    public static final Reservation NONE = new Reservation(0, 0.0);

    public Reservation {
      if (tokens < 0 || costUsd < 0) throw new IllegalArgumentException("a reservation cannot be negative: " + tokens + " tokens, $" + costUsd);
    }
  }
}
