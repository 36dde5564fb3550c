package dev.agentline.worker.models;

import dev.agentline.schemas.Role;
import java.util.EnumMap;
import java.util.Map;

/** Sends each role to its own model (a strong one for the manager, cheap ones for workers). */
public final class RoleRoutedModelClient implements ModelClient {
  private final Map<Role, ModelClient> byRole;

  public RoleRoutedModelClient(Map<Role, ModelClient> byRole) {
    for (Role role : Role.values()) {
      if (!byRole.containsKey(role)) throw new IllegalArgumentException("no model client for role " + role);
    }
    this.byRole = new EnumMap<>(byRole);
  }

  public ModelClient forRole(Role role) {
    return byRole.get(role);
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    return byRole.get(request.role()).call(request);
  }
}
