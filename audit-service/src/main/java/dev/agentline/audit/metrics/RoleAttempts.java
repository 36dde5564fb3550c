package dev.agentline.audit.metrics;

import java.util.Map;

/**
 * How often a role was asked to do a step ({@code step_attempts}) and how often it failed ({@code worker_failures}).
 *
 * @param reasons its failures per {@code worker_failures.reason} (MODEL_ERROR, TESTS_FAILED, STEP_TIMEOUT, ...)
 */
public record RoleAttempts(String role, long attempts, long failures, Map<String, Long> reasons) {

  public RoleAttempts {
    reasons = Map.copyOf(reasons);
  }
}
