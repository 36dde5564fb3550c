package dev.agentline.platform.access;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/** An authenticated caller: the name that becomes a task's requester or a command's actor, its roles and teams. */
public record Caller(String name, Set<Role> roles, Set<String> teams) {
  public Caller {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("a caller must have a name");
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    teams = Set.copyOf(new TreeSet<>(teams));
  }

  /** True when the caller holds {@code role}, or is an admin. */
  public boolean has(Role role) {
    return roles.contains(role) || roles.contains(Role.ADMIN);
  }

  /** True when the caller holds any of {@code anyOf}, or is an admin. */
  public boolean hasAny(Role... anyOf) {
    return Arrays.stream(anyOf).anyMatch(this::has);
  }
}
