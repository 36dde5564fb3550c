package dev.agentline.platform.access;

import java.util.Locale;
import java.util.Optional;

/** What a caller may do. {@link #ADMIN} may do everything the others may. */
public enum Role {
  /** Submits tasks (to repositories its teams allow). */
  SUBMITTER,
  /** Approves or rejects plans and steps of tasks it did not request. */
  APPROVER,
  /** Reads search, timelines, metrics and the chain check. */
  ANALYST,
  /** Everything, including any task's cancel/retry and the actuator beyond health and prometheus. */
  ADMIN;

  /** {@code submitter}, {@code ROLE_APPROVER}, {@code agentline-admin}...: the role named at the end, case-insensitively. */
  public static Optional<Role> parse(String name) {
    if (name == null) return Optional.empty();
    String upper = name.strip().toUpperCase(Locale.ROOT);
    for (Role role : values()) {
      if (upper.equals(role.name()) || upper.equals("ROLE_" + role.name()) || upper.endsWith("-" + role.name())
          || upper.endsWith(":" + role.name()) || upper.endsWith("_" + role.name())) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /** The name in configuration and problem details: lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
