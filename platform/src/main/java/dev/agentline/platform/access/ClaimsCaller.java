package dev.agentline.platform.access;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link Caller} a verified JWT's claims describe ({@code agentline.security.oidc}): the name from
 * {@code name-claim} (else {@code sub}), roles from {@code roles-claim} (names that are no agentline role are
 * ignored: an identity provider carries other roles too), teams from {@code teams-claim} (a leading {@code /} of a
 * group path is dropped). Claims may be a list or a space/comma separated string; a dotted claim name
 * ({@code realm_access.roles}) looks inside nested objects.
 */
public final class ClaimsCaller {
  private ClaimsCaller() {}

  public static Optional<Caller> of(Map<String, Object> claims, SecuritySettings.OidcSettings oidc) {
    String name = text(claim(claims, oidc.nameClaim())).or(() -> text(claims.get("sub"))).orElse(null);
    if (name == null || name.isBlank()) return Optional.empty();
    Set<Role> roles = new LinkedHashSet<>();
    for (String value : values(claim(claims, oidc.rolesClaim()))) Role.parse(value).ifPresent(roles::add);
    Set<String> teams = new LinkedHashSet<>();
    for (String value : values(claim(claims, oidc.teamsClaim()))) teams.add(value.startsWith("/") ? value.substring(1) : value);
    return Optional.of(new Caller(name, roles, teams));
  }

  private static Object claim(Map<String, Object> claims, String name) {
    Object value = claims.get(name);
    if (value != null || !name.contains(".")) return value;
    Object current = claims;
    for (String part : name.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) return null;
      current = map.get(part);
    }
    return current;
  }

  private static Optional<String> text(Object value) {
    return value instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
  }

  private static List<String> values(Object value) {
    if (value instanceof Collection<?> list) return list.stream().map(String::valueOf).filter(s -> !s.isBlank()).toList();
    if (value instanceof String s) return List.of(s.split("[\\s,]+")).stream().filter(v -> !v.isBlank()).toList();
    return List.of();
  }
}
