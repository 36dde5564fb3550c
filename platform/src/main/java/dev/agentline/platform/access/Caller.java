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

  /** Whether {@code name} (a task's requester, say) names this caller: see {@link #sameName}. */
  public boolean is(String name) {
    return sameName(this.name, name);
  }

  /**
   * Whether two names are one person's: equal once surrounding space is dropped, ignoring case. A Jira reporter's
   * e-mail ({@code Jane.Doe@Acme.com}) and the same person's token or OpenID name ({@code jane.doe@acme.com}) are one
   * requester, so neither may approve the other's plan. A blank name is no one's.
   */
  public static boolean sameName(String a, String b) {
    if (a == null || b == null || a.isBlank() || b.isBlank()) return false;
    return a.strip().equalsIgnoreCase(b.strip());
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
