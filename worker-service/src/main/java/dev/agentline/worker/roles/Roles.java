package dev.agentline.worker.roles;

import dev.agentline.schemas.Role;
import java.util.Locale;

/** The names people write for a role: {@code manager}, {@code code-edit}, {@code test-writer}. */
public final class Roles {
  private Roles() {}

  public static String slug(Role role) {
    return role.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Accepts {@code code-edit}, {@code code_edit} or {@code CODE_EDIT}; null when the name is no role. */
  public static Role fromSlug(String name) {
    if (name == null) return null;
    String normalized = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (Role role : Role.values()) {
      if (role.name().equals(normalized)) return role;
    }
    return null;
  }

  /** The share group of a role's worker pool, e.g. {@code agentline-worker-code-edit}. */
  public static String shareGroup(Role role) {
    return "agentline-worker-" + slug(role);
  }

  public static String allSlugs() {
    StringBuilder names = new StringBuilder();
    for (Role role : Role.values()) {
      if (!names.isEmpty()) names.append(" | ");
      names.append(slug(role));
    }
    return names.toString();
  }
}
